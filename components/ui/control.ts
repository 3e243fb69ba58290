/**
 * The one look of a text input, select or textarea. `md` is a form's field; `sm` sits inside a
 * row or a toolbar. Width and font (mono) are the caller's.
 */
const base =
  "rounded-lg border border-zinc-300 bg-white shadow-sm placeholder:text-zinc-400 focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-500/30 disabled:opacity-60 aria-[invalid=true]:border-red-500 dark:border-zinc-700 dark:bg-zinc-900";

const sizes = { md: "px-3 py-2 text-sm", sm: "px-2 py-1 text-sm" } as const;

export function controlClass(size: keyof typeof sizes = "md", extra = ""): string {
  return `${base} ${sizes[size]} ${extra}`.trim();
}
