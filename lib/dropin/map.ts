import { createHash } from "node:crypto";
import { z } from "zod";
import { ApiError } from "@/lib/api/errors";
import { INGEST_LIMITS } from "@/lib/ingest/limits";
import { splitEvents } from "@/lib/rrweb-file/split";
import { type Batch, EventType, type WireEvent } from "@/sdk/src/wire";
import { type InflateBudget, restoreEvent } from "./snapshot";

/**
 * posthog-js capture requests (`/e/`, `/batch/`, `/i/v0/e/`, `/s/`) mapped onto our batch envelope
 * (docs/ARCHITECTURE.md §4): each session's events become one or more of our batches, which then go
 * through our own ingest, so idempotency, caps, aggregates and signals are the same as for our SDK.
 * Pure: no store, no request.
 */

const posthogEvent = z.object({
  event: z.string().min(1, "an event needs a name").max(400),
  properties: z.record(z.string(), z.unknown()).optional(),
  timestamp: z.union([z.string().max(64), z.number()]).optional(),
  uuid: z.string().max(100).optional(),
  distinct_id: z.string().optional(),
  api_key: z.string().max(200).optional(),
});

type PosthogEvent = z.infer<typeof posthogEvent>;

const eventList = z
  .array(z.unknown())
  .max(INGEST_LIMITS.eventsPerBatch, `at most ${INGEST_LIMITS.eventsPerBatch} events per request`);

/** Whatever a body holds: a list of events, `{ batch: [...] }` (the /batch/ form), or one event. */
function eventsOf(body: unknown): { events: PosthogEvent[]; apiKey?: string } {
  if (body === null || typeof body !== "object") {
    throw new ApiError(
      "bad_request",
      "The body must be a posthog event, a list of them or { batch: [...] }.",
    );
  }
  let list: unknown[];
  let apiKey: string | undefined;
  if (Array.isArray(body)) list = body;
  else if (Array.isArray((body as { batch?: unknown }).batch)) {
    list = (body as { batch: unknown[] }).batch;
    const k = (body as { api_key?: unknown }).api_key;
    if (typeof k === "string") apiKey = k;
  } else list = [body];
  const parsed = eventList.pipe(z.array(posthogEvent)).safeParse(list);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ApiError("bad_request", `${issue.path.join(".") || "body"}: ${issue.message}`);
  }
  return { events: parsed.data, apiKey };
}

const sessionIdPattern = /^[A-Za-z0-9_-]{1,64}$/;

function str(v: unknown): string | undefined {
  return typeof v === "string" && v.length > 0 ? v : undefined;
}

function timestampOf(e: PosthogEvent, index: number): number {
  const t = e.timestamp;
  const ms = typeof t === "number" ? t : typeof t === "string" ? Date.parse(t) : Number.NaN;
  if (!Number.isFinite(ms)) {
    throw new ApiError("bad_request", `${index}.timestamp: must be an ISO date or milliseconds.`);
  }
  return Math.round(ms);
}

/**
 * posthog-js's anonymous ids are plain UUIDs; ours start with "anon-", which is what joins a
 * visitor's anonymous sessions to the person on $identify and names them in the list.
 */
function personId(distinctId: string, anonymous: boolean): string {
  return anonymous && !distinctId.startsWith("anon-") ? `anon-${distinctId}` : distinctId;
}

/** What we keep of a custom event's properties: the page's own, not posthog-js's `$…` context. */
function ownProperties(props: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(props)) {
    if (k.startsWith("$") || k === "token" || k === "distinct_id") continue;
    out[k] = v;
  }
  return out;
}

interface Frame {
  function?: unknown;
  filename?: unknown;
  abs_path?: unknown;
  lineno?: unknown;
  colno?: unknown;
}

/** posthog-js's parsed frames (outermost first, as Sentry orders them) as a Chrome-style stack. */
function stackOf(frames: unknown): string | undefined {
  if (!Array.isArray(frames)) return undefined;
  const lines = (frames as Frame[])
    .slice(-30)
    .reverse()
    .map((f) => {
      const file = str(f?.abs_path) ?? str(f?.filename) ?? "<anonymous>";
      const line = typeof f?.lineno === "number" ? `:${f.lineno}` : "";
      const col = typeof f?.colno === "number" ? `:${f.colno}` : "";
      return `    at ${str(f?.function) ?? "<anonymous>"} (${file}${line}${col})`;
    });
  return lines.length ? lines.join("\n") : undefined;
}

function exceptionPayload(props: Record<string, unknown>): Record<string, unknown> {
  const list = Array.isArray(props.$exception_list) ? props.$exception_list : [];
  const first = (list[0] ?? {}) as {
    type?: unknown;
    value?: unknown;
    stacktrace?: { frames?: unknown };
    mechanism?: { type?: unknown };
  };
  const type = str(first.type) ?? str(props.$exception_type);
  const value = str(first.value) ?? str(props.$exception_message);
  return {
    message: [type, value].filter(Boolean).join(": ") || "Unknown error",
    source: str(first.mechanism?.type) ?? "posthog-js",
    stack: stackOf(first.stacktrace?.frames),
  };
}

function custom(tag: string, timestamp: number, payload: Record<string, unknown>): WireEvent {
  return { type: EventType.Custom, timestamp, data: { tag, payload } };
}

/** Our rrweb events for one posthog event; none for posthog-js's own events we have no use for. */
function toWireEvents(
  e: PosthogEvent,
  index: number,
  props: Record<string, unknown>,
  person: string,
  budget: InflateBudget,
): WireEvent[] {
  if (e.event === "$snapshot") {
    const data = props.$snapshot_data;
    if (!Array.isArray(data)) {
      throw new ApiError(
        "bad_request",
        `${index}.properties.$snapshot_data: must be a list of rrweb events.`,
      );
    }
    return data.map((event) => restoreEvent(event, budget) as WireEvent);
  }
  const at = timestampOf(e, index);
  switch (e.event) {
    case "$pageview": {
      // Cut as our SDK cuts it: ingest refuses a page view's URL over urlChars.
      const url = str(props.$current_url)?.slice(0, INGEST_LIMITS.urlChars);
      return url ? [custom("$pageview", at, { url, title: str(props.title) })] : [];
    }
    case "$exception":
      return [custom("$exception", at, exceptionPayload(props))];
    case "$identify": {
      const anon = str(props.$anon_distinct_id);
      return [
        custom("$identify", at, {
          distinctId: person,
          anonymousId: anon && anon !== person ? personId(anon, true) : undefined,
          properties: (props.$set as Record<string, unknown> | undefined) ?? {},
        }),
      ];
    }
    case "$set":
      // Person properties of an identified person; an anonymous visitor's are not kept.
      return person.startsWith("anon-")
        ? []
        : [custom("$identify", at, { distinctId: person, properties: props.$set ?? {} })];
    default:
      return e.event.startsWith("$") || e.event.length > 200
        ? []
        : [custom(e.event, at, ownProperties(props))];
  }
}

interface Group {
  sessionId: string;
  windowId?: string;
  distinctId: string;
  sdk?: string;
  events: WireEvent[];
}

export interface MappedCapture {
  /** The posthog token: our project's public key. */
  token: string;
  batches: Batch[];
  /** posthog events with no session (recording off) or of kinds we do not keep. */
  skipped: number;
}

/**
 * Sessions one posthog-js request may carry: each becomes batches of its own, with their own
 * store round trips, so a crafted `/batch/` of many session ids would multiply one request's work.
 * posthog-js sends one tab's events, of one session (two across a session's rotation).
 */
export const DROPIN_SESSIONS_PER_REQUEST = 20;

/**
 * Our batches one posthog-js request may become, all sessions together: each is stored by a whole
 * ingest in turn, so a crafted request of 50,000 custom events (100 batches at the captured-event
 * cap) would cost one request seconds of store work. posthog-js flushes events every few seconds
 * and snapshots at about 1 MB: its requests make one batch a session.
 */
export const DROPIN_BATCHES_PER_REQUEST = 20;

/**
 * Our batches for one posthog capture body. A session's events are cut into batches of at most
 * `maxBatchBytes` of JSON (and the per-batch event and captured-event caps); each batch's id is a digest of its
 * content, so posthog-js's retry of a stored request is a duplicate, as our SDK's retries are.
 */
export function mapCapture(body: unknown, budget: InflateBudget, maxBatchBytes: number): MappedCapture {
  const { events, apiKey } = eventsOf(body);
  const groups = new Map<string, Group>();
  let token = apiKey;
  let skipped = 0;
  events.forEach((e, index) => {
    const props = e.properties ?? {};
    const t = str(props.token) ?? str(e.api_key);
    if (t && token && t !== token) {
      throw new ApiError("bad_request", "The events of one request name different project tokens.");
    }
    token ??= t;
    const sessionId = props.$session_id;
    if (sessionId === undefined) {
      skipped++;
      return;
    }
    if (typeof sessionId !== "string" || !sessionIdPattern.test(sessionId)) {
      throw new ApiError(
        "bad_request",
        `${index}.properties.$session_id: must be 1–64 letters, digits, '_' or '-'.`,
      );
    }
    const distinct = str(props.distinct_id) ?? str(e.distinct_id);
    if (!distinct || distinct.length > 200) {
      throw new ApiError("bad_request", `${index}.properties.distinct_id: must be 1–200 characters.`);
    }
    const person = personId(distinct, props.$is_identified === false);
    const mapped = toWireEvents(e, index, props, person, budget);
    if (mapped.length === 0) {
      skipped++;
      return;
    }
    let group = groups.get(sessionId);
    if (!group) {
      if (groups.size >= DROPIN_SESSIONS_PER_REQUEST) {
        throw new ApiError(
          "payload_too_large",
          `The request names more than ${DROPIN_SESSIONS_PER_REQUEST} sessions ($session_id); the limit is ${DROPIN_SESSIONS_PER_REQUEST} (dropinSessionsPerRequest). Send them in separate requests.`,
        );
      }
      const windowId = str(props.$window_id);
      const lib = str(props.$lib_version);
      group = {
        sessionId,
        windowId: windowId && sessionIdPattern.test(windowId) ? windowId : undefined,
        distinctId: person,
        sdk: lib ? `posthog-js/${lib}`.slice(0, 64) : "posthog-js",
        events: [],
      };
      groups.set(sessionId, group);
    }
    for (const m of mapped) group.events.push(m);
  });
  if (!token) {
    throw new ApiError(
      "unauthorized",
      "Missing project key: posthog.init(token, …) must be given the project's public key (pk_…).",
    );
  }
  // The snapshots' compressed parts, all inflated at once: the events hold them from here on.
  budget.settle();
  const batches: Batch[] = [];
  for (const group of groups.values()) {
    for (const events of splitEvents(group.events, maxBatchBytes)) {
      if (batches.length === DROPIN_BATCHES_PER_REQUEST) {
        throw new ApiError(
          "payload_too_large",
          `The request's events make more than ${DROPIN_BATCHES_PER_REQUEST} batches (each at most ${INGEST_LIMITS.capturedEventsPerBatch} page views, events and exceptions, and ${INGEST_LIMITS.eventsPerBatch.toLocaleString("en-US")} events); the limit is ${DROPIN_BATCHES_PER_REQUEST} (dropinBatchesPerRequest). Send fewer events per request.`,
        );
      }
      batches.push({
        v: 1,
        sdk: group.sdk,
        sessionId: group.sessionId,
        windowId: group.windowId,
        distinctId: group.distinctId,
        batchId: batchIdOf(token, group.sessionId, events),
        // posthog-js numbers nothing; a constant never reads as a missing batch (lib/replay/health.ts).
        seq: 0,
        events,
      });
    }
  }
  return { token, batches, skipped };
}

function batchIdOf(token: string, sessionId: string, events: WireEvent[]): string {
  const h = createHash("sha256").update(token).update("\0").update(sessionId).update("\0");
  h.update(JSON.stringify(events));
  return `ph-${h.digest("base64url").slice(0, 40)}`;
}
