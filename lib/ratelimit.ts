import { ApiError } from "@/lib/api/errors";
import { hit, type Limit } from "@/lib/data/rate-limits";

export { clear, type Hit, hit, type Limit, refund, retryAfter } from "@/lib/data/rate-limits";

/** Counts one hit and answers 429 with Retry-After when it went past the allowance. */
export async function enforceLimit(limit: Limit, subject: string, message: string): Promise<void> {
  const counted = await hit(limit, subject);
  if (counted.over)
    throw new ApiError("rate_limited", message, { "Retry-After": String(counted.retryAfter) });
}
