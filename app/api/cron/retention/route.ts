import { timingSafeEqual } from "node:crypto";
import { ApiError, toErrorResponse } from "@/lib/api/errors";
import { env } from "@/lib/env";
import { purgeExpired } from "@/lib/retention/purge";

/**
 * Runs the retention purge. Vercel's cron (vercel.json) calls it with GET and
 * `Authorization: Bearer $CRON_SECRET`; anything else may POST the same. Without CRON_SECRET set
 * the route is closed.
 */
export const dynamic = "force-dynamic";
export const maxDuration = 60;

function authorize(request: Request): void {
  const secret = env().CRON_SECRET;
  if (!secret) throw new ApiError("unauthorized", "The cron route is closed: set CRON_SECRET to open it.");
  const given = Buffer.from(request.headers.get("authorization") ?? "");
  const wanted = Buffer.from(`Bearer ${secret}`);
  if (given.length !== wanted.length || !timingSafeEqual(given, wanted)) {
    throw new ApiError("unauthorized", "Send Authorization: Bearer <CRON_SECRET>.");
  }
}

async function run(request: Request): Promise<Response> {
  try {
    authorize(request);
    const result = await purgeExpired({ budgetMs: 45_000 });
    if (!result.ran) {
      return Response.json({ ok: true, skipped: "another purge is running" }, { status: 202 });
    }
    return Response.json({ ok: true, ...result });
  } catch (error) {
    return toErrorResponse(error);
  }
}

export const GET = run;
export const POST = run;
