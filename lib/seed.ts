import { randomUUID } from "node:crypto";
import { applyBatch } from "@/lib/data/sessions";
import { bulkWriteSessions } from "@/lib/data/sessions-bulk";
import type { BatchSummary, CapturedEvent, Signal, SignalKind } from "@/lib/ingest/summarize";
import { emptySummary } from "@/lib/ingest/summarize";

/**
 * Realistic sessions written straight into the session indexes (no recorded DOM: these are for
 * the list, search and benchmarks, not for replay). Deterministic for a given seed.
 */

export interface SeededSession {
  id: string;
  distinctId: string;
  startedAt: number;
  endedAt: number;
  activeMs: number;
  pages: string[];
  events: string[];
  clicks: number;
  errors: number;
  consoleErrors: number;
  signals: SignalKind[];
  browser: string;
  os: string;
  device: "desktop" | "mobile" | "tablet";
  country: string;
  /** Properties the person was identified with (empty for anonymous visitors). */
  props: Record<string, string>;
  /** Time to first interaction (ms); absent when the visitor never clicked. */
  interactionMs?: number;
}

export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PATHS = [
  "/",
  "/pricing",
  "/features",
  "/blog",
  "/blog/launch",
  "/docs",
  "/docs/install",
  "/signup",
  "/login",
  "/checkout",
  "/checkout/payment",
  "/account",
  "/account/billing",
  "/cart",
  "/search",
];
const EVENTS = [
  "checkout_started",
  "payment_failed",
  "signup_completed",
  "search_performed",
  "plan_upgraded",
  "invite_sent",
];
const BROWSERS: [string, string, "desktop" | "mobile" | "tablet"][] = [
  ["chrome", "windows", "desktop"],
  ["chrome", "macos", "desktop"],
  ["safari", "macos", "desktop"],
  ["firefox", "linux", "desktop"],
  ["edge", "windows", "desktop"],
  ["safari", "ios", "mobile"],
  ["chrome", "android", "mobile"],
  ["safari", "ios", "tablet"],
];
const COUNTRIES = ["US", "DE", "FR", "GB", "IN", "BR", "JP", "NL", "CA", "ES"];
const SIGNAL_KINDS: SignalKind[] = ["rage", "dead", "thrash", "uturn", "errorclick"];

export function generateSessions(
  n: number,
  options: { seed?: number; now?: number; spanDays?: number; persons?: number } = {},
): SeededSession[] {
  const random = rng(options.seed ?? 42);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
  const now = options.now ?? Date.now();
  const span = (options.spanDays ?? 30) * 86_400_000;
  const persons = Array.from({ length: options.persons ?? Math.max(10, Math.floor(n / 4)) }, (_, i) =>
    random() < 0.5 ? `user${i}@example.com` : `anon-${i.toString(36)}-${Math.floor(random() * 1e6)}`,
  );
  const PLANS = ["free", "growth", "enterprise"];
  const propsOf = new Map<string, Record<string, string>>(
    persons.map((p): [string, Record<string, string>] => [
      p,
      p.startsWith("user") ? { plan: PLANS[Math.floor(random() * PLANS.length)]!, email: p } : {},
    ]),
  );
  return Array.from({ length: n }, () => {
    const startedAt = Math.floor(now - random() * span);
    const durationMs = Math.floor(random() < 0.2 ? random() * 10_000 : random() * 1_800_000);
    const pageCount = 1 + Math.floor(random() * random() * 12);
    const pages = Array.from({ length: pageCount }, () => pick(PATHS));
    const [browser, os, device] = pick(BROWSERS);
    const distinctId = pick(persons);
    const errors = random() < 0.15 ? 1 + Math.floor(random() * 4) : 0;
    return {
      id: randomUUID(),
      distinctId,
      startedAt,
      endedAt: startedAt + durationMs,
      activeMs: Math.floor(durationMs * random()),
      pages,
      events: EVENTS.filter(() => random() < 0.15),
      clicks: Math.floor(random() * 60),
      errors,
      consoleErrors: random() < 0.2 ? 1 + Math.floor(random() * 3) : 0,
      signals: SIGNAL_KINDS.filter(() => random() < 0.08),
      browser,
      os,
      device,
      country: pick(COUNTRIES),
      props: propsOf.get(distinctId) ?? {},
    };
  }).map((s) =>
    // Derived, not drawn: the random sequence (and every seeded workspace before this field) stays the same.
    s.clicks > 0
      ? { ...s, interactionMs: Math.min(s.endedAt - s.startedAt, 200 + (s.startedAt % 12_000)) }
      : s,
  );
}

/** The load time the seeded session's i-th page view reports (navigation timing), deterministic. */
export function seededLoadMs(s: SeededSession, i: number): number {
  return 150 + ((s.startedAt + i * 7919) % 2400);
}

/** The message of every seeded exception. */
export const SEEDED_ERROR = "TypeError: Cannot read properties of undefined";

/** The session's page views, custom events (in the order generated) and exceptions, spread over its length. */
function seededEvents(s: SeededSession, origin: string, step: number): CapturedEvent[] {
  const span = s.endedAt - s.startedAt;
  const at = (i: number, n: number) => s.startedAt + Math.floor((span * (i + 1)) / (n + 1));
  return [
    ...s.pages.map((p, i) => ({
      name: "$pageview",
      at: s.startedAt + Math.floor(step * i),
      url: `${origin}${p}`,
      props: { title: p, loadMs: seededLoadMs(s, i) },
    })),
    ...s.events.map((name, i) => ({ name, at: at(i, s.events.length), props: {} })),
    ...Array.from({ length: s.errors }, (_, i) => ({
      name: "$exception",
      at: at(i, s.errors),
      props: { message: SEEDED_ERROR },
    })),
  ];
}

/** The seeded clicks spread evenly over the session, counted per epoch minute (the sparkline). */
function clickMinutes(s: SeededSession): [number, number][] {
  const perMinute = new Map<number, number>();
  const step = (s.endedAt - s.startedAt) / Math.max(1, s.clicks);
  for (let i = 0; i < s.clicks; i++) {
    const minute = Math.floor((s.startedAt + step * (i + 0.5)) / 60_000);
    perMinute.set(minute, (perMinute.get(minute) ?? 0) + 1);
  }
  return [...perMinute];
}

/** A seeded session's counters, as one batch of it would report them. */
function seededCounts(s: SeededSession) {
  return {
    eventCount: 50 + s.clicks * 3,
    clickCount: s.clicks,
    keypressCount: Math.floor(s.clicks / 2),
    pageCount: s.pages.length,
    errorCount: s.errors,
    consoleErrorCount: s.consoleErrors,
    activeMs: s.activeMs,
  };
}

/** Its page views, spread evenly over its length. */
const seededPages = (s: SeededSession, origin: string, step: number) =>
  s.pages.map((p, i) => ({ url: `${origin}${p}`, at: s.startedAt + Math.floor(step * i) }));

const seededViewport = (s: SeededSession) => (s.device === "desktop" ? "1440x900" : "390x844");

/** Writes one seeded session as a single batch through the same code path ingest uses. */
export async function writeSession(
  workspaceId: string,
  s: SeededSession,
  origin = "https://shop.example",
): Promise<void> {
  const step = (s.endedAt - s.startedAt) / Math.max(1, s.pages.length);
  const signals: Signal[] = s.signals.map((kind, i) => ({
    kind,
    at: s.startedAt + Math.floor(step * (i + 0.5)),
  }));
  const summary: BatchSummary = {
    ...emptySummary(s.startedAt, s.endedAt),
    ...seededCounts(s),
    pages: seededPages(s, origin, step),
    viewport: seededViewport(s),
    hasFullSnapshot: true,
    eventNames: s.events,
    events: seededEvents(s, origin, step),
    identified: Object.keys(s.props).length ? { distinctId: s.distinctId, properties: s.props } : null,
    signals,
    activity: clickMinutes(s),
    firstViewAt: s.startedAt,
    firstInteractionAt: s.interactionMs === undefined ? null : s.startedAt + s.interactionMs,
  };
  const batchId = randomUUID();
  await applyBatch(
    {
      workspaceId,
      sessionId: s.id,
      distinctId: s.distinctId,
      batchId,
      sdk: "seed",
      device: { browser: s.browser, os: s.os, device: s.device },
      country: s.country,
      retentionDays: 30,
      chunkKey: `seed/${s.id}`,
      sizeBytes: 0,
    },
    summary,
  );
}

/**
 * Seeded sessions written in one large pipeline each call (lib/data/sessions-bulk): the records a
 * single batch through writeSession leaves, minus chunks, claims and catalogs — for benchmarks at a
 * million sessions.
 */
export async function bulkWriteSeeded(
  workspaceId: string,
  sessions: SeededSession[],
  origin = "https://shop.example",
): Promise<void> {
  await bulkWriteSessions(
    workspaceId,
    sessions.map((s) => {
      const step = (s.endedAt - s.startedAt) / Math.max(1, s.pages.length);
      return {
        id: s.id,
        distinctId: s.distinctId,
        startedAt: s.startedAt,
        endedAt: s.endedAt,
        device: { browser: s.browser, os: s.os, device: s.device },
        country: s.country,
        retentionDays: 30,
        pages: seededPages(s, origin, step),
        counters: {
          ...seededCounts(s),
          ...Object.fromEntries(
            (["rage", "dead", "thrash", "uturn", "errorclick"] as const).map((k) => [
              `${k}Count`,
              s.signals.filter((x) => x === k).length,
            ]),
          ),
        },
        events: seededEvents(s, origin, step),
        signals: s.signals,
        properties: Object.keys(s.props).length ? s.props : undefined,
        interactionMs: s.interactionMs,
        viewport: seededViewport(s),
      };
    }),
  );
}
