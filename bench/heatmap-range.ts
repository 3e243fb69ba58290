/** What both heatmap benches seed and read: 30 days of desktop clicks on one page, up to tomorrow. */
export const DAY = 86_400_000;
export const DAYS = 30;
export const NOW = Date.now();
export const PATH = "/checkout";

export const heatmapRange = {
  path: PATH,
  from: NOW - DAYS * DAY,
  to: NOW + DAY,
  width: "desktop" as const,
  filter: null,
};
