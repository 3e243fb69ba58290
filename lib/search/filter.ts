/**
 * The filter object: what the recordings list, the search box and saved playlists all produce and
 * read. The search language (docs/SEARCH.md) parses into it and prints from it.
 */

import type { StatusClass } from "@/lib/captured-requests";

export type Comparison = ">" | ">=" | "<" | "<=" | "=";

export const SIGNALS = ["rage", "dead", "thrash", "uturn", "errorclick"] as const;
export type SignalName = (typeof SIGNALS)[number];
export const HAS = ["errors", "console_errors", "error_then_exit", "poor_vitals", "form_submit"] as const;
/** `has:error_then_exit`: the visit ended within this long after its last exception. */
export const ERROR_EXIT_MS = 30_000;
export type HasName = (typeof HAS)[number];
export const DEVICES = ["desktop", "mobile", "tablet", "other"] as const;

export type Condition =
  | { kind: "person"; value: string }
  | { kind: "prop"; key: string; value: string }
  | { kind: "event"; name: string }
  | { kind: "page"; mode: "prefix" | "equals" | "contains"; value: string }
  /**
   * The session's pages in order (repeats in a row count once) begin with these steps; `*` is any
   * one page; `exact` (a trailing `$`) means the session saw no page after the last step.
   */
  | { kind: "path"; steps: string[]; exact: boolean }
  | { kind: "number"; field: NumberField; op: Comparison; value: number }
  | { kind: "has"; value: HasName }
  /** The session had an exception whose message contains this text. */
  | { kind: "error"; value: string }
  | { kind: "signal"; value: SignalName }
  | { kind: "facet"; field: "browser" | "os" | "device" | "country"; value: string }
  | { kind: "tag"; value: string }
  /**
   * The session made ONE captured request meeting all of these: `request:"POST /api/cart"` (method
   * and normalised path; either may be missing), `status:5xx` and `slow:>1s` written right after it.
   */
  | {
      kind: "request";
      method?: string;
      path?: string;
      status?: StatusClass;
      slow?: { op: ">" | ">="; value: number };
    }
  /** A form submitted by this name, id or action path (case folded). */
  | { kind: "form"; value: string }
  /** Sessions of the persons in a saved cohort (by name). */
  | { kind: "cohort"; value: string }
  | { kind: "text"; value: string };

/**
 * Numeric session fields a filter can compare; durations in milliseconds. The Web Vitals ones
 * compare the session's p75 over its page loads (CLS unitless); a session without one never matches.
 */
export const NUMBER_FIELDS = [
  "duration",
  "active",
  "pages",
  "clicks",
  "errors",
  "events",
  "lcp",
  "inp",
  "cls",
  "fcp",
  "ttfb",
  /** Time to first interaction (docs/SEARCH.md): absent until the session has one. */
  "interaction",
] as const;
export type NumberField = (typeof NUMBER_FIELDS)[number];
/** Number fields written as durations (30s, 200ms). */
export const DURATION_FIELDS: readonly NumberField[] = [
  "duration",
  "active",
  "lcp",
  "inp",
  "fcp",
  "ttfb",
  "interaction",
];
/** Number fields read from Web Vitals: only sessions that measured them can match. */
export const VITAL_FIELDS: readonly NumberField[] = ["lcp", "inp", "cls", "fcp", "ttfb"];

export type Expr =
  | Condition
  | { kind: "and"; items: Expr[] }
  | { kind: "or"; items: Expr[] }
  | { kind: "not"; item: Expr };

export interface Filter {
  expr: Expr | null;
  /** Start-time range, milliseconds since the epoch. */
  after?: number;
  before?: number;
}

export const EMPTY_FILTER: Filter = { expr: null };

export function and(items: Expr[]): Expr | null {
  const flat = items.flatMap((i) => (i.kind === "and" ? i.items : [i]));
  return flat.length === 0 ? null : flat.length === 1 ? flat[0]! : { kind: "and", items: flat };
}

export function or(items: Expr[]): Expr {
  const flat = items.flatMap((i) => (i.kind === "or" ? i.items : [i]));
  return flat.length === 1 ? flat[0]! : { kind: "or", items: flat };
}
