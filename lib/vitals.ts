import { VITAL_NAMES, type VitalName } from "@/sdk/src/wire";

/**
 * Web Vitals' official thresholds (web.dev/articles/vitals): above the first a metric needs
 * improvement, above the second it is poor. A session's figure is the 75th percentile of its page
 * loads, as the Web Vitals report a site's; "poor vitals" means a page load had a poor metric.
 */

export { VITAL_NAMES, type VitalName };

export type VitalRating = "good" | "needs-improvement" | "poor";

export const VITAL_THRESHOLDS: Record<VitalName, readonly [number, number]> = {
  LCP: [2500, 4000],
  INP: [200, 500],
  CLS: [0.1, 0.25],
  FCP: [1800, 3000],
  TTFB: [800, 1800],
};

/** The session hash field each metric's p75 is kept in (milliseconds; CLS unitless). */
export const VITAL_FIELDS: Record<VitalName, string> = {
  LCP: "lcpMs",
  INP: "inpMs",
  CLS: "cls",
  FCP: "fcpMs",
  TTFB: "ttfbMs",
};

export function rateVital(name: VitalName, value: number): VitalRating {
  const [good, poor] = VITAL_THRESHOLDS[name];
  return value > poor ? "poor" : value > good ? "needs-improvement" : "good";
}

/** The 75th percentile, nearest-rank (a value some page load really had). */
export function p75(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.ceil(sorted.length * 0.75) - 1]!;
}

/** "3.1 s", "180 ms", "0.12": how the timeline and the session panel write a metric. */
export function vitalText(name: VitalName, value: number): string {
  if (name === "CLS") return String(Math.round(value * 1000) / 1000);
  return value >= 1000 ? `${(Math.round(value / 100) / 10).toFixed(1)} s` : `${Math.round(value)} ms`;
}

export const RATING_LABELS: Record<VitalRating, string> = {
  good: "good",
  "needs-improvement": "needs improvement",
  poor: "poor",
};
