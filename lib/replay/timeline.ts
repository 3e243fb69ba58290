/**
 * What happened in a recording, built from its rrweb events (and the signals ingest found): the
 * items of the player's timeline and side list, the pages with time spent, console lines, requests
 * and idle stretches. Pure, so the browser and the tests build the same thing.
 */

export interface ReplayEvent {
  type: number;
  timestamp: number;
  data: Record<string, unknown>;
}

import { RATING_LABELS, rateVital, VITAL_NAMES, type VitalName, vitalText } from "@/lib/vitals";
import {
  EventType,
  FORM_PLUGIN,
  IncrementalSource,
  MouseInteractions,
  NodeType,
  VITALS_PLUGIN,
} from "@/sdk/src/wire";

export const ITEM_KINDS = [
  "page",
  "click",
  "event",
  "form",
  "vital",
  "exception",
  "console",
  "network",
  "signal",
] as const;
export type ItemKind = (typeof ITEM_KINDS)[number];

export interface TimelineItem {
  kind: ItemKind;
  at: number;
  label: string;
  detail?: string;
  /** For signals: rage, dead, thrash, uturn, errorclick. */
  signal?: string;
  /** For requests: "error" when it failed or answered 5xx, "warning" for 4xx. */
  severity?: "error" | "warning";
  /** For Web Vitals: good, needs-improvement, poor. */
  rating?: string;
}

export interface PageVisit {
  url: string;
  at: number;
  durationMs: number;
}

export interface ConsoleLine {
  at: number;
  level: string;
  text: string;
}

export interface NetworkEntry {
  at: number;
  method: string;
  url: string;
  status: number;
  durationMs: number | null;
  size: number | null;
  failed: boolean;
  detail: Record<string, unknown>;
}

export interface Timeline {
  items: TimelineItem[];
  pages: PageVisit[];
  console: ConsoleLine[];
  network: NetworkEntry[];
  /** Stretches without input or pointer activity longer than the idle threshold: [start, end]. */
  idle: [number, number][];
}

export interface SignalMarker {
  kind: string;
  at: number;
  url?: string;
  count?: number;
}

export const SIGNAL_LABELS: Record<string, string> = {
  rage: "Rage click",
  dead: "Dead click",
  thrash: "Thrashing",
  uturn: "U-turn",
  errorclick: "Error click",
};

/** rrweb-player skips stretches longer than this (its inactivePeriodThreshold). */
export const IDLE_THRESHOLD_MS = 10_000;

const obj = (v: unknown): Record<string, unknown> =>
  v && typeof v === "object" ? (v as Record<string, unknown>) : {};
const str = (v: unknown, max = 300) => (typeof v === "string" ? v.slice(0, max) : "");
const num = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : null);

interface SerializedNode {
  type?: number;
  id?: number;
  tagName?: string;
  attributes?: Record<string, unknown>;
  textContent?: string;
  childNodes?: SerializedNode[];
}

/** Short names of recorded nodes ("button “Add to cart”"), for click labels. Text stays as recorded. */
class NodeNames {
  private readonly names = new Map<number, string>();

  add(node: SerializedNode): void {
    const stack: SerializedNode[] = [node];
    while (stack.length) {
      const n = stack.pop()!;
      if (n.type === NodeType.Element && typeof n.id === "number" && n.tagName)
        this.names.set(n.id, describe(n));
      if (n.childNodes) for (const c of n.childNodes) stack.push(c);
    }
  }

  get(id: unknown): string | null {
    return typeof id === "number" ? (this.names.get(id) ?? null) : null;
  }
}

function textOf(n: SerializedNode, budget = 60): string {
  let out = "";
  const stack = [n];
  while (stack.length && out.length < budget) {
    const c = stack.shift()!;
    if (c.type === NodeType.Text && c.textContent) out += ` ${c.textContent}`;
    if (c.childNodes) stack.unshift(...c.childNodes);
  }
  return out.replace(/\s+/g, " ").trim().slice(0, budget);
}

function describe(n: SerializedNode): string {
  const a = n.attributes ?? {};
  const text = str(a["aria-label"], 60) || textOf(n) || str(a.placeholder, 60) || str(a.value, 60);
  const id = str(a.id, 40);
  const tag = n.tagName!.toLowerCase();
  return `${tag}${id ? `#${id}` : ""}${text ? ` “${text}”` : ""}`;
}

/** Builds the timeline from events in any order; signals come from ingest. */
export function buildTimeline(
  events: ReplayEvent[],
  signals: SignalMarker[] = [],
  endedAt?: number,
): Timeline {
  const sorted = [...events].sort((a, b) => a.timestamp - b.timestamp);
  const items: TimelineItem[] = [];
  const lastVital = new Map<string, TimelineItem>();
  const superseded = new Set<TimelineItem>();
  const pages: { url: string; at: number }[] = [];
  const consoleLines: ConsoleLine[] = [];
  const network: NetworkEntry[] = [];
  const names = new NodeNames();
  let lastMetaHref: string | null = null;
  let sawPageviews = false;
  const idle: [number, number][] = [];
  let lastActive = sorted[0]?.timestamp ?? 0;

  for (const e of sorted) {
    const data = obj(e.data);
    if (e.type === EventType.FullSnapshot) names.add(obj(data.node) as SerializedNode);
    if (e.type === EventType.Meta) lastMetaHref = str(data.href, 2048) || lastMetaHref;
    if (e.type === EventType.Meta && !sawPageviews && lastMetaHref && pages.at(-1)?.url !== lastMetaHref)
      pages.push({ url: lastMetaHref, at: e.timestamp });
    if (e.type === EventType.IncrementalSnapshot) {
      const source = num(data.source);
      if (source === IncrementalSource.Mutation)
        for (const add of Array.isArray(data.adds) ? data.adds : []) names.add(obj(obj(add).node));
      // rrweb's own test for a user interaction (isUserInteraction): mouse, scroll, resize, input.
      if (source !== null && source > IncrementalSource.Mutation && source <= IncrementalSource.Input) {
        if (e.timestamp - lastActive > IDLE_THRESHOLD_MS) idle.push([lastActive, e.timestamp]);
        lastActive = e.timestamp;
      }
      if (source === IncrementalSource.MouseInteraction && data.type === MouseInteractions.Click) {
        const target = names.get(data.id);
        items.push({ kind: "click", at: e.timestamp, label: target ? `Click on ${target}` : "Click" });
      }
    }
    if (e.type === EventType.Custom) {
      const tag = str(data.tag, 200);
      const payload = obj(data.payload);
      if (tag === "$pageview") {
        if (!sawPageviews) pages.length = 0;
        sawPageviews = true;
        const url = str(payload.url, 2048) || lastMetaHref || "";
        pages.push({ url, at: e.timestamp });
        items.push({ kind: "page", at: e.timestamp, label: pathLabel(url), detail: url });
      } else if (tag === "$exception") {
        items.push({
          kind: "exception",
          at: e.timestamp,
          label: str(payload.message, 300) || "Exception",
          detail: str(payload.stack, 4000) || undefined,
        });
      } else if (tag === "$identify") {
        items.push({
          kind: "event",
          at: e.timestamp,
          label: `Identified as ${str(payload.distinctId, 200)}`,
        });
      } else if (tag && !tag.startsWith("$")) {
        const props = Object.keys(payload).length
          ? JSON.stringify(payload, null, 1).slice(0, 2000)
          : undefined;
        items.push({ kind: "event", at: e.timestamp, label: tag, detail: props });
      }
    }
    if (e.type === EventType.Plugin) {
      const payload = obj(data.payload);
      if (data.plugin === "rrweb/console@1") {
        const level = str(payload.level, 20) || "log";
        const text = (Array.isArray(payload.payload) ? payload.payload : [])
          .map((p) => String(p))
          .join(" ")
          .slice(0, 2000);
        consoleLines.push({ at: e.timestamp, level, text });
        if (level === "error" || level === "assert")
          items.push({ kind: "console", at: e.timestamp, label: text.slice(0, 200) || "console.error" });
      } else if (data.plugin === VITALS_PLUGIN) {
        const item = vitalItem(e.timestamp, payload);
        if (item) {
          // The SDK reports a metric again when it changes or the page is left (hidden, then
          // unloaded): a page view shows each metric once, at its last report.
          const view = str(payload.view, 100);
          const key = view && `${view}:${str(payload.name, 10)}`;
          const earlier = key ? lastVital.get(key) : undefined;
          if (earlier) superseded.add(earlier);
          if (key) lastVital.set(key, item);
          items.push(item);
        }
      } else if (data.plugin === FORM_PLUGIN) {
        const form = str(payload.form, 200);
        const detail = [
          payload.action && `action ${str(payload.action, 500)}`,
          payload.submitter && `submitted by ${str(payload.submitter, 200)}`,
          payload.via && payload.via !== "submit" && `sent by ${str(payload.via, 10)}`,
        ].filter(Boolean);
        items.push({
          kind: "form",
          at: e.timestamp,
          label: `Form submitted: ${form || "form"}`,
          detail: detail.join(" · ") || undefined,
        });
      } else if (data.plugin === "rewind/network@1") {
        const status = num(payload.status) ?? 0;
        const entry: NetworkEntry = {
          at: e.timestamp,
          method: str(payload.method, 16) || "GET",
          url: str(payload.url, 2048),
          status,
          durationMs: num(payload.durationMs),
          size: num(payload.responseSize),
          failed: status === 0 || status >= 400,
          detail: payload,
        };
        network.push(entry);
        items.push({
          kind: "network",
          at: e.timestamp,
          label: `HTTP: ${entry.method} ${pathLabel(entry.url)} - ${status === 0 ? "failed" : status}`,
          detail: entry.url,
          ...(status === 0 || status >= 500
            ? { severity: "error" as const }
            : status >= 400
              ? { severity: "warning" as const }
              : {}),
        });
      }
    }
  }
  for (const s of signals) {
    items.push({
      kind: "signal",
      at: s.at,
      signal: s.kind,
      label: `${SIGNAL_LABELS[s.kind] ?? s.kind}${s.count && s.count > 1 ? ` ×${s.count}` : ""}`,
      detail: s.url,
    });
  }
  const end = Math.max(endedAt ?? 0, sorted.at(-1)?.timestamp ?? 0);
  const visits = pages.map((p, i) => ({ ...p, durationMs: Math.max(0, (pages[i + 1]?.at ?? end) - p.at) }));
  const shown = superseded.size ? items.filter((i) => !superseded.has(i)) : items;
  shown.sort((a, b) => a.at - b.at);
  return { items: shown, pages: visits, console: consoleLines, network, idle };
}

/** "LCP 3.1 s — poor — img.hero", rated here by the official thresholds. */
function vitalItem(at: number, payload: Record<string, unknown>): TimelineItem | null {
  const name = payload.name as VitalName;
  const value = num(payload.value);
  if (!VITAL_NAMES.includes(name) || value === null || value < 0) return null;
  const rating = rateVital(name, value);
  const target = str(payload.target, 100);
  const interaction = str(payload.interaction, 20);
  return {
    kind: "vital",
    at,
    rating,
    label: [`${name} ${vitalText(name, value)}`, RATING_LABELS[rating], target].filter(Boolean).join(" — "),
    detail: interaction ? `${interaction} interaction` : undefined,
  };
}

function pathLabel(url: string): string {
  try {
    const u = new URL(url);
    return `${u.pathname}${u.search}`.slice(0, 200);
  } catch {
    return url.slice(0, 200);
  }
}

/** The idle stretch containing this moment, if any. */
export function idleAt(idle: [number, number][], at: number): [number, number] | null {
  return idle.find(([a, b]) => at >= a && at < b) ?? null;
}
