import { lastPurge, type PurgeRecord } from "@/lib/data/retention-runs";
import { storedBytesByRetention } from "@/lib/data/sessions";
import type { Workspace } from "@/lib/data/workspaces";
import { expiredCount } from "./purge";
import { nextPurgeAt, type ScheduleMode, scheduleMode } from "./schedule";

export const RETENTION_PRESETS = [7, 30, 90, 365] as const;

export interface RetentionOverview {
  retentionDays: number;
  capDays: number | null;
  /** Stored bytes per class the workspace's sessions were recorded under. */
  classes: { retentionDays: number; bytes: number }[];
  lastPurge: PurgeRecord | null;
  nextPurgeAt: number | null;
  mode: ScheduleMode;
  /** Recordings the next purge deletes with the settings as they are. */
  expiredNow: number;
}

export async function retentionOverview(workspace: Workspace, now = Date.now()): Promise<RetentionOverview> {
  const mode = scheduleMode();
  const [classes, last, expiredNow] = await Promise.all([
    storedBytesByRetention(workspace.id),
    lastPurge(workspace.id),
    expiredCount(workspace, now),
  ]);
  return {
    retentionDays: workspace.retentionDays,
    capDays: workspace.retentionCapDays,
    classes,
    lastPurge: last,
    nextPurgeAt: nextPurgeAt(mode, now),
    mode,
    expiredNow,
  };
}

/** Recordings the next purge would delete if retention became `days` (cutting existing ones or not). */
export async function deletionsIf(
  workspace: Workspace,
  days: number,
  shortenExisting: boolean,
  now = Date.now(),
): Promise<number> {
  return expiredCount(workspace, now, { retentionCapDays: shortenExisting ? days : null });
}
