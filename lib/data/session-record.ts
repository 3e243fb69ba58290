import { z } from "zod";
import { parseOrCorrupt } from "./record";

/**
 * What one session's hash holds, as the layers above lib/data see it: counters are numbers, flags
 * booleans, every LCP a list. The hash's strings are parsed here once (docs/ARCHITECTURE.md
 * "Typed records"); the internal `carry` (ingest's hand-over between batches), `personCount` (the
 * people it was recorded under, for ingest's personsPerSession cap) and the hash's own chunk
 * counter are not part of the record.
 */

/** A counter kept with HINCRBY: absent until the first batch that adds to it. */
const counter = z.coerce.number().int().nonnegative().default(0);
/** A measured number (a Web Vital's p75 or worst): absent until a page load measured it. */
const measured = z.coerce.number().nonnegative().optional();
/** Set to "1" once true, never unset. */
const flag = z
  .literal("1")
  .optional()
  .transform((v) => v === "1");
const text = z.string().optional();
/** Device facts ingest always writes; "unknown" when the user agent or address told nothing. */
const fact = z.string().default("unknown");

/**
 * [custom event name, times sent], most sent first (the sentence's "added to cart ×2"), stored as
 * a query string (`added_to_cart=2&viewed_item=1`): any name survives it, and order is kept.
 */
const topEvents = z
  .string()
  .optional()
  .transform((v) => [...new URLSearchParams(v ?? "")].map(([name, count]) => [name, Number(count)]))
  .pipe(z.array(z.tuple([z.string(), z.number().int().positive()])));

export const SIGNAL_KINDS = ["rage", "dead", "thrash", "uturn", "errorclick"] as const;
export type SignalKind = (typeof SIGNAL_KINDS)[number];

export const sessionFieldsSchema = z.object({
  distinctId: z.string().min(1),
  browser: fact,
  os: fact,
  device: fact,
  country: fact,
  retentionDays: z.coerce.number().int().positive().optional(),
  sdkVersion: text,
  viewport: text,
  firstUrl: text,
  referrer: text,
  firstError: text,
  firstErrorPath: text,
  firstRagePath: text,
  /** The first rage-clicked element as the recording names it (never text masking hid). */
  firstRageLabel: text,
  lastPath: text,
  topEvents,
  hasFullSnapshot: flag,
  poorVitals: flag,
  eventCount: counter,
  clickCount: counter,
  keypressCount: counter,
  pageCount: counter,
  errorCount: counter,
  consoleLogCount: counter,
  consoleWarnCount: counter,
  consoleErrorCount: counter,
  failedRequestCount: counter,
  formSubmitCount: counter,
  /** Distinct form keys indexed for search (at most FORMS_INDEXED_PER_SESSION). */
  formCount: counter,
  activeMs: counter,
  sizeBytes: counter,
  pathCount: counter,
  eventNameCount: counter,
  requestCount: counter,
  rageCount: counter,
  deadCount: counter,
  thrashCount: counter,
  uturnCount: counter,
  errorclickCount: counter,
  lcpMs: measured,
  inpMs: measured,
  cls: measured,
  fcpMs: measured,
  ttfbMs: measured,
  lcpMaxMs: measured,
  inpMaxMs: measured,
  clsMax: measured,
  fcpMaxMs: measured,
  ttfbMaxMs: measured,
  /** Time to first interaction (ms): from the first full snapshot or page view to the first click, input or scroll. */
  interactionMs: measured,
  /** Every page load's LCP (ms), up to 200. */
  lcpLoads: z
    .string()
    .default("")
    .transform((v) => v.split(",").filter(Boolean).map(Number))
    .pipe(z.array(z.number().nonnegative())),
});

export type SessionFields = z.infer<typeof sessionFieldsSchema>;

/** The facts that place a session (who, when, on what), for lists of events and funnel breakdowns. */
export const PLACING_FIELDS = ["distinctId", "browser", "os", "device", "country"] as const;
const placingSchema = sessionFieldsSchema.pick({
  distinctId: true,
  browser: true,
  os: true,
  device: true,
  country: true,
});
export type SessionPlacing = z.infer<typeof placingSchema>;

/** A session's hash as its record's fields; a hash that does not fit is Corrupt, naming the field. */
export function parseSessionFields(sid: string, hash: Record<string, string>): SessionFields {
  return parseOrCorrupt(sessionFieldsSchema, `session ${sid}`, hash);
}

/** The placing facts read with HMGET (null where absent). */
export function parseSessionPlacing(sid: string, values: (string | null)[]): SessionPlacing {
  const hash = Object.fromEntries(PLACING_FIELDS.flatMap((f, i) => (values[i] ? [[f, values[i]]] : [])));
  return parseOrCorrupt(placingSchema, `session ${sid}`, hash);
}
