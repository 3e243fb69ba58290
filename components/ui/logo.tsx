/** The Rewind mark: a play button turned back on itself. */
export function Logo({ className = "" }: { className?: string }) {
  return (
    <span className={`inline-flex items-center gap-2 font-semibold tracking-tight ${className}`}>
      <svg viewBox="0 0 32 32" aria-hidden="true" className="size-7">
        <rect width="32" height="32" rx="8" className="fill-brand-500" />
        <path d="M20 9v14l-9-7z" className="fill-white" />
        <path d="M11 9v14" stroke="white" strokeWidth="2.5" strokeLinecap="round" />
      </svg>
      <span>Rewind</span>
    </span>
  );
}
