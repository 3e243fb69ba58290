import type { SessionFields } from "@/lib/data/session-record";

/** Human figures for the recordings list. */

export function formatDuration(ms: number): string {
  // Whole seconds elapsed, as the player's clock counts them (17.6 s is 17 s in both).
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(s % 60).padStart(2, "0")}s`;
  return `${Math.floor(m / 60)}h ${String(m % 60).padStart(2, "0")}m`;
}

export function formatRelative(at: number, now = Date.now()): string {
  const s = Math.round((now - at) / 1000);
  if (s < 45) return "just now";
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  if (s < 86400) return `${Math.round(s / 3600)} h ago`;
  return `${Math.round(s / 86400)} d ago`;
}

const SIGNAL_LABELS = {
  rageCount: "rage click",
  deadCount: "dead click",
  thrashCount: "thrashing",
  uturnCount: "U-turn",
  errorclickCount: "error click",
} as const satisfies Partial<Record<keyof SessionFields, string>>;

export function signalBadges(fields: SessionFields): { label: string; count: number }[] {
  return (Object.keys(SIGNAL_LABELS) as (keyof typeof SIGNAL_LABELS)[])
    .map((field) => ({ label: SIGNAL_LABELS[field], count: fields[field] }))
    .filter((b) => b.count > 0);
}

/** "6 pages · 2 errors · rage click" */
export function summaryLine(fields: SessionFields): string {
  const { pageCount, errorCount } = fields;
  const parts = [`${pageCount} ${pageCount === 1 ? "page" : "pages"}`];
  if (errorCount) parts.push(`${errorCount} ${errorCount === 1 ? "error" : "errors"}`);
  for (const b of signalBadges(fields)) parts.push(b.count > 1 ? `${b.count} ${b.label}s` : b.label);
  return parts.join(" · ");
}
