import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/**
 * A workspace holding `n` generated sessions, seeded through the ingest write path (lib/seed →
 * applyBatch) `inFlight` at a time, or — with `keep` — the one a previous run seeded in that folder
 * if the store still holds all its sessions (the corpus's `now` is remembered with it). Prints the
 * seeding progress and rate.
 */
export async function seededWorkspace(opts: {
  bench: string;
  store: string;
  n: number;
  keep?: string;
  inFlight: number;
  /** Options for generateSessions beyond the seed: the corpus's time span and persons. */
  generate?: (now: number) => { now?: number; persons?: number };
  /**
   * Write through lib/data's bulk writer (lib/seed bulkWriteSeeded: large pipelines, no chunks or
   * claims) instead of ingest's per-batch path: what makes a million sessions fit in a run.
   */
  bulk?: boolean;
}): Promise<{ ws: string; now: number; reused: boolean; seedSeconds: number }> {
  const { createUser } = await import("../lib/data/users");
  const { createWorkspace } = await import("../lib/data/workspaces");
  const { bulkWriteSeeded, generateSessions, writeSession } = await import("../lib/seed");
  const { kv } = await import("../lib/storage/kv");
  const { sessionKeys } = await import("../lib/data/session-keys");
  const { bench, store, n, keep, inFlight } = opts;

  const marker = keep ? join(keep, `bench-${bench}-${store}-${n}.ws`) : null;
  const remembered = marker && existsSync(marker) ? readFileSync(marker, "utf8").trim().split(" ") : null;
  // A remembered workspace counts only if the store still holds all its sessions.
  const reused =
    remembered && (await (await kv()).zcard(sessionKeys.started(remembered[0]!))) === n ? remembered : null;
  const now = reused?.[1] ? Number(reused[1]) : Date.now();
  if (reused) {
    console.log(`${store}: reusing ${n} sessions (workspace ${reused[0]})`);
    return { ws: reused[0]!, now, reused: true, seedSeconds: 0 };
  }
  const user = await createUser({ email: `bench-${Date.now()}@${bench}.test`, name: "" });
  const ws = (await createWorkspace(user.id, `Bench ${bench}`)).id;
  const started = Date.now();
  for (let offset = 0; offset < n; offset += 5000) {
    const part = generateSessions(Math.min(5000, n - offset), { seed: offset + 1, ...opts.generate?.(now) });
    if (opts.bulk)
      for (let i = 0; i < part.length; i += 500) await bulkWriteSeeded(ws, part.slice(i, i + 500));
    else
      for (let i = 0; i < part.length; i += inFlight)
        await Promise.all(part.slice(i, i + inFlight).map((s) => writeSession(ws, s)));
    const done = Math.min(n, offset + 5000);
    const rate = done / ((Date.now() - started) / 1000);
    process.stdout.write(`\r${store}: seeded ${done} / ${n} (${rate.toFixed(0)} sessions/s)`);
  }
  const seedSeconds = (Date.now() - started) / 1000;
  console.log(
    `\n${store}: generated ${n} sessions in ${seedSeconds.toFixed(0)} s (${opts.bulk ? "bulk writer, lib/data pipelines of 500 sessions" : "ingest write path, applyBatch"})`,
  );
  if (marker) {
    mkdirSync(keep!, { recursive: true });
    writeFileSync(marker, `${ws} ${now}`);
  }
  return { ws, now, reused: false, seedSeconds };
}
