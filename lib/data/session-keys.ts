/**
 * Sessions: one hash of aggregates per session, the chunk list, signal markers, and the index
 * sorted sets the list and search read (docs/ARCHITECTURE.md §3). Every key carries the workspace
 * hash tag, so one batch's writes are a single MULTI on one slot.
 */

export const FACETS = [
  "person",
  "url",
  "event",
  "browser",
  "os",
  "device",
  "country",
  "signal",
  "has",
  "tag",
  /** Captured requests: "post /api/cart", "/api/cart", each with " 5xx" …, and "5xx" alone. */
  "request",
  /** Sessions whose slowest captured request took at least this many ms (lib/captured-requests). */
  "slow",
  "form",
] as const;
export type Facet = (typeof FACETS)[number];
export const SORTS = ["duration", "active", "pages", "errors", "signals"] as const;
export type SortDimension = (typeof SORTS)[number];

export const sessionKeys = {
  session: (ws: string, sid: string) => `{w:${ws}}:s:${sid}`,
  chunks: (ws: string, sid: string) => `{w:${ws}}:s:${sid}:chunks`,
  signals: (ws: string, sid: string) => `{w:${ws}}:s:${sid}:signals`,
  urls: (ws: string, sid: string) => `{w:${ws}}:s:${sid}:urls`,
  /** "POST /api/cart 5xx" → the longest such a request took (ms): what `request:` is checked on. */
  requests: (ws: string, sid: string) => `{w:${ws}}:s:${sid}:requests`,
  /** chunk id → what the player needs to plan loading: last timestamp, snapshot, seq, window. */
  chunkMeta: (ws: string, sid: string) => `{w:${ws}}:s:${sid}:chunkmeta`,
  /** Checkpoints: when a chunk's first full snapshot was taken → chunk id (the player starts there). */
  checkpoints: (ws: string, sid: string) => `{w:${ws}}:s:${sid}:ckpt`,
  /** `<window>:<seq>` → a batch ingest refused, as JSON (lib/data/refused-batches.ts). */
  refused: (ws: string, sid: string) => `{w:${ws}}:s:${sid}:refused`,
  /** Every index key the session was added to, so deleting it touches only those. */
  indexed: (ws: string, sid: string) => `{w:${ws}}:s:${sid}:ix`,
  comments: (ws: string, sid: string) => `{w:${ws}}:s:${sid}:comments`,
  tags: (ws: string, sid: string) => `{w:${ws}}:s:${sid}:tags`,
  /** Issues created from the recording in GitHub, Linear or Jira (lib/data/linked-issues.ts). */
  issues: (ws: string, sid: string) => `{w:${ws}}:s:${sid}:issues`,
  watched: (ws: string, sid: string) => `{w:${ws}}:s:${sid}:watched`,
  /** epoch minute → input and pointer events in it: the list's activity sparkline. */
  activity: (ws: string, sid: string) => `{w:${ws}}:s:${sid}:activity`,
  /** `<page view>:<metric>` → one page load's Web Vital as JSON (lib/data/vitals.ts). */
  vitals: (ws: string, sid: string) => `{w:${ws}}:s:${sid}:vitals`,
  /** "view" / "interaction" → the earliest seen (ZADD LT): the session's time to first interaction. */
  marks: (ws: string, sid: string) => `{w:${ws}}:s:${sid}:marks`,
  /** `bytes:<retention days>` → stored chunk bytes in that retention class, for the usage page. */
  usage: (ws: string) => `{w:${ws}}:usage`,
  /** tag → how many sessions carry it, for suggestions. */
  tagCounts: (ws: string) => `{w:${ws}}:tags`,
  started: (ws: string) => `{w:${ws}}:sess`,
  ended: (ws: string) => `{w:${ws}}:sess:end`,
  by: (ws: string, dim: SortDimension) => `{w:${ws}}:sess:by:${dim}`,
  /** startedAt → sid of the sessions recorded under one retention class (the purge reads it). */
  retention: (ws: string, days: number) => `{w:${ws}}:ret:${days}`,
  /** The retention classes (days) the workspace has sessions in. */
  retentionClasses: (ws: string) => `{w:${ws}}:ret:classes`,
  /** Set once every session stored before the retention index existed has been added to it. */
  retentionIndexed: (ws: string) => `{w:${ws}}:ret:indexed`,
  /** A search's intersection scored by its sort, kept briefly for its next pages (lib/search). */
  searchPlan: (ws: string, digest: string) => `{w:${ws}}:tmp:plan:${digest}`,
  /** The search plans alive now, so deleting a session takes it out of them too. */
  searchPlans: (ws: string) => `{w:${ws}}:tmp:plans`,
  index: (ws: string, facet: Facet, value: string) => `{w:${ws}}:ix:${facet}:${indexValue(value)}`,
  /** Every page path the url index has a key for (as in that key), all scored 0: read by prefix (BYLEX). */
  paths: (ws: string) => `{w:${ws}}:ix-paths`,
  /** Set once every url index key stored before the path catalog existed has been added to it. */
  pathsCatalogued: (ws: string) => `{w:${ws}}:ix-paths:complete`,
  /** The values a picked facet has an index key for (as in that key), all scored 0: the pickers' options. */
  facetValues: (ws: string, facet: PickedFacet) => `{w:${ws}}:ix-values:${facet}`,
  facetValuesCatalogued: (ws: string, facet: PickedFacet) => `{w:${ws}}:ix-values:${facet}:complete`,
  /** The "method path" request values with an index key ("post /api/cart"), all scored 0: the request picker's options. */
  requestValues: (ws: string) => `{w:${ws}}:ix-values:request`,
  requestValuesCatalogued: (ws: string) => `{w:${ws}}:ix-values:request:complete`,
  /** The form keys with an index key ("checkout", "/pay"), all scored 0: the Forms menu's options. */
  formValues: (ws: string) => `{w:${ws}}:ix-values:form`,
  formValuesCatalogued: (ws: string) => `{w:${ws}}:ix-values:form:complete`,
};

/**
 * A session index named by what it holds, for search and analytics (lib/data/session-index.ts):
 * every one is a sorted set of session ids scored by the session's start time, except `sorted`
 * (scored by that dimension) and `plan` (a search's intersection, scored by its sort).
 */
export type SessionIndex =
  /** Every session (the "recent" order). */
  | { kind: "all" }
  /** The sessions with a value of the dimension, scored by it. */
  | { kind: "sorted"; by: SortDimension }
  /** The sessions of a person, with an event, a signal, a `has:` trait, a tag, a submitted form (its key), a captured request value, or a picked facet's value. */
  | { kind: "person" | "event" | "signal" | "has" | "tag" | "form" | "request" | PickedFacet; value: string }
  /** The sessions that saw the page (its typed path). */
  | { kind: "page"; path: string }
  /** The sessions whose slowest captured request took at least this duration bucket (lib/captured-requests). */
  | { kind: "slow"; atLeastMs: number }
  /** A search's intersection kept briefly for its next pages, by its digest. */
  | { kind: "plan"; digest: string };

/** The sorted set holding the index. */
export function sessionIndexKey(ws: string, ix: SessionIndex): string {
  switch (ix.kind) {
    case "all":
      return sessionKeys.started(ws);
    case "sorted":
      return sessionKeys.by(ws, ix.by);
    case "page":
      return sessionKeys.index(ws, "url", ix.path);
    case "slow":
      return sessionKeys.index(ws, "slow", String(ix.atLeastMs));
    case "plan":
      return sessionKeys.searchPlan(ws, ix.digest);
    default:
      return sessionKeys.index(ws, ix.kind, ix.value);
  }
}

/** Facets whose values are few enough to offer in a picker, with the sessions each holds. */
export const PICKED_FACETS = ["browser", "os", "device", "country"] as const;
export type PickedFacet = (typeof PICKED_FACETS)[number];

/** How a facet value appears in its index key: case folded, bounded. */
export function indexValue(value: string): string {
  return value.toLowerCase().slice(0, 300);
}
