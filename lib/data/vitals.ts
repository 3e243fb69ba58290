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

/** The measurements of a vitals hash in time order. */
function measurements(hash: Record<string, string>): StoredVital[] {
  return Object.entries(hash)
    .flatMap(([field, raw]) => parse(field, raw))
    .sort((a, b) => a.at - b.at);
}

/** The session's measurements in time order. */
export async function sessionVitals(ws: string, sid: string): Promise<StoredVital[]> {
  return measurements(await (await kv()).hgetall(sessionKeys.vitals(ws, sid)));
}

/** Rounds of refreshVitalFields at most; each further round needs yet another batch landing meanwhile. */
const REFRESH_ROUNDS = 10;

/**
 * Recomputes the session's p75 and worst of each metric from its stored measurements.
 *
 * Two batches of one session can finish together: each writes its measurements, then refreshes.
 * One that read the hash before the other's measurements landed would write figures missing them,
 * and may write last. So each round writes, then reads the hash again in the same pipeline: if it
 * changed since the read the figures came from, the round is repeated from what it holds now.
 * Whichever batch writes last has then computed from the hash as it stands.
 */
export async function refreshVitalFields(ws: string, sid: string): Promise<void> {
  const store = await kv();
  const key = sessionKeys.vitals(ws, sid);
  let hash = await store.hgetall(key);
  for (let round = 0; round < REFRESH_ROUNDS; round++) {
    const { dropped, fields } = vitalFields(hash);
    const p = store.pipeline();
    if (dropped.length) p.hdel(key, dropped);
    if (Object.keys(fields).length) p.hset(sessionKeys.session(ws, sid), fields);
    p.hgetall(key);
    const now = (await p.exec()).at(-1) as Record<string, string>;
    for (const field of dropped) delete hash[field];
    if (sameHash(hash, now)) return;
    hash = now;
  }
}

/** The session hash fields for these measurements, and the fields beyond the session's cap. */
function vitalFields(hash: Record<string, string>): {
  dropped: string[];
  fields: Record<string, string | number>;
} {
  const all = measurements(hash);
  const vitals = all.slice(0, VITALS_PER_SESSION);
  const dropped = all.slice(VITALS_PER_SESSION).map((v) => `${v.view}:${v.name}`);
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
  return { dropped, fields };
}

function sameHash(a: Record<string, string>, b: Record<string, string>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => b[k] === a[k]);
}

/** The session hash field holding a metric's worst page load ("lcpMaxMs", "clsMax"). */
export const maxField = (name: VitalName) => VITAL_FIELDS[name].replace(/(Ms)?$/, "Max$1");
