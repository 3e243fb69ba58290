import { normalizeRequestPath, STATUS_CLASSES } from "@/lib/captured-requests";
import { ANY_PAGES_BEFORE, typedPath, VISIT_BEGAN } from "@/lib/url-path";
import {
  and,
  type Comparison,
  DEVICES,
  DURATION_FIELDS,
  type Expr,
  type Filter,
  HAS,
  type NumberField,
  or,
  SIGNALS,
} from "./filter";

/**
 * The search language (docs/SEARCH.md) → the filter object. Errors point at a position and say
 * what was expected; unknown keys get the closest known key as a suggestion.
 */

export class SearchSyntaxError extends Error {
  constructor(
    message: string,
    readonly position: number,
    readonly expected?: string,
  ) {
    super(message);
    this.name = "SearchSyntaxError";
  }
}

type Token =
  /** colon: where the key ends (the first ":" outside quotes), or -1 for a bare word. */
  | { type: "word"; text: string; pos: number; quoted: boolean; colon: number }
  | { type: "lparen" | "rparen" | "minus"; pos: number }
  | { type: "and" | "or" | "not"; pos: number };

const KEYS = [
  "user",
  "person",
  "prop",
  "event",
  "page",
  "url",
  "path",
  "error",
  "duration",
  "active",
  "pages",
  "clicks",
  "errors",
  "events",
  "has",
  "signal",
  "browser",
  "os",
  "device",
  "country",
  "tag",
  "cohort",
  "request",
  "status",
  "slow",
  "after",
  "before",
  "lcp",
  "inp",
  "cls",
  "fcp",
  "ttfb",
  "form",
  "interaction",
] as const;

function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const ch = input[i]!;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    if (ch === "(" || ch === ")") {
      tokens.push({ type: ch === "(" ? "lparen" : "rparen", pos: i });
      i++;
      continue;
    }
    if (
      ch === "-" &&
      (tokens.length === 0 || /\s|\(/.test(input[i - 1] ?? " ")) &&
      input[i + 1] &&
      !/\s/.test(input[i + 1]!)
    ) {
      tokens.push({ type: "minus", pos: i });
      i++;
      continue;
    }
    const start = i;
    let text = "";
    let quoted = false;
    let colon = -1;
    while (i < input.length && !/[\s()]/.test(input[i]!)) {
      if (input[i] === '"') {
        const close = input.indexOf('"', i + 1);
        if (close === -1) throw new SearchSyntaxError("Unclosed quote", i, 'a closing "');
        text += input.slice(i + 1, close);
        quoted = true;
        i = close + 1;
      } else {
        if (input[i] === ":" && colon === -1 && !quoted) colon = text.length;
        text += input[i];
        i++;
      }
    }
    if (!quoted && (text === "AND" || text === "OR" || text === "NOT")) {
      tokens.push({ type: text.toLowerCase() as "and" | "or" | "not", pos: start });
    } else tokens.push({ type: "word", text, pos: start, quoted, colon });
  }
  return tokens;
}

/** Edit distance, for "did you mean". */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length]!;
}

export function suggestKey(key: string): string | null {
  let best: string | null = null;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const k of KEYS) {
    const d = distance(key.toLowerCase(), k);
    if (d < bestDistance) {
      best = k;
      bestDistance = d;
    }
  }
  return bestDistance <= Math.max(2, Math.floor(key.length / 3)) ? best : null;
}

/** Other spellings people type for has: and signal: values. */
const ALIASES: Record<string, string> = {
  error: "errors",
  console_error: "console_errors",
  poor_vital: "poor_vitals",
  form_submits: "form_submit",
  form: "form_submit",
  "u-turn": "uturn",
  error_click: "errorclick",
};

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

function comparison(raw: string, pos: number, what: string): { op: Comparison; rest: string } {
  const m = /^(>=|<=|>|<|=)?(.*)$/.exec(raw)!;
  if (!m[2])
    throw new SearchSyntaxError(`Expected ${what} after the comparison`, pos + (m[1]?.length ?? 0), what);
  return { op: (m[1] as Comparison | undefined) ?? ">=", rest: m[2] };
}

/**
 * A duration: a bare number of seconds, or numbers with units, summed — "90s", "1.5m", "2m30s",
 * "2m 30s" (quoted, as a space ends a term), "1h 5m".
 */
function duration(raw: string, pos: number): number {
  const compact = raw.replace(/\s+/g, "");
  if (/^\d+(\.\d+)?$/.test(compact)) return Math.round(Number(compact) * 1000);
  const parts = [...compact.matchAll(/(\d+(?:\.\d+)?)(ms|min|s|m|h|d)/g)];
  // Each unit at most once, and nothing else in between: "5m5m" and "5y" are typos, not durations.
  const units = parts.map((p) => (p[2] === "min" ? "m" : p[2]!));
  if (!parts.length || parts.map((p) => p[0]).join("") !== compact || new Set(units).size !== units.length)
    throw new SearchSyntaxError(`"${raw}" is not a duration`, pos, "a number with a unit: 30s, 5m, 2h, 1d");
  return Math.round(parts.reduce((sum, p, i) => sum + Number(p[1]) * UNITS[units[i]!]!, 0));
}

function decimal(raw: string, pos: number): number {
  if (!/^\d+(\.\d+)?$/.test(raw) || Number(raw) > 100)
    throw new SearchSyntaxError(`"${raw}" is not a layout shift score`, pos, "a number like 0.1");
  return Number(raw);
}

function count(raw: string, pos: number): number {
  if (!/^\d+$/.test(raw))
    throw new SearchSyntaxError(`"${raw}" is not a whole number`, pos, "a whole number");
  return Number(raw);
}

/** A date (2026-11-01, or an ISO time) or a span back from now (7d, 12h). */
function instant(raw: string, pos: number, now: number): number {
  const rel = /^(\d+)(m|h|d)$/.exec(raw);
  if (rel) return now - Number(rel[1]) * UNITS[rel[2]!]!;
  if (/^\d{4}-\d{2}-\d{2}([T ][\d:.]+Z?)?$/.test(raw)) {
    const t = Date.parse(raw.length === 10 ? `${raw}T00:00:00Z` : raw);
    if (!Number.isNaN(t)) return t;
  }
  throw new SearchSyntaxError(`"${raw}" is not a date`, pos, "a date like 2026-11-01 or a span like 7d");
}

function oneOf<T extends string>(raw: string, pos: number, allowed: readonly T[], what: string): T {
  const v = raw.toLowerCase();
  if ((allowed as readonly string[]).includes(v)) return v as T;
  throw new SearchSyntaxError(`Unknown ${what} "${raw}"`, pos, `one of ${allowed.join(", ")}`);
}

const NUMBER_KEYS: Record<string, NumberField> = {
  duration: "duration",
  active: "active",
  pages: "pages",
  clicks: "clicks",
  errors: "errors",
  events: "events",
  lcp: "lcp",
  inp: "inp",
  cls: "cls",
  fcp: "fcp",
  ttfb: "ttfb",
  interaction: "interaction",
};

export function parseSearch(input: string, now = Date.now()): Filter {
  if (input.length > 2000) throw new SearchSyntaxError("The search is longer than 2,000 characters", 2000);
  const tokens = tokenize(input);
  let i = 0;
  const filter: Filter = { expr: null };
  const peek = () => tokens[i];
  const end = input.length;

  function term(t: Extract<Token, { type: "word" }>): Expr | null {
    const colon = t.colon;
    if (colon <= 0) {
      if (!t.text) throw new SearchSyntaxError("Empty quoted text", t.pos, "some text");
      return { kind: "text", value: t.text };
    }
    const key = t.text.slice(0, colon).toLowerCase();
    const raw = t.text.slice(colon + 1);
    const vpos = t.pos + colon + 1;
    if (!(KEYS as readonly string[]).includes(key)) {
      const hint = suggestKey(key);
      throw new SearchSyntaxError(
        `Unknown key "${key}"${hint ? `; did you mean "${hint}:"?` : ""}`,
        t.pos,
        hint ? `${hint}:` : "a known key",
      );
    }
    if (!raw) throw new SearchSyntaxError(`Expected a value after "${key}:"`, vpos, "a value");
    switch (key) {
      case "user":
      case "person":
        return { kind: "person", value: raw };
      case "prop": {
        const eq = raw.indexOf("=");
        if (eq <= 0 || eq === raw.length - 1)
          throw new SearchSyntaxError("Expected prop:name=value", vpos, "name=value");
        return { kind: "prop", key: raw.slice(0, eq), value: raw.slice(eq + 1) };
      }
      case "event":
        return { kind: "event", name: raw };
      case "page":
      case "url": {
        if (raw.startsWith("=")) return { kind: "page", mode: "equals", value: raw.slice(1) };
        if (raw.startsWith("~")) return { kind: "page", mode: "contains", value: raw.slice(1) };
        return { kind: "page", mode: raw.startsWith("/") ? "prefix" : "contains", value: raw };
      }
      case "path":
        return pathSteps(raw, vpos);
      case "error":
        return { kind: "error", value: raw };
      case "has":
        return { kind: "has", value: oneOf(ALIASES[raw] ?? raw, vpos, HAS, "has: value") };
      case "signal":
        return { kind: "signal", value: oneOf(ALIASES[raw] ?? raw, vpos, SIGNALS, "signal") };
      case "browser":
      case "os":
        return { kind: "facet", field: key, value: raw.toLowerCase() };
      case "device":
        return { kind: "facet", field: "device", value: oneOf(raw, vpos, DEVICES, "device") };
      case "country":
        if (!/^[A-Za-z]{2}$/.test(raw))
          throw new SearchSyntaxError(
            `"${raw}" is not a two-letter country code`,
            vpos,
            "a country code like DE",
          );
        return { kind: "facet", field: "country", value: raw.toUpperCase() };
      case "tag":
        return { kind: "tag", value: raw };
      case "cohort":
        return { kind: "cohort", value: raw };
      case "request":
        return request(raw, vpos);
      case "status":
        return { kind: "request", status: oneOf(raw, vpos, STATUS_CLASSES, "status class") };
      case "slow": {
        const { op, rest } = comparison(raw, vpos, "a duration");
        if (op !== ">" && op !== ">=")
          throw new SearchSyntaxError(
            `slow: finds requests slower than a duration, so it takes > or >=`,
            vpos,
            "slow:>1s or slow:>=500ms",
          );
        return { kind: "request", slow: { op, value: duration(rest, vpos + raw.length - rest.length) } };
      }
      case "form":
        return { kind: "form", value: raw };
      case "after":
      case "before": {
        const at = instant(raw, vpos, now);
        if (key === "after") filter.after = Math.max(filter.after ?? 0, at);
        else filter.before = Math.min(filter.before ?? Number.POSITIVE_INFINITY, at);
        return null;
      }
      default: {
        const field = NUMBER_KEYS[key]!;
        const isDuration = DURATION_FIELDS.includes(field);
        const { op, rest } = comparison(raw, vpos, isDuration ? "a duration" : "a number");
        const at = vpos + raw.length - rest.length;
        const value = isDuration ? duration(rest, at) : field === "cls" ? decimal(rest, at) : count(rest, at);
        return { kind: "number", field, op, value };
      }
    }
  }

  function primary(): Expr | null {
    const t = peek();
    if (!t) throw new SearchSyntaxError("Expected a search term", end, "a search term");
    if (t.type === "lparen") {
      i++;
      const inner = orExpr();
      const close = peek();
      if (close?.type !== "rparen") throw new SearchSyntaxError("Expected )", close?.pos ?? end, ")");
      i++;
      return inner;
    }
    if (t.type === "word") {
      i++;
      return term(t);
    }
    throw new SearchSyntaxError(
      `Unexpected ${t.type === "rparen" ? ")" : t.type.toUpperCase()}`,
      t.pos,
      "a search term",
    );
  }

  function unary(): Expr | null {
    const t = peek();
    if (t && (t.type === "not" || t.type === "minus")) {
      i++;
      const inner = unary();
      if (!inner) throw new SearchSyntaxError("after: and before: cannot be negated", t.pos);
      return { kind: "not", item: inner };
    }
    return primary();
  }

  function andExpr(): Expr | null {
    const items: Expr[] = [];
    // Requests written as bare terms in this AND, latest last: status: and slow: qualify one.
    const requests: RequestCondition[] = [];
    const push = (bare: boolean, item: Expr | null) => {
      if (!item) return;
      if (bare && item.kind === "request") {
        if (qualify(requests.at(-1), item)) return;
        requests.push(item);
      }
      items.push(item);
    };
    push(peek()?.type === "word", unary());
    for (;;) {
      const t = peek();
      if (!t || t.type === "or" || t.type === "rparen") break;
      if (t.type === "and") {
        i++;
        if (!peek()) throw new SearchSyntaxError("Expected a search term after AND", end, "a search term");
      }
      push(peek()?.type === "word", unary());
    }
    return and(items);
  }

  function orExpr(): Expr | null {
    const items: (Expr | null)[] = [andExpr()];
    while (peek()?.type === "or") {
      const at = peek()!.pos;
      i++;
      if (!peek()) throw new SearchSyntaxError("Expected a search term after OR", end, "a search term");
      const next = andExpr();
      if (!next || items.some((x) => x === null))
        throw new SearchSyntaxError("after: and before: cannot be part of an OR", at);
      items.push(next);
    }
    return items.length === 1 ? items[0]! : or(items as Expr[]);
  }

  if (tokens.length === 0) return filter;
  filter.expr = orExpr();
  const rest = peek();
  if (rest)
    throw new SearchSyntaxError(
      rest.type === "rparen" ? "Unmatched )" : "Unexpected input",
      rest.pos,
      "the end of the search",
    );
  return filter;
}

type RequestCondition = Extract<Expr, { kind: "request" }>;

/**
 * `status:` or `slow:` right after a request term (in the same AND, with only other terms between)
 * narrows that request rather than asking for any request: `request:/api/cart status:5xx` is one
 * request to /api/cart that answered 5xx. Merges `term` into `target` unless it names no request
 * of its own and sets nothing `target` has set already; says whether it did.
 */
function qualify(target: RequestCondition | undefined, term: RequestCondition): boolean {
  if (!target || term.method || term.path) return false;
  if ((term.status && target.status) || (term.slow && target.slow)) return false;
  if (term.status) target.status = term.status;
  if (term.slow) target.slow = term.slow;
  return true;
}

/** `request:/api/cart`, `request:"POST /api/cart"`, `request:DELETE`: ids in the path become :id. */
function request(raw: string, pos: number): Expr {
  const parts = raw.trim().split(/\s+/);
  const bad = () =>
    new SearchSyntaxError(
      `"${raw}" is not a request`,
      pos,
      'a path like /api/cart, or a method and a path in quotes: request:"POST /api/cart"',
    );
  if (parts.length > 2) throw bad();
  const path = parts.find((p) => p.startsWith("/"));
  const method = parts.find((p) => !p.startsWith("/"));
  if ((method && !/^[A-Za-z]{1,12}$/.test(method)) || (parts.length === 2 && !(path && method))) throw bad();
  return {
    kind: "request",
    ...(method ? { method: method.toUpperCase() } : {}),
    ...(path ? { path: normalizeRequestPath(typedPath(path.replace(/[?#].*$/, ""))) } : {}),
  };
}

/** Steps a path may have: enough for any flow diagram, bounded for what a search costs. */
export const MAX_PATH_STEPS = 10;

/**
 * `path:/a>/b>*>/c$`: pages in order from the session's first, `*` any one page, `$` nothing after.
 * `path:**>/b>/c` and `path:^>/b>/c` count back from the first arrival at /c instead (`**` any
 * pages before, `^` none), so the last step must then be a page.
 */
function pathSteps(raw: string, pos: number): Expr {
  const exact = raw.endsWith("$");
  const steps = (exact ? raw.slice(0, -1) : raw).split(">");
  const anchored = steps[0] === ANY_PAGES_BEFORE || steps[0] === VISIT_BEGAN;
  if (steps.length - (anchored ? 1 : 0) > MAX_PATH_STEPS) {
    throw new SearchSyntaxError(
      `A path has at most ${MAX_PATH_STEPS} steps`,
      pos,
      `at most ${MAX_PATH_STEPS} pages joined by >`,
    );
  }
  let at = pos;
  for (const [i, step] of steps.entries()) {
    if (i === 0 && anchored) {
      if (steps.length === 1 || steps.at(-1) === "*") {
        throw new SearchSyntaxError(
          `A path after "${step}" ends on a page`,
          pos,
          "the page the visit reached last, as in path:**>/pricing>/signup",
        );
      }
    } else if (step !== "*" && !step.startsWith("/")) {
      throw new SearchSyntaxError(
        `"${step}" is not a page path`,
        at,
        "paths joined by >, each starting with / (or * for any page): path:/pricing>/signup",
      );
    }
    at += step.length + 1;
  }
  return { kind: "path", steps, exact };
}
