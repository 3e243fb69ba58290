import { z } from "zod";
import { recentCache } from "@/lib/cache";
import { parseJsonRecord } from "./json-hash";
import { parseCount, skipCorrupt } from "./record";

/**
 * One rollup hash (an hour's or a day's) as the Analytics page folds it, and its compact form.
 *
 * Writers keep adding to the hashes field by field (HINCRBY is what keeps concurrent sessions
 * exact without scripts), and bump the hash's version field with every change. A reader turns a
 * hash it meets for the first time in a version into a `Span` once, and keeps it twice: in this
 * process (by key and version), and in the store as one string (`<version>|<JSON>`) that other
 * processes parse natively instead of a hash of a few thousand fields. A closed day's version no
 * longer changes, so a 30-day read is one round trip of version checks and, at worst, 31 strings.
 */

const HOUR = 3_600_000;

/** The hash field writers bump with each change; not a counter of the page. */
export const VERSION_FIELD = "~v";

/** A cell's counters over a span or a range. */
export interface RollupCell {
  n: number;
  dur: number;
  pg: number;
  bn: number;
  er: number;
  ln: number;
  /** LCP histogram and time-to-first-interaction histogram: bucket → count. */
  lcp: Map<number, number>;
  interaction: Map<number, number>;
}

export const emptyCell = (): RollupCell => ({
  n: 0,
  dur: 0,
  pg: 0,
  bn: 0,
  er: 0,
  ln: 0,
  lcp: new Map(),
  interaction: new Map(),
});

export interface Span {
  /** The hash's version when it was read ("0" for a hash never versioned). */
  v: string;
  cells: Map<string, RollupCell>;
  /** Sessions per cell by the start of the hour they started in. */
  chart: Map<number, Map<string, number>>;
}

function cellOf(cells: Map<string, RollupCell>, name: string): RollupCell {
  let cell = cells.get(name);
  if (!cell) {
    cell = emptyCell();
    cells.set(name, cell);
  }
  return cell;
}

function countIn(chart: Span["chart"], at: number, cell: string, n: number): void {
  let hour = chart.get(at);
  if (!hour) {
    hour = new Map();
    chart.set(at, hour);
  }
  hour.set(cell, (hour.get(cell) ?? 0) + n);
}

/**
 * A rollup hash (`<cell>|<stat>` → count) as a span starting at `at`. A day's hash holds its
 * chart counts per hour (`c<hh>`); an hour's counts its sessions in that hour.
 */
export function spanOfHash(hash: Record<string, string>, at: number, day: boolean): Span {
  const span: Span = { v: hash[VERSION_FIELD] ?? "0", cells: new Map(), chart: new Map() };
  for (const field in hash) {
    const bar = field.lastIndexOf("|");
    if (bar < 0) continue;
    const raw = hash[field]!;
    const [n = 0] = skipCorrupt(() => parseCount(`rollup field ${field}`, raw), "analytics rollup");
    if (!n) continue;
    const name = field.slice(0, bar);
    const stat = field.slice(bar + 1);
    const kind = stat[0];
    if (kind === "c") {
      if (day) countIn(span.chart, at + Number(stat.slice(1)) * HOUR, name, n);
      continue;
    }
    const cell = cellOf(span.cells, name);
    if (kind === "l" && stat !== "ln") {
      const b = Number(stat.slice(1));
      cell.lcp.set(b, n + (cell.lcp.get(b) ?? 0));
    } else if (kind === "i") {
      const b = Number(stat.slice(1));
      cell.interaction.set(b, n + (cell.interaction.get(b) ?? 0));
    } else if (
      stat === "n" ||
      stat === "dur" ||
      stat === "pg" ||
      stat === "bn" ||
      stat === "er" ||
      stat === "ln"
    ) {
      cell[stat] += n;
      if (stat === "n" && !day) countIn(span.chart, at, name, n);
    }
  }
  return span;
}

const flat = (m: Map<number, number>) => {
  const out: number[] = [];
  for (const [k, v] of m) if (v) out.push(k, v);
  return out;
};

/**
 * The span as `<version>|<JSON>`: per cell [name, n, dur, pg, bn, er, ln, [lcp bucket, count, …],
 * [interaction bucket, count, …], [hour offset, sessions, …]].
 */
export function encodeSpan(span: Span, at: number): string {
  const chartOf = new Map<string, number[]>();
  for (const [hourAt, cells] of span.chart)
    for (const [name, n] of cells) {
      let list = chartOf.get(name);
      if (!list) {
        list = [];
        chartOf.set(name, list);
      }
      list.push((hourAt - at) / HOUR, n);
    }
  const rows: unknown[] = [];
  const names = new Set([...span.cells.keys(), ...chartOf.keys()]);
  for (const name of names) {
    const c = span.cells.get(name) ?? emptyCell();
    rows.push([
      name,
      c.n,
      c.dur,
      c.pg,
      c.bn,
      c.er,
      c.ln,
      flat(c.lcp),
      flat(c.interaction),
      chartOf.get(name) ?? [],
    ]);
  }
  return `${span.v}|${JSON.stringify(rows)}`;
}

const int = z.number().int();
const pairs = z.array(int).refine((xs) => xs.length % 2 === 0, "pairs of numbers");
const compactSchema = z.array(z.tuple([z.string(), int, int, int, int, int, int, pairs, pairs, pairs]));

/**
 * The span a compact string holds when it is of version `v`; null when it is of another version
 * or unreadable (the hash is then read again, so a bad string costs time, never a wrong figure).
 */
export function decodeSpan(stored: string | null, v: string, at: number): Span | null {
  if (stored === null || !stored.startsWith(`${v}|`)) return null;
  const [rows] = skipCorrupt(
    () => parseJsonRecord(compactSchema, "compact analytics rollup", stored.slice(v.length + 1)),
    "analytics rollup",
  );
  if (!rows) return null;
  const span: Span = { v, cells: new Map(), chart: new Map() };
  for (const [name, n, dur, pg, bn, er, ln, lcp, interaction, chart] of rows) {
    const cell: RollupCell = { n, dur, pg, bn, er, ln, lcp: new Map(), interaction: new Map() };
    for (let i = 0; i < lcp.length; i += 2) cell.lcp.set(lcp[i]!, lcp[i + 1]!);
    for (let i = 0; i < interaction.length; i += 2)
      cell.interaction.set(interaction[i]!, interaction[i + 1]!);
    for (let i = 0; i < chart.length; i += 2) countIn(span.chart, at + chart[i]! * HOUR, name, chart[i + 1]!);
    // A cell only charted (no counter of its own in this span) was not one before encoding.
    if (n || dur || pg || bn || er || ln || lcp.length || interaction.length) span.cells.set(name, cell);
  }
  return span;
}

/**
 * Spans already turned from hashes or strings in this process, by key; at most SPANS_KEPT (a
 * 30-day view uses up to 31 days and 46 hours), the least recently used leaving first.
 */
const SPANS_KEPT = 400;
const kept = recentCache<Span>(SPANS_KEPT);

export function keptSpan(key: string, v: string): Span | null {
  const span = kept.get(key);
  return span && span.v === v ? span : null;
}

export function keepSpan(key: string, span: Span): void {
  kept.set(key, span);
}

/** Empties the kept spans: what a process that just started has (benchmarks measure that read). */
export function forgetKeptSpans(): void {
  kept.clear();
}
