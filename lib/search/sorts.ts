/** The orders of the recordings list, and their names (no store access: client components read it). */
export const SORT_OPTIONS = ["recent", "duration", "active", "pages", "errors", "signals"] as const;
export type Sort = (typeof SORT_OPTIONS)[number];

export const SORT_LABELS: Record<Sort, string> = {
  recent: "Most recent",
  duration: "Longest",
  active: "Most active",
  pages: "Most pages",
  errors: "Most errors",
  signals: "Most signals",
};
