/** Desktop, tablet or phone outline, named for screen readers. */
export function DeviceIcon({ device }: { device?: string }) {
  const kind =
    device === "mobile" || device === "tablet" ? device : device === "desktop" ? "desktop" : "other";
  return (
    <svg
      viewBox="0 0 16 16"
      className="mr-1 inline-block size-4 align-[-3px]"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.3"
      role="img"
      aria-label={kind}
      data-device={kind}
    >
      <title>{kind}</title>
      {kind === "mobile" && <rect x="4.5" y="1.5" width="7" height="13" rx="1.5" />}
      {kind === "tablet" && <rect x="2.5" y="1.5" width="11" height="13" rx="1.5" />}
      {kind === "desktop" && (
        <>
          <rect x="1.5" y="2.5" width="13" height="9" rx="1" />
          <path d="M5.5 14.5h5M8 11.5v3" />
        </>
      )}
      {kind === "other" && <circle cx="8" cy="8" r="5.5" />}
    </svg>
  );
}
