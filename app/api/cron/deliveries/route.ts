import { withCronSecret } from "@/lib/api/with-cron-secret";
import { runDueDeliveries } from "@/lib/integrations/dispatch";

/**
 * Sends due notifications (Slack, webhooks) and their retries. Vercel's cron (vercel.json) calls it
 * with `Authorization: Bearer $CRON_SECRET`; a long-lived server also runs it in-process.
 */
export const dynamic = "force-dynamic";
export const maxDuration = 60;

const run = withCronSecret(async () =>
  Response.json({ ok: true, ...(await runDueDeliveries(Date.now(), { budgetMs: 45_000 })) }),
);

export const GET = run;
export const POST = run;
