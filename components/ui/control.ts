/**
 * The one look of a text input, select or textarea. `md` is a form's field; `sm` sits inside a
 * row or a toolbar. Width and font (mono) are the caller's. `active` marks a filter that is set.
 */
const shape =
  "rounded-lg border shadow-sm placeholder:text-zinc-400 focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-500/30 disabled:opacity-60 aria-[invalid=true]:border-red-500";
const idle = "border-zinc-300 bg-white dark:border-zinc-700 dark:bg-zinc-900";
const set = "border-brand-500 bg-brand-50 dark:bg-brand-500/10";

const sizes = { md: "px-3 py-2", sm: "px-2 py-1" } as const;

/** `extra` may set its own text size (a mono key in text-xs); otherwise controls read at text-sm. */
export function controlClass(size: keyof typeof sizes = "md", extra = "", active = false): string {
  const text = /(^|\s)text-(xs|sm|base|lg)(\s|$)/.test(extra) ? "" : " text-sm";
  return `${shape} ${active ? set : idle} ${sizes[size]}${text} ${extra}`.trim();
}
