import { claimPurgePeriod } from "@/lib/data/retention-runs";
import { env } from "@/lib/env";
import { type PurgeOptions, type PurgeResult, purgeExpired } from "./purge";

/**
 * When the purge runs. On Vercel, vercel.json's cron calls POST-or-GET /api/cron/retention daily
 * at 03:00 UTC; on one box an in-process timer runs it every hour (cheap when nothing expired).
 */

export const CRON_HOUR_UTC = 3;
export const SCHEDULER_INTERVAL_MS = 3600_000;
/** How long after start the in-process scheduler first runs, so start-up is not slowed. */
const FIRST_RUN_DELAY_MS = 60_000;

export type ScheduleMode = "cron" | "in-process" | "off";

export function scheduleMode(): ScheduleMode {
  const e = env();
  if (e.VERCEL) return "cron";
  return e.RETENTION_SCHEDULER === "off" ? "off" : "in-process";
}

/** The next scheduled run after `now` (null when nothing schedules it). */
export function nextPurgeAt(mode: ScheduleMode, now: number): number | null {
  if (mode === "off") return null;
  if (mode === "in-process") return Math.floor(now / SCHEDULER_INTERVAL_MS + 1) * SCHEDULER_INTERVAL_MS;
  const d = new Date(now);
  const today = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), CRON_HOUR_UTC);
  return today > now ? today : today + 24 * 3600_000;
}

/**
 * One tick of the in-process scheduler: runs the purge unless another instance already ran it
 * in this period (null then). Many instances share one store, so the period is claimed there.
 */
export async function runScheduledPurge(
  now: number,
  options: PurgeOptions = {},
): Promise<PurgeResult | null> {
  const periodStart = Math.floor(now / SCHEDULER_INTERVAL_MS) * SCHEDULER_INTERVAL_MS;
  if (!(await claimPurgePeriod(periodStart, SCHEDULER_INTERVAL_MS))) return null;
  return purgeExpired(options);
}

let timer: ReturnType<typeof setTimeout> | null = null;

/** Starts the in-process scheduler once per process (instrumentation calls it). */
export function startRetentionScheduler(): void {
  if (timer || scheduleMode() !== "in-process") return;
  const run = async () => {
    try {
      await runScheduledPurge(Date.now(), { budgetMs: 5 * 60_000 });
    } catch (error) {
      console.error("[retention] purge failed; the next run retries", error);
    }
    const now = Date.now();
    timer = setTimeout(run, (nextPurgeAt("in-process", now) ?? now + SCHEDULER_INTERVAL_MS) - now);
    timer.unref?.();
  };
  timer = setTimeout(run, FIRST_RUN_DELAY_MS);
  timer.unref?.();
}
