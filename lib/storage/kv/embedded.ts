import { existsSync } from "node:fs";
import { join } from "node:path";
import { prepareFile } from "./embedded-engine";
import { ThreadKv } from "./thread-client";
import type { KvDriver } from "./types";

/** Where `npm run build` (scripts/build-worker.mjs) puts the KV thread; the app runs from the project root. */
export const KV_WORKER_FILE = join(process.cwd(), "dist", "kv-worker.mjs");

/**
 * The default KV: Redis semantics over one SQLite file (./embedded-engine.ts), run on a thread of
 * its own that owns the connection (./embedded-thread.ts, reached through ./thread-client.ts), so
 * SQLite's statements, commits and checkpoints never hold up the server's event loop. Batches sent
 * in the same turn of the event loop (concurrent requests) travel in one message and are
 * group-committed: one IMMEDIATE transaction, each batch in its own savepoint, each answered only
 * after the commit. Requests reach the thread in the order they were sent and it runs them in
 * that order, so a read sees every write sent before it (read-your-writes), as when the
 * connection lived on this thread.
 */
export class EmbeddedKv extends ThreadKv implements KvDriver {
  readonly name = "embedded" as const;
  readonly location: string;
  /** Batches run in group commits, and the commits (as of the last answer): for tests and the bench. */
  readonly stats = { batches: 0, commits: 0 };

  constructor(readonly file: string) {
    if (!existsSync(KV_WORKER_FILE)) {
      throw new Error(
        `embedded KV thread missing at ${KV_WORKER_FILE}: run \`npm run build\` (or node scripts/build-worker.mjs)`,
      );
    }
    super(KV_WORKER_FILE, { file });
    prepareFile(file);
    this.location = file;
    this.start();
  }

  protected override onStats(stats: Record<string, number>): void {
    Object.assign(this.stats, stats);
  }

  /** Removes expired keys (the thread also does so every minute); how many it removed. */
  sweepExpired(): Promise<number> {
    return this.request((id) => ({ type: "sweep", id }));
  }
}
