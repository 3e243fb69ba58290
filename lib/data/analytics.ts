import type { z } from "zod";
import { kv } from "@/lib/storage/kv";
import { parseOrCorrupt, skipCorrupt } from "./record";
import { type SessionIndex, sessionIndexKey, sessionKeys } from "./session-keys";
import { sessionFieldsSchema } from "./session-record";

/**
 * The few session fields the Analytics page reads, for many sessions at once. Session hashes
 * carry much more (ingest's carry, sentence facts, counters); reading only these is about half
 * the cost of loading whole records, and the page reads up to tens of thousands of them.
 */
export const ANALYTICS_FIELDS = [
  "distinctId",
  "pageCount",
  "errorCount",
  "lcpLoads",
  "device",
  "browser",
  "os",
  "country",
  "requestCount",
  "interactionMs",
] as const;

const analyticsFieldsSchema = sessionFieldsSchema.pick(
  Object.fromEntries(ANALYTICS_FIELDS.map((f) => [f, true])) as {
    [F in (typeof ANALYTICS_FIELDS)[number]]: true;
  },
);

export interface AnalyticsSession {
  id: string;
  startedAt: number;
  endedAt: number;
  durationMs: number;
  fields: z.infer<typeof analyticsFieldsSchema>;
}

/** A session and its start time (the score of every session index). */
export interface Started {
  id: string;
  startedAt: number;
}

/**
 * The newest sessions of a session index (every index is scored by start time) that started in
 * [after, before), about `cap`, newest first; `capped` when more started in the range. A capped
 * read ends on a whole millisecond: every session that started in the same one as the oldest kept
 * is kept too (a few over the cap), so the sessions read are exactly those started since it — what
 * a search `after:` that instant finds — and not some of a tie chosen by id order.
 */
export async function newestInIndex(
  ws: string,
  index: SessionIndex,
  after: number,
  before: number,
  cap: number,
): Promise<{ started: Started[]; capped: boolean }> {
  const store = await kv();
  const key = sessionIndexKey(ws, index);
  const rows = await store.zrangeWithScores(key, {
    by: "score",
    min: after,
    max: { exclusive: before },
    rev: true,
    offset: 0,
    count: cap + 1,
  });
  const started = rows.slice(0, cap).map((r) => ({ id: r.member, startedAt: r.score }));
  const oldest = started.at(-1)?.startedAt;
  if (rows.length > cap && oldest !== undefined && rows[cap]!.score === oldest) {
    const kept = new Set(started.map((s) => s.id));
    const tied = await store.zrangeWithScores(key, { by: "score", min: oldest, max: oldest, rev: true });
    for (const r of tied) if (!kept.has(r.member)) started.push({ id: r.member, startedAt: r.score });
  }
  return { started, capped: rows.length > cap };
}

/**
 * The analytics fields of many sessions whose start times are known, in the order given; sessions
 * gone meanwhile are left out. Two reads a session: the fields and the end time.
 */
export async function analyticsSessions(ws: string, sessions: Started[]): Promise<AnalyticsSession[]> {
  const store = await kv();
  const out: AnalyticsSession[] = [];
  for (let i = 0; i < sessions.length; i += 2000) {
    const part = sessions.slice(i, i + 2000);
    const p = store.pipeline();
    for (const { id } of part)
      p.hmget(sessionKeys.session(ws, id), [...ANALYTICS_FIELDS]).zscore(sessionKeys.ended(ws), id);
    const replies = await p.exec<unknown[]>();
    part.forEach(({ id, startedAt }, j) => {
      const values = replies[j * 2] as (string | null)[];
      const ended = replies[j * 2 + 1] as number | null;
      if (!values[0]) return;
      const hash = Object.fromEntries(
        ANALYTICS_FIELDS.flatMap((f, k) => (values[k] ? [[f, values[k]]] : [])),
      );
      const [fields] = skipCorrupt(
        () => parseOrCorrupt(analyticsFieldsSchema, `session ${id}`, hash),
        "analytics sessions",
      );
      if (!fields) return;
      const endedAt = ended ?? startedAt;
      out.push({ id, startedAt, endedAt, durationMs: endedAt - startedAt, fields });
    });
  }
  return out;
}
