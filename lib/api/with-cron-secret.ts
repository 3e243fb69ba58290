import { timingSafeEqual } from "node:crypto";
import { env } from "@/lib/env";
import { ApiError, handleErrors } from "./errors";

/** The scheduler's call: `Authorization: Bearer $CRON_SECRET`, compared in constant time. */
function authorize(req: Request): void {
  const secret = env().CRON_SECRET;
  if (!secret) throw new ApiError("unauthorized", "The cron route is closed: set CRON_SECRET to open it.");
  const given = Buffer.from(req.headers.get("authorization") ?? "");
  const wanted = Buffer.from(`Bearer ${secret}`);
  if (given.length !== wanted.length || !timingSafeEqual(given, wanted)) {
    throw new ApiError("unauthorized", "Send Authorization: Bearer <CRON_SECRET>.");
  }
}

/** Routes only the scheduler calls (Vercel cron or any caller holding CRON_SECRET); closed without it. */
export function withCronSecret(
  handler: (ctx: { req: Request }) => Promise<Response>,
): (req: Request) => Promise<Response> {
  return handleErrors(async (req: Request) => {
    authorize(req);
    return handler({ req });
  });
}
