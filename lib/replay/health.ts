import { pushTo } from "@/lib/push-to";
import { EventType, IncrementalSource } from "@/sdk/src/wire";

/**
 * Why a recording might not replay correctly, said plainly: no full snapshot, batches missing from
 * the sequence, stylesheets the recorder could not inline, a viewport the player had to shrink.
 */

export interface ChunkSeq {
  firstTs: number;
  /** When the chunk's last event happened (gaps are measured from it); the first timestamp when unknown. */
  lastTs?: number;
  seq: number | null;
  window: string | null;
}

export interface SequenceGap {
  window: string;
  /** The last sequence number received before the gap, and how many numbers are missing. */
  afterSeq: number;
  missing: number;
  at: number;
  /** How long the recording has nothing from this tab: from the last event before to the first after (ms). */
  length: number;
}

/**
 * Each page load of a tab numbers its batches from 0; a split batch repeats its number. So in one
 * tab's batches in time order, a number may repeat, go up by one, or start again lower (a reload):
 * anything else is a batch that never arrived.
 */
export function sequenceGaps(chunks: ChunkSeq[]): SequenceGap[] {
  const byWindow = new Map<string, ChunkSeq[]>();
  for (const c of chunks) {
    if (c.seq === null) continue;
    const w = c.window ?? "";
    pushTo(byWindow, w, c);
  }
  const gaps: SequenceGap[] = [];
  for (const [window, list] of byWindow) {
    list.sort((a, b) => a.firstTs - b.firstTs || a.seq! - b.seq!);
    for (let i = 1; i < list.length; i++) {
      const before = list[i - 1]!;
      const prev = before.seq!;
      const seq = list[i]!.seq!;
      const at = list[i]!.firstTs;
      if (seq > prev + 1)
        gaps.push({
          window,
          afterSeq: prev,
          missing: seq - prev - 1,
          at,
          length: Math.max(0, at - (before.lastTs ?? before.firstTs)),
        });
    }
  }
  return gaps.sort((a, b) => a.at - b.at);
}

/** A batch ingest refused (lib/data/refused-batches.ts), as the health line reads it. */
export interface RefusedBatchNote {
  at: number;
  window: string | null;
  seq: number | null;
  code: string;
  message: string;
}

export interface HealthInput {
  /** `canvas` / `canvasFrames`: <canvas> elements and canvas frames ingest counted in the chunk. */
  chunks: (ChunkSeq & {
    full: boolean | null;
    canvas?: number;
    canvasFrames?: number;
    /** Events in the chunk (null for chunks stored before ingest counted them). */
    events?: number | null;
  })[];
  hasFullSnapshot: boolean;
  refused?: RefusedBatchNote[];
}

/**
 * One reason the replay differs from what the visitor saw: `label` goes on the one-line summary,
 * `why` and `fix` (what to do about it) in the banner.
 */
export interface HealthCause {
  kind:
    | "no-snapshot"
    | "canvas"
    | "gaps"
    | "refused"
    | "checkpoints"
    | "stylesheets"
    | "fonts"
    | "storms"
    | "unloaded";
  label: string;
  why: string;
  fix: string;
}

export interface Health {
  ok: boolean;
  gaps: SequenceGap[];
  /** The one-line summary shown on every recording. */
  line: string;
  problems: string[];
  causes: HealthCause[];
}

export const NO_SNAPSHOT_EXPLANATION =
  "No full snapshot of the page was received, so there is nothing to draw. Likely causes: recording started after the page had loaded (a late or buffered start), a Content-Security-Policy blocked the recorder script, or the first batches were lost on the way.";

/** Canvases replay blank when the page had some and no frame of any was recorded. */
export function unrecordedCanvases(chunks: HealthInput["chunks"]): number {
  const frames = chunks.reduce((n, c) => n + (c.canvasFrames ?? 0), 0);
  return frames ? 0 : Math.max(0, ...chunks.map((c) => c.canvas ?? 0));
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** m:ss (h:mm:ss past an hour) of a moment relative to the recording's start. */
export function clockOf(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const two = (n: number) => String(n).padStart(2, "0");
  const h = Math.floor(s / 3600);
  return h ? `${h}:${two(Math.floor(s / 60) % 60)}:${two(s % 60)}` : `${Math.floor(s / 60)}:${two(s % 60)}`;
}

const lengthOf = (ms: number) => (ms < 1000 ? `${Math.round(ms)} ms` : `${Math.round(ms / 1000)} s`);

/**
 * Events a seek may have to replay from the nearest full snapshot before it gets slow enough to
 * notice (the player's fast-forward applies about 5,000 per step).
 */
export const CHECKPOINT_STRETCH_EVENTS = 20_000;

/** The most events that follow one full snapshot before the next (or the end), when ingest counted them. */
export function longestStretchWithoutSnapshot(chunks: HealthInput["chunks"]): number {
  let longest = 0;
  let run = 0;
  let seen = false;
  for (const c of [...chunks].sort((a, b) => a.firstTs - b.firstTs)) {
    if (c.events === null || c.events === undefined) return 0;
    if (c.full) {
      seen = true;
      run = 0;
      continue;
    }
    if (seen) run += c.events;
    longest = Math.max(longest, run);
  }
  return longest;
}

/** Refusals the SDK did not make up for: no chunk of the same tab and sequence number was stored. */
export function unrecoveredRefusals(chunks: ChunkSeq[], refused: RefusedBatchNote[]): RefusedBatchNote[] {
  const stored = new Set(chunks.map((c) => `${c.window ?? ""}:${c.seq ?? ""}`));
  return refused.filter((r) => !stored.has(`${r.window ?? ""}:${r.seq ?? ""}`));
}

/** The causes known from what ingest kept about the chunks, in the order the banner lists them. */
export function storedCauses({ chunks, hasFullSnapshot, refused = [] }: HealthInput): HealthCause[] {
  const causes: HealthCause[] = [];
  const origin = chunks.length ? Math.min(...chunks.map((c) => c.firstTs)) : 0;
  if (!hasFullSnapshot)
    causes.push({
      kind: "no-snapshot",
      label: "no full snapshot",
      why: NO_SNAPSHOT_EXPLANATION,
      fix: "",
    });
  const canvases = unrecordedCanvases(chunks);
  if (canvases)
    causes.push({
      kind: "canvas",
      label: `this page had ${plural(canvases, "canvas element", "canvas elements")}; canvas is not recorded`,
      why: `The page had ${plural(canvases, "<canvas> element", "<canvas> elements")} (charts, maps, games, signatures); canvas is not recorded, so ${canvases === 1 ? "it replays" : "they replay"} blank.`,
      fix: "An admin can turn on canvas frames in Settings → Recording.",
    });
  const gaps = sequenceGaps(chunks);
  if (gaps.length) {
    const missing = gaps.reduce((n, g) => n + g.missing, 0);
    const where = gaps
      .slice(0, 3)
      .map((g) => `at ${clockOf(g.at - origin)} for ${lengthOf(g.length)}`)
      .join(", ");
    causes.push({
      kind: "gaps",
      label: plural(gaps.length, "gap", "gaps"),
      why: `${plural(missing, "batch", "batches")} of events never arrived (${plural(gaps.length, "gap", "gaps")} in the sequence numbers: ${where}${gaps.length > 3 ? ", …" : ""}), so some changes on the page are missing and the replay may drift from what the person saw.`,
      fix: "Batches are lost when the tab closes offline or a network filter blocks the ingest URL; allow it on the site's proxy or CSP.",
    });
  }
  const lost = unrecoveredRefusals(chunks, refused);
  if (lost.length)
    causes.push({
      kind: "refused",
      label: `${plural(lost.length, "batch", "batches")} refused at ingest`,
      why: `The server refused ${plural(lost.length, "batch", "batches")} of this recording, so what ${lost.length === 1 ? "it" : "they"} held is missing: ${lost
        .slice(0, 2)
        .map((r) => `${r.code}: ${r.message}`)
        .join("; ")}.`,
      fix: "A batch over a cap is one the SDK could not split (a single event too large, such as a huge inline image); the caps are in docs/API.md.",
    });
  const stretch = longestStretchWithoutSnapshot(chunks);
  if (stretch > CHECKPOINT_STRETCH_EVENTS)
    causes.push({
      kind: "checkpoints",
      label: "checkpoints missing",
      why: `Up to ${stretch.toLocaleString("en")} events follow one full snapshot without a checkpoint, so seeking late into that stretch replays them all and is slow.`,
      fix: "Update the site's SDK (checkpoints need a current one) or lower the checkpoint interval in Settings → Recording.",
    });
  return causes;
}

export function recordingHealth(input: HealthInput): Health {
  const { chunks, hasFullSnapshot } = input;
  const gaps = sequenceGaps(chunks);
  const causes = storedCauses(input);
  const problems = causes.map((c) => (c.fix ? `${c.why} ${c.fix}` : c.why));
  const canvas = causes.find((c) => c.kind === "canvas");
  const others = causes.filter((c) => !["no-snapshot", "canvas", "gaps"].includes(c.kind));
  const status = hasFullSnapshot
    ? gaps.length || others.length
      ? "incomplete"
      : "complete"
    : "no full snapshot";
  const parts = [
    status === "complete" && canvas ? canvas.label : status,
    plural(chunks.length, "chunk", "chunks"),
    gaps.length ? plural(gaps.length, "gap", "gaps") : "no gaps",
    ...(canvas && status !== "complete" ? [canvas.label] : []),
    ...others.map((c) => c.label),
  ];
  return { ok: causes.length === 0, gaps, line: parts.join(" · "), problems, causes };
}

/**
 * The stored health with the causes only the replay itself can see (stylesheets, fonts, storms,
 * parts that failed to load) added: "complete" stays only when there is none.
 */
export function withReplayCauses(health: Health, more: HealthCause[]): Health {
  if (!more.length) return health;
  const line = health.line.startsWith("complete ·")
    ? health.line.replace(/^complete/, "incomplete")
    : health.causes.some((c) => c.kind === "canvas") && !/^(incomplete|no full snapshot)/.test(health.line)
      ? `incomplete · ${health.line}`
      : health.line;
  return {
    ...health,
    ok: false,
    line: [line, ...more.map((c) => c.label)].join(" · "),
    problems: [...health.problems, ...more.map((c) => (c.fix ? `${c.why} ${c.fix}` : c.why))],
    causes: [...health.causes, ...more],
  };
}

/** A stylesheet the recorder could not read, and what became of it in the replay. */
export interface StylesheetFate {
  href: string;
  /** Fetched by the server and inlined in the replay. */
  recovered: boolean;
  /** Why the server could not fetch it, when it tried. */
  error?: string;
}

export interface ReplayCauseInput {
  stylesheets: StylesheetFate[];
  /** Font families whose faces failed to load in the replay. */
  fontsMissing: string[];
  storms: MutationStorm[];
  /** Chunks the player could not load, of how many. */
  unloaded: { failed: number; of: number };
}

/** The causes only the replay can see, each with why and what to do. */
export function replayCauses({
  stylesheets,
  fontsMissing,
  storms,
  unloaded,
}: ReplayCauseInput): HealthCause[] {
  const causes: HealthCause[] = [];
  const lost = stylesheets.filter((s) => !s.recovered);
  if (lost.length)
    causes.push({
      kind: "stylesheets",
      label: `${plural(lost.length, "stylesheet", "stylesheets")} not readable`,
      why: `${plural(lost.length, "stylesheet was", "stylesheets were")} not readable by the recorder (cross-origin without CORS) and could not be fetched by the server, so the replay lacks ${lost.length === 1 ? "its" : "their"} styles: ${lost
        .slice(0, 3)
        .map((s) => (s.error ? `${s.href} (${s.error})` : s.href))
        .join(", ")}.`,
      fix: 'Serve the stylesheet with Access-Control-Allow-Origin and add crossorigin="anonymous" to its <link>, or make it reachable from the Rewind server.',
    });
  if (fontsMissing.length)
    causes.push({
      kind: "fonts",
      label: `${plural(fontsMissing.length, "font", "fonts")} missing`,
      why: `${plural(fontsMissing.length, "web font", "web fonts")} did not load in the replay, so text is drawn in a fallback font and may wrap differently: ${fontsMissing.slice(0, 3).join(", ")}.`,
      fix: "Serve the font files with Access-Control-Allow-Origin (fonts load cross-origin only with CORS) or from the stylesheet's own site.",
    });
  const problem = stormProblem(storms);
  if (problem)
    causes.push({
      kind: "storms",
      label: `${plural(storms.length, "mutation storm", "mutation storms")} re-snapshotted`,
      why: problem,
      fix: "",
    });
  if (unloaded.failed)
    causes.push({
      kind: "unloaded",
      label: `${unloaded.failed} of ${unloaded.of} parts not loaded`,
      why: `${unloaded.failed} of ${unloaded.of} parts could not be loaded; the replay skips what they held.`,
      fix: "Reload to try again.",
    });
  return causes;
}

interface Node {
  type?: number;
  tagName?: string;
  attributes?: Record<string, unknown>;
  childNodes?: Node[];
}

/** Stylesheet links the recorder could not inline (cross-origin): the replay fetches them live. */
export function uninlinedStylesheets(events: { type: number; data: Record<string, unknown> }[]): string[] {
  const hrefs = new Set<string>();
  const visit = (n: Node | undefined) => {
    const stack = n ? [n] : [];
    while (stack.length) {
      const c = stack.pop()!;
      const a = c.attributes ?? {};
      if (c.tagName === "link" && String(a.rel ?? "").toLowerCase() === "stylesheet" && !("_cssText" in a))
        hrefs.add(String(a.href ?? ""));
      if (c.childNodes) stack.push(...c.childNodes);
    }
  };
  for (const e of events) {
    if (e.type === EventType.FullSnapshot) visit(e.data.node as Node);
    if (
      e.type === EventType.IncrementalSnapshot &&
      e.data.source === IncrementalSource.Mutation &&
      Array.isArray(e.data.adds)
    )
      for (const add of e.data.adds as { node?: Node }[]) visit(add.node);
  }
  return [...hrefs].filter(Boolean);
}

/** How much the player shrank the recorded viewport to fit, as a percentage (100 = not at all). */
export function viewportScale(
  recorded: { width: number; height: number },
  box: { width: number; height: number },
) {
  if (recorded.width <= 0 || recorded.height <= 0) return 100;
  return Math.round(Math.min(1, box.width / recorded.width, box.height / recorded.height) * 100);
}

export interface MutationStorm {
  at: number;
  nodes: number;
}

/**
 * Bursts the recorder did not record change by change (the SDK's `$mutation-storm` marker): it
 * paused and took a fresh full snapshot once the page settled, so the replay jumps over the burst.
 */
export function mutationStorms(events: { type: number; timestamp: number; data: Record<string, unknown> }[]) {
  const storms: MutationStorm[] = [];
  for (const e of events) {
    if (e.type !== EventType.Custom || e.data.tag !== "$mutation-storm") continue;
    const nodes = Number((e.data.payload as { nodes?: unknown } | undefined)?.nodes);
    storms.push({ at: e.timestamp, nodes: Number.isFinite(nodes) ? nodes : 0 });
  }
  return storms;
}

/** The player's sentence about mutation storms, or null when there were none. */
export function stormProblem(storms: MutationStorm[]): string | null {
  if (!storms.length) return null;
  const nodes = storms.reduce((n, s) => n + s.nodes, 0).toLocaleString("en");
  return `The page changed ${nodes} elements in ${storms.length === 1 ? "a burst" : `${storms.length} bursts`}; the recorder paused and took a fresh snapshot once the page settled, so the replay jumps over ${storms.length === 1 ? "that burst" : "those bursts"} instead of showing each change.`;
}
