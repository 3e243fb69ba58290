import { randomUUID } from "node:crypto";
import type { FunnelQuery, FunnelStep } from "@/lib/analytics/funnel";
import { type SeedBatch, writeEventBatches } from "@/lib/data/event-seed";
import { mergePersons } from "@/lib/data/persons";
import { applyBatch } from "@/lib/data/sessions";
import { createUser } from "@/lib/data/users";
import { createWorkspace } from "@/lib/data/workspaces";
import type { CapturedEvent } from "@/lib/ingest/summarize";
import { emptySummary } from "@/lib/ingest/summarize";
import { rng } from "@/lib/seed";

/**
 * A generated funnel corpus with its ground truth, and the brute force the engine is judged by:
 * every sequence of distinct events filling the steps in order within the window is enumerated; a
 * person reaches the longest one, and (for the replay link) the earliest such sequence event by event.
 */

export const ORIGIN = "https://shop.example";
export const PATHS = ["/", "/pricing", "/cart", "/checkout", "/checkout/payment", "/thanks"];
export const NAMES = ["checkout_started", "payment_failed", "order_completed", "coupon_applied"];
const PLANS = ["free", "growth"];
const DEVICES = [
  ["chrome", "windows", "desktop"],
  ["safari", "ios", "mobile"],
  ["firefox", "linux", "desktop"],
] as const;

export interface TruthEvent {
  id: string;
  person: string;
  sessionId: string;
  name: string;
  at: number;
  url?: string;
  props: Record<string, string>;
}

export interface Corpus {
  ws: string;
  events: TruthEvent[];
  sessions: Map<string, { person: string; startedAt: number; browser: string; device: string }>;
  from: number;
  to: number;
}

/**
 * ≥ 5k persons, 1–3 sessions each, with repeated events and steps sharing a millisecond. `bulk`
 * writes only what event readers use (lib/data/event-seed), many batches per round trip, instead
 * of each batch through ingest's applyBatch: what seeds a million events in minutes.
 */
export async function seedFunnelCorpus(
  persons: number,
  now: number,
  opts: { bulk?: boolean } = {},
): Promise<Corpus> {
  const user = await createUser({ email: `funnel-${now}-${persons}@funnel.test`, name: "" });
  const ws = (await createWorkspace(user.id, "Funnel Corpus")).id;
  const random = rng(11);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
  const span = 14 * 86_400_000;
  const from = now - span;
  const events: TruthEvent[] = [];
  const sessions: Corpus["sessions"] = new Map();
  const writes: (() => Promise<void>)[] = [];
  const bulk: SeedBatch[] = [];
  const aliases: [string, string][] = [];
  for (let p = 0; p < persons; p++) {
    const person = `p${p}@funnel.test`;
    // One in ten shoppers starts anonymous and identifies later: their first visit is aliased.
    const anonymous = random() < 0.1 ? `anon-funnel-${p}` : null;
    if (anonymous) aliases.push([anonymous, person]);
    const sessionCount = 1 + Math.floor(random() * random() * 3);
    for (let s = 0; s < sessionCount; s++) {
      const sessionId = randomUUID();
      const batchId = randomUUID();
      const [browser, os, deviceKind] = pick(DEVICES);
      let at = from - 3_600_000 + Math.floor(random() * (span + 2 * 3_600_000)); // some start outside the range
      const startedAt = at;
      const captured: CapturedEvent[] = [];
      const count = 1 + Math.floor(random() * 8);
      for (let i = 0; i < count; i++) {
        // A quarter of events share the previous one's millisecond.
        if (i > 0 && random() >= 0.25) at += Math.floor(random() * random() * 1_800_000);
        if (random() < 0.55) {
          captured.push({ name: "$pageview", at, url: `${ORIGIN}${pick(PATHS)}`, props: {} });
        } else {
          captured.push({ name: pick(NAMES), at, props: { plan: pick(PLANS) } });
        }
      }
      captured.forEach((e, i) => {
        events.push({
          id: `${batchId}.${i}`,
          person,
          sessionId,
          name: e.name,
          at: e.at,
          url: e.url,
          props: e.props as Record<string, string>,
        });
      });
      sessions.set(sessionId, { person, startedAt, browser, device: deviceKind });
      const distinctId = anonymous && s === 0 ? anonymous : person;
      const device = { browser, os, device: deviceKind };
      if (opts.bulk) {
        bulk.push({ sessionId, distinctId, batchId, startedAt, device, country: "DE", events: captured });
        continue;
      }
      writes.push(() =>
        applyBatch(
          {
            workspaceId: ws,
            sessionId,
            distinctId,
            batchId,
            device,
            country: "DE",
            retentionDays: 30,
            chunkKey: `seed/${sessionId}`,
            sizeBytes: 0,
          },
          { ...emptySummary(startedAt, at), eventCount: count, hasFullSnapshot: true, events: captured },
        ),
      );
    }
  }
  for (let i = 0; i < writes.length; i += 50) await Promise.all(writes.slice(i, i + 50).map((w) => w()));
  await writeEventBatches(ws, bulk);
  if (opts.bulk) {
    // Each anonymous id is another person's: the merges are independent.
    for (let i = 0; i < aliases.length; i += 50)
      await Promise.all(
        aliases.slice(i, i + 50).map(([anonymous, person]) => mergePersons(ws, anonymous, person)),
      );
  } else for (const [anonymous, person] of aliases) await mergePersons(ws, anonymous, person);
  return { ws, events, sessions, from, to: now };
}

function truthMatches(step: FunnelStep, e: TruthEvent): boolean {
  if (step.kind === "pageview") {
    if (e.name !== "$pageview") return false;
    const path = e.url!.slice(ORIGIN.length);
    if (step.url?.mode === "equals" && path !== step.url.value) return false;
    if (step.url?.mode === "prefix" && !path.startsWith(step.url.value)) return false;
  } else if (step.kind === "form")
    return false; // the corpus submits no forms
  else if (e.name !== step.name) return false;
  return step.where.every((c) =>
    c.op === "equals" ? e.props[c.key] === c.value : e.props[c.key] !== c.value,
  );
}

/** Every valid sequence of a person's events through the steps; the longest, earliest one. */
export function bruteForcePerson(q: FunnelQuery, events: TruthEvent[]): TruthEvent[] | null {
  const order = (a: TruthEvent, b: TruthEvent) => a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  const sorted = [...events].sort(order);
  let best: TruthEvent[] | null = null;
  const better = (a: TruthEvent[], b: TruthEvent[] | null) => {
    if (!b || a.length !== b.length) return !b || a.length > b.length;
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return order(a[i]!, b[i]!) < 0;
    return false;
  };
  const extend = (path: TruthEvent[]) => {
    if (better(path, best)) best = [...path];
    if (path.length === q.steps.length) return;
    const last = path.at(-1)!;
    for (const e of sorted) {
      if (order(e, last) <= 0 || e.at - path[0]!.at > q.windowMs) continue;
      if (truthMatches(q.steps[path.length]!, e)) extend([...path, e]);
    }
  };
  for (const e of sorted) {
    if (e.at >= q.from && e.at <= q.to && truthMatches(q.steps[0]!, e)) extend([e]);
  }
  return best;
}
