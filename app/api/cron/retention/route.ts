import { withCronSecret } from "@/lib/api/with-cron-secret";
import { purgeExpired } from "@/lib/retention/purge";

/**
 * Runs the retention purge. Vercel's cron (vercel.json) calls it with GET and
 * `Authorization: Bearer $CRON_SECRET`; anything else may POST the same. Without CRON_SECRET set
 * the route is closed.
 */
export const dynamic = "force-dynamic";
export const maxDuration = 60;

const run = withCronSecret(async () => {
  const result = await purgeExpired({ budgetMs: 45_000 });
  if (!result.ran) {
    return Response.json({ ok: true, skipped: "another purge is running" }, { status: 202 });
  }
  return Response.json({ ok: true, ...result });
});

export const GET = run;
export const POST = run;
