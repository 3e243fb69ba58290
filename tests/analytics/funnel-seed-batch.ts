import { randomUUID } from "node:crypto";
import type { SeedBatch } from "@/lib/data/event-seed";
import type { CapturedEvent } from "@/lib/ingest/summarize";

export const ORIGIN = "https://shop.example";

/**
 * One seeded batch of a desktop visitor: each `[name, offset]` is a page view when the name is a
 * path ("/cart"), else a custom event, `offset` ms after `at`.
 */
export function seedBatch(
  distinctId: string,
  at: number,
  events: [string, number][],
  sessionId: string = randomUUID(),
): SeedBatch {
  const captured: CapturedEvent[] = events.map(([name, offset]) =>
    name.startsWith("/")
      ? { name: "$pageview", at: at + offset, url: `${ORIGIN}${name}`, props: {} }
      : { name, at: at + offset, props: {} },
  );
  return {
    sessionId,
    distinctId,
    batchId: randomUUID(),
    startedAt: at,
    device: { browser: "chrome", os: "windows", device: "desktop" },
    country: "DE",
    events: captured,
  };
}
