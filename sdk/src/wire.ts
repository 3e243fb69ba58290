/**
 * The batch format between the SDK and ingest (docs/ARCHITECTURE.md §4), written once: the SDK
 * builds it, and the server's zod schema (lib/ingest/schema.ts) is checked against it. The event
 * constants are rrweb's (@rrweb/types), restated as const enums so esbuild inlines them as
 * numbers instead of bundling rrweb's enum objects; tests/ingest/wire.test.ts holds them equal.
 */

export enum EventType {
  DomContentLoaded = 0,
  Load = 1,
  FullSnapshot = 2,
  IncrementalSnapshot = 3,
  Meta = 4,
  Custom = 5,
  Plugin = 6,
}

export enum IncrementalSource {
  Mutation = 0,
  MouseMove = 1,
  MouseInteraction = 2,
  Scroll = 3,
  ViewportResize = 4,
  Input = 5,
  TouchMove = 6,
  StyleSheetRule = 8,
  CanvasMutation = 9,
}

/** rrweb's MouseInteractions, the kinds signals and the player's :focus / :active classes read. */
export enum MouseInteractions {
  MouseUp = 0,
  MouseDown = 1,
  Click = 2,
  DblClick = 4,
  Focus = 5,
  Blur = 6,
  TouchEnd = 9,
}

/** rrweb's NodeType: the `type` of a node in a full snapshot or a mutation's adds. */
export enum NodeType {
  Document = 0,
  DocumentType = 1,
  Element = 2,
  Text = 3,
  CDATA = 4,
  Comment = 5,
}

/** One rrweb event as it travels: the server checks these three fields, and keeps the rest. */
export interface WireEvent {
  type: number;
  timestamp: number;
  data: Record<string, unknown>;
}

export interface Batch {
  v: 1;
  sdk?: string;
  sessionId: string;
  windowId?: string;
  distinctId: string;
  batchId: string;
  seq: number;
  events: WireEvent[];
}

/** The caps ingest enforces (lib/ingest/limits.ts), sent in the remote config. */
export interface WireLimits {
  eventsPerBatch: number;
  capturedEventsPerBatch: number;
  [cap: string]: number;
}

/**
 * Page signals (public/sdk/signals.js): Web Vitals and form submissions, as rrweb plugin events
 * (EventType.Plugin, data: { plugin, payload }). Selectors name an element by tag, id and classes only.
 */
export const VITALS_PLUGIN = "rewind/vitals@1";
export const FORM_PLUGIN = "rewind/form@1";

export const VITAL_NAMES = ["LCP", "INP", "CLS", "FCP", "TTFB"] as const;
export type VitalName = (typeof VITAL_NAMES)[number];

export interface VitalPayload {
  name: VitalName;
  /** Milliseconds; CLS is unitless. */
  value: number;
  rating?: "good" | "needs-improvement" | "poor";
  /** The page view's id (web-vitals' metric id without its name): a page load's five metrics share it. */
  view?: string;
  /** The page the metric belongs to (the navigation's URL, query and fragment redacted). */
  url?: string;
  /** LCP's element, INP's interaction target, CLS's largest shift. */
  target?: string;
  /** INP's interaction kind. */
  interaction?: "pointer" | "keyboard";
}

export interface FormSubmitPayload {
  /** What the timeline and `form:` call it: the form's name, else its id, else its action path. */
  form: string;
  name?: string;
  id?: string;
  /** The action URL's path (no query, no fragment). */
  action?: string;
  /** The button that submitted it. */
  submitter?: string;
  /** "submit": a submit event; "fetch"/"xhr": a POST right after a click on a button in the form. */
  via: "submit" | "fetch" | "xhr";
}

/**
 * Where inside its target element a click landed (public/sdk/signals.js), so heatmaps draw it on
 * that element at any width. rrweb's click names the clicked node and the viewport point only.
 */
export const CLICK_PLUGIN = "rewind/click@1";

export interface ClickOffsetPayload {
  /** rrweb's id of the clicked node: the same id as the click's `data.id`. */
  id: number;
  /** Levels from the clicked node up to the target element whose box the offset is in (0 = itself). */
  up: number;
  /** The offset as fractions (0–1, two decimals) of the target's box width and height. */
  x: number;
  y: number;
  /** The box in CSS pixels (rounded). */
  w: number;
  h: number;
}

/**
 * A click's target: the nearest element at or above the clicked node, within `depth` levels, that
 * is interactive by tag or role or has an id that looks like a name. The SDK measures the offset in
 * this element's box and ingest names the same element by a selector (lib/ingest/heat.ts).
 */
export const CLICK_TARGET = {
  tags: ["a", "button", "input", "select", "textarea", "label", "summary", "option", "img", "video"],
  roles: ["button", "link", "tab", "menuitem", "checkbox", "radio", "switch", "option"],
  id: /^[A-Za-z_][A-Za-z0-9_-]{0,60}$/,
  depth: 6,
} as const;
