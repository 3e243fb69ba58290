import { ApiError } from "@/lib/api/errors";
import { type RequestSummary, requestSignature } from "@/lib/captured-requests";
import { pathOf } from "@/lib/url-path";
import { CLICK_PLUGIN, EventType } from "@/sdk/src/wire";
import type { BatchSummary } from "./summarize";

/**
 * What one batch may ask of the server. The project key is public, so every batch is a stranger's:
 * each cap keeps a batch's work (and what it adds to the indexes) bounded. A batch over a cap is
 * refused whole with a 413 naming the cap; the SDK reads these numbers from the remote config to
 * split before sending, and splits a refused batch in halves (docs/API.md lists them).
 */
export const INGEST_LIMITS = {
  /** rrweb events in one batch. */
  eventsPerBatch: 50_000,
  /** Page views, custom events and exceptions in one batch: each is written to four event indexes. */
  capturedEventsPerBatch: 500,
  /** Distinct custom-event names in one batch; each is an index key. */
  eventNamesPerBatch: 100,
  /** Distinct page paths in one batch; each is an index key. */
  pathsPerBatch: 100,
  /** UX signals a batch yields (rage, dead and error clicks, thrashing, u-turns): each is a stored marker. */
  signalsPerBatch: 1_000,
  /** Web Vitals measurements in one batch (five per page load): each is stored with its session. */
  vitalsPerBatch: 100,
  /** Distinct forms (names, ids and action paths) submitted in one batch; each is an index key (`form:`). */
  formsPerBatch: 20,
  /**
   * Click offsets (`rewind/click@1`) in one batch: the SDK sends at most 5 a second, so a minute's
   * buffer is 300; each is joined to its click by the heatmap aggregation.
   */
  clickOffsetsPerBatch: 600,
  /** Distinct people a batch names: the sender's distinct id and whom it identifies as. */
  personsPerBatch: 2,
  /**
   * Distinct people one session may name over all its batches: each is a person index key of the
   * session (a batch sent under a new distinct id, or an identify() to someone new, adds one).
   */
  personsPerSession: 10,
  /** Distinct custom-event names one session may carry over all its batches. */
  eventNamesPerSession: 1_000,
  /** Distinct page paths one session may carry over all its batches. */
  pathsPerSession: 1_000,
  /** Properties of one custom event or identify() call. */
  propertiesPerEvent: 50,
  /** Characters of a property's name. */
  propertyKeyChars: 100,
  /** Characters of a property's string value. */
  propertyValueChars: 500,
  /** Characters of a custom event's name (the tag of an rrweb custom event). */
  eventNameChars: 200,
  /** Characters of a page view's URL (`$pageview`'s `url`). */
  urlChars: 2_048,
  /** How deeply the batch's JSON may nest (a full snapshot nests two levels per DOM level). */
  nestingDepth: 1_200,
} as const;

export type IngestLimits = typeof INGEST_LIMITS;

const n = (v: number) => v.toLocaleString("en-US");

function refuse(cap: keyof IngestLimits, what: string): never {
  throw new ApiError(
    "payload_too_large",
    `${what}; the limit is ${n(INGEST_LIMITS[cap])} (${cap}). Send it in smaller batches.`,
  );
}

/**
 * Refuses JSON nested deeper than the cap, by one pass over the text (strings skipped), before it
 * is parsed: deep nesting costs recursion everywhere the data is walked later.
 */
export function checkNesting(text: string): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > INGEST_LIMITS.nestingDepth) {
        refuse("nestingDepth", `The batch nests deeper than ${n(INGEST_LIMITS.nestingDepth)} levels`);
      }
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
}

/** Refuses a parsed body with more events than the cap, before anything validates them one by one. */
export function checkEventCount(body: unknown): void {
  const events = (body as { events?: unknown } | null)?.events;
  if (Array.isArray(events) && events.length > INGEST_LIMITS.eventsPerBatch) {
    refuse("eventsPerBatch", `The batch has ${n(events.length)} events`);
  }
}

function checkProperties(what: string, props: unknown): void {
  if (!props || typeof props !== "object") return;
  let count = 0;
  for (const [key, value] of Object.entries(props)) {
    if (++count > INGEST_LIMITS.propertiesPerEvent) {
      refuse("propertiesPerEvent", `${what} has more than ${n(INGEST_LIMITS.propertiesPerEvent)} properties`);
    }
    if (key.length > INGEST_LIMITS.propertyKeyChars) {
      refuse("propertyKeyChars", `${what} has a property name of ${n(key.length)} characters`);
    }
    if (typeof value === "string" && value.length > INGEST_LIMITS.propertyValueChars) {
      refuse(
        "propertyValueChars",
        `${what}'s property "${key.slice(0, 40)}" is ${n(value.length)} characters`,
      );
    }
  }
}

/** What a batch adds to its session's indexes: checked against the session's caps before storing. */
export interface IndexGrowth {
  paths: string[];
  eventNames: string[];
  /** Distinct requests as signatures ("POST /api/cart 5xx"). */
  requests: string[];
  /** Distinct form keys (lib/forms.ts): names, ids and action paths of the forms submitted. */
  forms: string[];
}

/**
 * Refuses a summarized batch over a per-batch cap; on success, the distinct paths and event names
 * it adds (for the per-session caps, which need the session's stored state).
 */
export function checkBatch(
  batch: { distinctId: string; events: { type: number; data: Record<string, unknown> }[] },
  summary: BatchSummary,
): IndexGrowth {
  if (summary.events.length > INGEST_LIMITS.capturedEventsPerBatch) {
    refuse(
      "capturedEventsPerBatch",
      `The batch has ${n(summary.events.length)} page views, custom events and exceptions`,
    );
  }
  if (summary.eventNames.length > INGEST_LIMITS.eventNamesPerBatch) {
    refuse("eventNamesPerBatch", `The batch has ${n(summary.eventNames.length)} distinct event names`);
  }
  const paths = [...new Set(summary.pages.map((p) => pathOf(p.url)))];
  if (paths.length > INGEST_LIMITS.pathsPerBatch) {
    refuse("pathsPerBatch", `The batch views ${n(paths.length)} distinct page paths`);
  }
  if (summary.signals.length > INGEST_LIMITS.signalsPerBatch) {
    refuse("signalsPerBatch", `The batch yields ${n(summary.signals.length)} UX signals`);
  }
  if (summary.vitals.length > INGEST_LIMITS.vitalsPerBatch) {
    refuse("vitalsPerBatch", `The batch reports ${n(summary.vitals.length)} Web Vitals`);
  }
  if (summary.forms.length > INGEST_LIMITS.formsPerBatch) {
    refuse("formsPerBatch", `The batch submits ${n(summary.forms.length)} distinct forms`);
  }
  let clickOffsets = 0;
  for (const e of batch.events)
    if (e.type === EventType.Plugin && e.data.plugin === CLICK_PLUGIN) clickOffsets++;
  if (clickOffsets > INGEST_LIMITS.clickOffsetsPerBatch) {
    refuse("clickOffsetsPerBatch", `The batch has ${n(clickOffsets)} click offsets`);
  }
  const persons = new Set([batch.distinctId]);
  for (const e of batch.events) {
    if (e.type !== EventType.Custom) continue;
    const tag = e.data.tag;
    const payload = e.data.payload as Record<string, unknown> | undefined;
    if (typeof tag === "string" && tag.length > INGEST_LIMITS.eventNameChars) {
      refuse("eventNameChars", `The event name "${tag.slice(0, 40)}…" is ${n(tag.length)} characters`);
    }
    if (
      tag === "$pageview" &&
      typeof payload?.url === "string" &&
      payload.url.length > INGEST_LIMITS.urlChars
    ) {
      refuse("urlChars", `A page view's URL is ${n(payload.url.length)} characters`);
    }
    if (tag === "$identify") {
      if (typeof payload?.distinctId === "string") persons.add(payload.distinctId.slice(0, 200));
      checkProperties("An identify() call", payload?.properties);
    } else if (typeof tag === "string" && !tag.startsWith("$")) {
      checkProperties(`The event "${tag.slice(0, 40)}"`, payload);
    }
  }
  if (persons.size > INGEST_LIMITS.personsPerBatch) {
    refuse("personsPerBatch", `The batch names ${n(persons.size)} distinct people`);
  }
  return {
    paths,
    eventNames: summary.eventNames,
    requests: summary.requests.map(requestSignature),
    forms: summary.forms,
  };
}

/** Refuses a batch that would take its session past a per-session cap. */
export function checkSessionGrowth(
  added: { paths: number; eventNames: number; persons: number },
  had: IndexGrowthCounts,
): void {
  if (had.paths + added.paths > INGEST_LIMITS.pathsPerSession) {
    refuse(
      "pathsPerSession",
      `The session has ${n(had.paths)} distinct page paths and this batch adds ${n(added.paths)}`,
    );
  }
  if (had.eventNames + added.eventNames > INGEST_LIMITS.eventNamesPerSession) {
    refuse(
      "eventNamesPerSession",
      `The session has ${n(had.eventNames)} distinct event names and this batch adds ${n(added.eventNames)}`,
    );
  }
  if (had.persons + added.persons > INGEST_LIMITS.personsPerSession) {
    refuse(
      "personsPerSession",
      `The session has named ${n(had.persons)} distinct people and this batch adds ${n(added.persons)}`,
    );
  }
}

export interface IndexGrowthCounts {
  paths: number;
  eventNames: number;
  requests: number;
  forms: number;
  /** Distinct people the session is indexed under (`personCount`), for personsPerSession. */
  persons: number;
}

/**
 * Distinct requests one session's request index holds. Unlike the caps above this one never refuses
 * a batch: requests are a side index of what was recorded, and a busy app calling many endpoints
 * must not lose its replay. Past the cap, new requests are stored and replayed but not indexed.
 */
export const REQUESTS_INDEXED_PER_SESSION = 1_000;

/**
 * Distinct form keys (`form:` in search) one session's index holds. Like requests, never a reason
 * to refuse a batch (a long session of a form-heavy app must keep its replay): past the cap, new
 * keys are not indexed, while the submissions stay in the recording, its count and its events.
 * formsPerBatch (refusing) bounds what one batch may bring.
 */
export const FORMS_INDEXED_PER_SESSION = 50;

/**
 * Of `values` (each new to the session when `isFresh` says so), the ones to index: every one the
 * session has already, and new ones while the session holds fewer than `cap`.
 */
function withinIndexCap<T>(
  values: T[],
  isFresh: (v: T) => boolean,
  had: number,
  cap: number,
): { kept: T[]; added: number } {
  let added = 0;
  const kept = values.filter((v) => {
    if (!isFresh(v)) return true;
    if (had + added >= cap) return false;
    added++;
    return true;
  });
  return { kept, added };
}

/** The batch's requests the session indexes: the ones it has already, and new ones while under the cap. */
export function requestsToIndex(
  requests: RequestSummary[],
  fresh: ReadonlySet<string>,
  had: number,
): { requests: RequestSummary[]; added: number } {
  const { kept, added } = withinIndexCap(
    requests,
    (r) => fresh.has(requestSignature(r)),
    had,
    REQUESTS_INDEXED_PER_SESSION,
  );
  return { requests: kept, added };
}

/** The batch's form keys the session indexes: the ones it has already, and new ones while under the cap. */
export function formsToIndex(
  forms: string[],
  fresh: ReadonlySet<string>,
  had: number,
): { forms: string[]; added: number } {
  const { kept, added } = withinIndexCap(forms, (f) => fresh.has(f), had, FORMS_INDEXED_PER_SESSION);
  return { forms: kept, added };
}
