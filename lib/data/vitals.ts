import { z } from "zod";
import type { PageVital } from "@/lib/ingest/page-signals";
import { kv } from "@/lib/storage/kv";
import type { KvBatch } from "@/lib/storage/kv/client";
import { p75, VITAL_FIELDS, VITAL_NAMES, type VitalName, type VitalRating } from "@/lib/vitals";
import { parseJsonRecord } from "./json-hash";
import { skipCorrupt } from "./record";
import { sessionKeys } from "./session-keys";

/**
 * A session's Web Vitals: each page load's measurements in one hash (`<view>:<metric>` → JSON),
 * and on the session hash each metric's p75 over its page loads (`lcpMs`, `inpMs`, `cls`,
 * `fcpMs`, `ttfbMs`), worst (`lcpMaxMs`…) and every LCP (`lcpLoads`), which the list, search
 * and analytics read.
 */

/** Measurements one session keeps (200 page loads); later ones are not stored. */
export const VITALS_PER_SESSION = 1000;

export function queueVitalWrites(m: KvBatch, ws: string, sid: string, vitals: PageVital[]): void {
  if (vitals.length === 0) return;
  m.hset(
    sessionKeys.vitals(ws, sid),
    // A later report of the same page load's metric (CLS grows, INP is final late) replaces it.
    Object.fromEntries(vitals.map(({ view, ...v }) => [`${view}:${v.name}`, JSON.stringify(v)])),
  );
}

/** One page load's measurement as stored (its view is in the field name, `<view>:<metric>`). */
const storedVital = z.object({
  name: z.enum(VITAL_NAMES),
  value: z.number(),
  rating: z.enum(["good", "needs-improvement", "poor"]) satisfies z.ZodType<VitalRating>,
  at: z.number(),
  url: z.string().optional(),
  target: z.string().optional(),
  interaction: z.enum(["pointer", "keyboard"]).optional(),
}) satisfies z.ZodType<Omit<PageVital, "view">>;

export type StoredVital = z.infer<typeof storedVital> & { view: string };

function parse(field: string, raw: string): StoredVital[] {
  return skipCorrupt(
    () => ({
      ...parseJsonRecord(storedVital, `Web Vital ${field}`, raw),
      view: field.slice(0, field.lastIndexOf(":")),
    }),
    "Web Vitals",
  );
}

/** The session's measurements in time order. */
export async function sessionVitals(ws: string, sid: string): Promise<StoredVital[]> {
  const hash = await (await kv()).hgetall(sessionKeys.vitals(ws, sid));
  return Object.entries(hash)
    .flatMap(([field, raw]) => parse(field, raw))
    .sort((a, b) => a.at - b.at);
}

/** Recomputes the session's p75 and worst of each metric from its stored measurements. */
export async function refreshVitalFields(ws: string, sid: string): Promise<void> {
  const store = await kv();
  let vitals = await sessionVitals(ws, sid);
  const p = store.pipeline();
  if (vitals.length > VITALS_PER_SESSION) {
    const extra = vitals.slice(VITALS_PER_SESSION);
    p.hdel(
      sessionKeys.vitals(ws, sid),
      extra.map((v) => `${v.view}:${v.name}`),
    );
    vitals = vitals.slice(0, VITALS_PER_SESSION);
  }
  const fields: Record<string, string | number> = {};
  for (const name of VITAL_NAMES) {
    const values = vitals.filter((v) => v.name === name).map((v) => v.value);
    const q = p75(values);
    if (q === null) continue;
    fields[VITAL_FIELDS[name]] = q;
    fields[maxField(name)] = Math.max(...values);
  }
  // Every page load's LCP (up to 200), for percentiles over many sessions without their hashes.
  const lcps = vitals.filter((v) => v.name === "LCP").slice(0, 200);
  if (lcps.length) fields.lcpLoads = lcps.map((v) => v.value).join(",");
  if (Object.keys(fields).length) p.hset(sessionKeys.session(ws, sid), fields);
  if (p.length) await p.exec();
}

/** The session hash field holding a metric's worst page load ("lcpMaxMs", "clsMax"). */
export const maxField = (name: VitalName) => VITAL_FIELDS[name].replace(/(Ms)?$/, "Max$1");
