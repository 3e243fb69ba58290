/**
 * The one place dates and numbers become text in the UI. The locale is explicit so the server's
 * render and the browser's hydration agree whatever either machine is set to (a bare
 * `toLocaleString()` follows the runtime's default locale and can differ between the two).
 * tests/format.test.ts fails when a component formats without it.
 */
export const LOCALE = "en-US";

const numbers = new Intl.NumberFormat(LOCALE);
const dates = new Intl.DateTimeFormat(LOCALE);
const dateTimes = new Intl.DateTimeFormat(LOCALE, {
  year: "numeric",
  month: "numeric",
  day: "numeric",
  hour: "numeric",
  minute: "2-digit",
  second: "2-digit",
});

type Instant = number | string | Date;

/** 1,234,567 */
export function formatNumber(n: number): string {
  return numbers.format(n);
}

/** A short span: "850 ms", "3.4 s", "2 min 5 s" (time to first interaction, where tenths matter). */
export function formatSpan(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(Math.round(ms / 100) / 10).toFixed(1)} s`;
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)} min${s % 60 ? ` ${s % 60} s` : ""}`;
}

/** 12/3/2026 */
export function formatDate(at: Instant): string {
  return dates.format(new Date(at));
}

/** 12/3/2026, 1:56:22 AM */
export function formatDateTime(at: Instant): string {
  return dateTimes.format(new Date(at));
}

/** "2026-12-03 10:11 UTC": an instant to the minute, in UTC (when a sample begins, a purge runs) */
export function formatUtcMinute(at: Instant): string {
  return `${new Date(at).toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

const dayMonthUtc = new Intl.DateTimeFormat(LOCALE, { month: "short", day: "numeric", timeZone: "UTC" });
const regions = new Intl.DisplayNames(LOCALE, { type: "region" });

/** "Dec 3", the UTC day (for per-day charts whose days are UTC) */
export function formatUtcDay(at: Instant): string {
  return dayMonthUtc.format(new Date(at));
}

/** "GB" → "United Kingdom"; an unknown code as it is. */
export function formatCountry(code: string): string {
  try {
    return regions.of(code.toUpperCase()) ?? code.toUpperCase();
  } catch {
    return code.toUpperCase();
  }
}
