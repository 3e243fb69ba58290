import { kv } from "@/lib/storage/kv";

/**
 * What the retention purge did: one record per workspace for its settings page, one for the job,
 * and the lock that keeps two runs (cron and the in-process scheduler, or two instances) apart.
 */

export interface PurgeRecord {
  startedAt: number;
  finishedAt: number | null;
  sessions: number;
  bytes: number;
  /** False when the run stopped at its time budget; the next run carries on. */
  complete: boolean;
}

const keys = {
  workspace: (ws: string) => `{w:${ws}}:ret:lastrun`,
  job: "retention:lastrun",
  lock: "retention:lock",
  period: (start: number) => `retention:period:${start}`,
};

function toRecord(h: Record<string, string>): PurgeRecord | null {
  if (!h.startedAt) return null;
  return {
    startedAt: Number(h.startedAt),
    finishedAt: h.finishedAt ? Number(h.finishedAt) : null,
    sessions: Number(h.sessions ?? 0),
    bytes: Number(h.bytes ?? 0),
    complete: h.complete === "1",
  };
}

const fields = (r: PurgeRecord) => ({
  startedAt: r.startedAt,
  finishedAt: r.finishedAt ?? "",
  sessions: r.sessions,
  bytes: r.bytes,
  complete: r.complete ? "1" : "0",
});

export async function lastPurge(ws: string): Promise<PurgeRecord | null> {
  return toRecord(await (await kv()).hgetall(keys.workspace(ws)));
}

export async function lastJobRun(): Promise<PurgeRecord | null> {
  return toRecord(await (await kv()).hgetall(keys.job));
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
