import { z } from "zod";
import { kv } from "@/lib/storage/kv";
import { parseOrCorrupt, stored } from "./record";

/**
 * What the retention purge did: one record per workspace for its settings page, one for the job,
 * and the lock that keeps two runs (cron and the in-process scheduler, or two instances) apart.
 */

const purgeRecord = z.object({
  startedAt: stored.time,
  finishedAt: stored.optionalTime,
  sessions: stored.count,
  bytes: stored.count,
  /** False when the run stopped at its time budget; the next run carries on. */
  complete: stored.flag,
});
export type PurgeRecord = z.infer<typeof purgeRecord>;

const keys = {
  workspace: (ws: string) => `{w:${ws}}:ret:lastrun`,
  job: "retention:lastrun",
  lock: "retention:lock",
  period: (start: number) => `retention:period:${start}`,
};

/** The stored run, or null before the first; Corrupt when it does not fit. */
function toRecord(what: string, hash: Record<string, string>): PurgeRecord | null {
  return Object.keys(hash).length ? parseOrCorrupt(purgeRecord, what, hash) : null;
}

const fields = (r: PurgeRecord) => ({
  startedAt: r.startedAt,
  finishedAt: r.finishedAt ?? "",
  sessions: r.sessions,
  bytes: r.bytes,
  complete: r.complete ? "1" : "0",
});

export async function lastPurge(ws: string): Promise<PurgeRecord | null> {
  return toRecord(`retention run of ${ws}`, await (await kv()).hgetall(keys.workspace(ws)));
}

export async function lastJobRun(): Promise<PurgeRecord | null> {
  return toRecord("retention job run", await (await kv()).hgetall(keys.job));
}

export async function savePurge(ws: string, record: PurgeRecord): Promise<void> {
  await (await kv()).hset(keys.workspace(ws), fields(record));
}

export async function saveJobRun(record: PurgeRecord): Promise<void> {
  await (await kv()).hset(keys.job, fields(record));
}

/** Takes the purge lock for `ms` (a crashed holder's lock simply expires); false when held. */
export async function takePurgeLock(owner: string, ms: number): Promise<boolean> {
  return (await kv()).set(keys.lock, owner, { nx: true, px: ms });
}

export async function releasePurgeLock(owner: string): Promise<void> {
  const store = await kv();
  if ((await store.get(keys.lock)) === owner) await store.del(keys.lock);
}

/**
 * Claims one scheduled period for this instance: with N instances each running the hourly timer,
 * the first to claim a period runs the purge and the others skip it. The claim outlives the
 * period, so a late timer cannot claim it again.
 */
export async function claimPurgePeriod(periodStart: number, periodMs: number): Promise<boolean> {
  return (await kv()).set(keys.period(periodStart), "1", { nx: true, px: 2 * periodMs });
}
