import { randomUUID } from "node:crypto";
import { ensureRollups } from "@/lib/data/analytics-rollup";
import { purgeUnusedAssets } from "@/lib/data/assets";
import { ensureEventPathCatalog, pruneEventVersions } from "@/lib/data/events";
import {
  type PurgeRecord,
  releasePurgeLock,
  saveJobRun,
  savePurge,
  takePurgeLock,
} from "@/lib/data/retention-runs";
import {
  countStartedBefore,
  deleteSession,
  ensurePathCatalog,
  ensureRetentionIndex,
  retentionClassesOf,
  sessionsStartedBefore,
  storedBytesOf,
} from "@/lib/data/sessions";
import { allWorkspaceIds, getWorkspace, type Workspace } from "@/lib/data/workspaces";

/**
 * The retention purge: deletes every session older than the retention it was recorded under
 * (or the workspace's cap), with its blobs, index entries, events and comments. The work left is
 * read from the retention index each time, so a run killed half way is finished by the next one,
 * and running twice deletes nothing twice.
 */

export const DAY_MS = 24 * 3600_000;

export interface PurgeOptions {
  now?: number;
  /** Sessions read and deleted per step. */
  batchSize?: number;
  /** Stop starting new batches after this long; the next run carries on. */
  budgetMs?: number;
  log?: (line: string) => void;
  /** Only these workspaces (a store shared with other work, as tests on one Redis are); default all. */
  workspaceIds?: string[];
  /** Called after each deleted session (tests use it to stop a run half way). */
  afterDelete?: (workspaceId: string, sessionId: string) => void;
}

export interface PurgeResult {
  /** False when another run held the lock. */
  ran: boolean;
  complete: boolean;
  sessions: number;
  bytes: number;
  workspaces: number;
}

/** Where each retention class of a workspace is cut: sessions started before it are expired. */
export function retentionCutoffs(
  workspace: Pick<Workspace, "retentionCapDays">,
  classes: number[],
  now: number,
): { days: number; cutoff: number }[] {
  return classes.map((days) => ({
    days,
    cutoff: now - Math.min(days, workspace.retentionCapDays ?? days) * DAY_MS,
  }));
}

/** How many recordings a purge at `now` would delete under these settings. */
export async function expiredCount(
  workspace: Workspace,
  now = Date.now(),
  settings: Pick<Workspace, "retentionCapDays"> = workspace,
): Promise<number> {
  await ensureRetentionIndex(workspace.id, workspace.retentionDays);
  const classes = await retentionClassesOf(workspace.id);
  const counts = await countStartedBefore(workspace.id, retentionCutoffs(settings, classes, now));
  return counts.reduce((a, b) => a + b, 0);
}

export async function purgeExpired(options: PurgeOptions = {}): Promise<PurgeResult> {
  const now = options.now ?? Date.now();
  const batchSize = options.batchSize ?? 200;
  const budgetMs = options.budgetMs ?? 50_000;
  const log = options.log ?? ((line: string) => console.info(line));
  const owner = randomUUID();
  const result: PurgeResult = { ran: false, complete: true, sessions: 0, bytes: 0, workspaces: 0 };
  if (!(await takePurgeLock(owner, budgetMs + 120_000))) {
    log("[retention] another purge is running; skipped");
    return result;
  }
  result.ran = true;
  const started = Date.now();
  const overBudget = () => Date.now() - started > budgetMs;
  const job: PurgeRecord = { startedAt: started, finishedAt: null, sessions: 0, bytes: 0, complete: false };
  try {
    await saveJobRun(job);
    for (const wsId of options.workspaceIds ?? (await allWorkspaceIds())) {
      const workspace = await getWorkspace(wsId);
      if (!workspace) continue;
      if (overBudget()) {
        result.complete = false;
        break;
      }
      result.workspaces++;
      const record: PurgeRecord = {
        startedAt: Date.now(),
        finishedAt: null,
        sessions: 0,
        bytes: 0,
        complete: true,
      };
      await ensureRetentionIndex(wsId, workspace.retentionDays);
      // Catalogs older data lacks are built here, off the request path.
      await ensurePathCatalog(wsId);
      await ensureEventPathCatalog(wsId);
      // Bounded like the deletes: a large older workspace is rolled up over several runs.
      await ensureRollups(wsId, { until: started + budgetMs });
      const classes = await retentionClassesOf(wsId);
      for (const { days, cutoff } of retentionCutoffs(workspace, classes, now)) {
        for (;;) {
          if (overBudget()) {
            record.complete = false;
            break;
          }
          const ids = await sessionsStartedBefore(wsId, days, cutoff, batchSize);
          if (ids.length === 0) break;
          const sizes = await storedBytesOf(wsId, ids);
          for (const [i, sid] of ids.entries()) {
            await deleteSession(wsId, sid);
            record.sessions++;
            record.bytes += sizes[i] ?? 0;
            options.afterDelete?.(wsId, sid);
          }
          log(
            `[retention] workspace ${wsId}: ${days}-day class, deleted ${ids.length} sessions (${record.sessions} so far)`,
          );
          if (ids.length < batchSize) break;
        }
        if (!record.complete) break;
      }
      if (record.complete) {
        // Assets (stylesheets, fonts) no replay used for as long as the longest retention.
        const cutoff = Math.min(
          ...retentionCutoffs(workspace, [...classes, workspace.retentionDays], now).map((c) => c.cutoff),
        );
        const assets = await purgeUnusedAssets(wsId, cutoff);
        await pruneEventVersions(wsId);
        if (assets.entries || assets.blobs)
          log(
            `[retention] workspace ${wsId}: dropped ${assets.entries} unused asset entries, ${assets.blobs} files`,
          );
      }
      record.finishedAt = Date.now();
      await savePurge(wsId, record);
      result.sessions += record.sessions;
      result.bytes += record.bytes;
      if (!record.complete) {
        result.complete = false;
        break;
      }
    }
    Object.assign(job, {
      finishedAt: Date.now(),
      sessions: result.sessions,
      bytes: result.bytes,
      complete: result.complete,
    });
    await saveJobRun(job);
    log(
      `[retention] ${result.complete ? "done" : "stopped at its time budget"}: ${result.sessions} sessions, ${result.bytes} bytes from ${result.workspaces} workspaces`,
    );
    return result;
  } finally {
    await releasePurgeLock(owner);
  }
}
