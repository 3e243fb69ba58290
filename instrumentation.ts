/** Runs once when the server starts: fail fast on a bad environment and say where data lives. */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { stampPeerAddresses } = await import("@/lib/peer-stamp");
  stampPeerAddresses();
  const { startupReport } = await import("@/lib/startup");
  await startupReport();
  const { startRetentionScheduler } = await import("@/lib/retention/schedule");
  startRetentionScheduler();
  const { scheduleMode } = await import("@/lib/retention/schedule");
  const { startDeliveryScheduler } = await import("@/lib/integrations/dispatch");
  // Notifications go out from the same kind of timer, or from /api/cron/deliveries on Vercel.
  startDeliveryScheduler(scheduleMode() !== "cron");
  // Ingest's worker threads start (and warm up) with the server, not with its first batch.
  const { serverIngestPool } = await import("@/lib/ingest/pool");
  // The small warm-up only: the large one (a 50,000-event batch a thread, ~1 s of CPU each) made every
  // start slower, several apps starting at once on 2 cores timed out in CI (docs/ARCHITECTURE.md §4).
  serverIngestPool();
  // …and its route's code is loaded by a request to itself, not by the first client's batch.
  const { env } = await import("@/lib/env");
  const { REWIND_SERVER_URL: self, VERCEL, WEB_CONCURRENCY } = env();
  if (self && !VERCEL) {
    const { warmIngestRoute } = await import("@/lib/ingest/warm-route");
    warmIngestRoute(self, WEB_CONCURRENCY ?? 1);
  }
}
