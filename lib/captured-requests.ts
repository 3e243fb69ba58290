/**
 * The requests a page made, as network capture records them ("rewind/network@1"), reduced to what
 * the search indexes: method, a path with its ids blanked, a status class and the duration.
 * Shared by ingest (which indexes them) and search (which reads what a query names the same way).
 */

export const STATUS_CLASSES = ["1xx", "2xx", "3xx", "4xx", "5xx", "failed"] as const;
export type StatusClass = (typeof STATUS_CLASSES)[number];

/**
 * Thresholds of the duration index: a session is filed under each one its slowest request reached,
 * so `slow:>1s` is planned from the 1000 ms key (a superset) and checked exactly on each session.
 */
export const SLOW_BUCKETS_MS = [100, 300, 1000, 3000, 10_000, 30_000] as const;

/** One distinct request of a session: what it is, and the longest any of its calls took. */
export interface RequestSummary {
  method: string;
  path: string;
  status: StatusClass;
  maxMs: number;
}

/** "2xx" for 200–299 …; 0 (the request never got an answer) and anything unreadable is "failed". */
export function statusClass(status: unknown): StatusClass {
  if (typeof status !== "number" || !Number.isInteger(status) || status < 100 || status > 599)
    return "failed";
  return `${Math.floor(status / 100)}xx` as StatusClass;
}

/** An HTTP method as indexed: upper case letters only ("OTHER" for anything else). */
export function requestMethod(raw: unknown): string {
  if (raw === undefined || raw === null || raw === "") return "GET";
  const m = String(raw).toUpperCase();
  return /^[A-Z]{1,12}$/.test(m) ? m : "OTHER";
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A path segment that names one thing among many: a number, a uuid, a hash or a long token. */
function isIdSegment(segment: string): boolean {
  if (/^\d+$/.test(segment) || UUID.test(segment)) return true;
  if (/^[0-9a-f]{12,}$/i.test(segment) && /\d/.test(segment)) return true;
  // Tokens like "ord_8fK2x9QpLm3" or base64 ids: long, mixing letters and digits.
  return segment.length >= 16 && /\d/.test(segment) && /[a-z]/i.test(segment) && !/[.]/.test(segment);
}

/**
 * "/api/orders/1234/items/5c0a…" → "/api/orders/:id/items/:id": the requests of one endpoint
 * share one index key whatever ids they carried. Never the query string. Bounded to 300 characters.
 */
export function normalizeRequestPath(path: string): string {
  const segments = path.split("/").map((s) => (isIdSegment(s) ? ":id" : s.slice(0, 100)));
  return (segments.join("/") || "/").slice(0, 300);
}

/** The normalised path of a request URL, relative ones read against the page; null if it is not http(s). */
export function requestPathOf(url: unknown, page?: string): string | null {
  if (typeof url !== "string" || url.length > 4096) return null;
  try {
    const u = new URL(url, page ?? "http://page.invalid/");
    if (u.protocol !== "http:" && u.protocol !== "https:") return null;
    return normalizeRequestPath(u.pathname);
  } catch {
    return null;
  }
}

/** "POST /api/cart 5xx": one distinct request of a session, as its index keys and its list hold it. */
export function requestSignature(r: Pick<RequestSummary, "method" | "path" | "status">): string {
  return `${r.method} ${r.path} ${r.status}`;
}

export function parseSignature(raw: string): Pick<RequestSummary, "method" | "path" | "status"> | null {
  const m = /^(\S+) (\S+) (\S+)$/.exec(raw);
  if (!m || !(STATUS_CLASSES as readonly string[]).includes(m[3]!)) return null;
  return { method: m[1]!, path: m[2]!, status: m[3] as StatusClass };
}

/**
 * The request index values a distinct request is filed under: method and path, path alone, each
 * with its status class, and the class alone. Lower case, as index keys hold values.
 */
export function requestIndexValues(r: Pick<RequestSummary, "method" | "path" | "status">): string[] {
  const method = r.method.toLowerCase();
  const path = r.path.toLowerCase();
  return [`${method} ${path}`, path, `${method} ${path} ${r.status}`, `${path} ${r.status}`, r.status];
}

/** The duration buckets a request of this length reaches. */
export function slowBuckets(ms: number): number[] {
  return SLOW_BUCKETS_MS.filter((b) => ms >= b);
}
