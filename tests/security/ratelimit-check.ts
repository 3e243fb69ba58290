import { randomUUID } from "node:crypto";
import { expect } from "vitest";
import { hit, type Limit, refund, retryAfter } from "@/lib/ratelimit";
import { kv } from "@/lib/storage/kv";

/** The limiter's promises, on whichever store the environment selects. */
export async function checkRateLimits(): Promise<void> {
  const limit: Limit = { scope: `t-${randomUUID()}`, max: 20, windowMs: 60_000 };
  // 50 at once: each sees its own count, exactly max of them are within the allowance.
  const hits = await Promise.all(Array.from({ length: 50 }, () => hit(limit, "1.2.3.4")));
  expect(hits.map((h) => h.count).sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
  expect(hits.filter((h) => !h.over)).toHaveLength(limit.max);
  expect(Math.max(...hits.map((h) => h.retryAfter))).toBeLessThanOrEqual(60);
  // The counter expires with its window: created together with its expiry.
  const ttl = await (await kv()).pttl(`rl:${limit.scope}:1.2.3.4`);
  expect(ttl).toBeGreaterThan(50_000);
  expect(ttl).toBeLessThanOrEqual(60_000);
  expect(await retryAfter(limit, "1.2.3.4")).toBeGreaterThan(0);
  expect(await retryAfter(limit, "5.6.7.8")).toBeNull();

  // A counter left without expiry (written by the old two-step limiter) gets one on the next hit.
  const legacy: Limit = { scope: `t-${randomUUID()}`, max: 5, windowMs: 30_000 };
  await (await kv()).set(`rl:${legacy.scope}:x`, 3);
  expect((await hit(legacy, "x")).count).toBe(4);
  expect(await (await kv()).pttl(`rl:${legacy.scope}:x`)).toBeGreaterThan(0);

  // A refund after the window ended leaves no counter behind.
  const short: Limit = { scope: `t-${randomUUID()}`, max: 5, windowMs: 50 };
  await hit(short, "y");
  await new Promise((r) => setTimeout(r, 120));
  await refund(short, "y");
  expect(await (await kv()).get(`rl:${short.scope}:y`)).toBeNull();
}
