import { DURATION_FIELDS, type Expr, type Filter } from "./filter";

/** The filter object → the search language; parsing the result gives the same filter back. */

const RESERVED = new Set(["AND", "OR", "NOT"]);

function quote(value: string): string {
  return /[\s()"]/.test(value) || RESERVED.has(value) || value.startsWith("-") || value === ""
    ? `"${value.replace(/"/g, "")}"`
    : value;
}

function formatDuration(ms: number): string {
  for (const [unit, size] of [
    ["d", 86_400_000],
    ["h", 3_600_000],
    ["m", 60_000],
    ["s", 1000],
  ] as const) {
    if (ms % size === 0 && ms >= size) return `${ms / size}${unit}`;
  }
  return `${ms}ms`;
}

/** A request and its qualifiers: `request:"POST /api/cart" status:5xx slow:>1s`. */
function printRequest(e: Extract<Expr, { kind: "request" }>): string[] {
  const what = [e.method, e.path].filter(Boolean).join(" ");
  return [
    ...(what ? [`request:${quote(what)}`] : []),
    ...(e.status ? [`status:${e.status}`] : []),
    ...(e.slow ? [`slow:${e.slow.op}${formatDuration(e.slow.value)}`] : []),
  ];
}

/**
 * An AND's items. A request naming no method or path after another request of the same AND is
 * put in parentheses: bare, its status: or slow: would qualify the one before.
 */
function printAnd(items: Expr[]): string {
  let afterRequest = false;
  return items
    .map((i) => {
      let text = printExpr(i, "and");
      if (i.kind === "request") {
        if (afterRequest && !i.method && !i.path) text = `(${text})`;
        afterRequest = true;
      }
      return text;
    })
    .join(" ");
}

function printExpr(e: Expr, parent: "and" | "or" | "not" | null): string {
  switch (e.kind) {
    case "and": {
      const text = printAnd(e.items);
      return parent === "not" ? `(${text})` : text;
    }
    case "or": {
      const text = e.items.map((i) => printExpr(i, "or")).join(" OR ");
      return parent === "and" || parent === "not" ? `(${text})` : text;
    }
    case "not":
      return `-${printExpr(e.item, "not")}`;
    case "person":
      return `user:${quote(e.value)}`;
    case "prop":
      return `prop:${quote(`${e.key}=${e.value}`)}`;
    case "event":
      return `event:${quote(e.name)}`;
    case "page":
      if (e.mode === "equals") return `page:${quote(`=${e.value}`)}`;
      if (
        e.mode === "contains" &&
        (e.value.startsWith("/") || e.value.startsWith("=") || e.value.startsWith("~"))
      ) {
        return `page:${quote(`~${e.value}`)}`;
      }
      return `page:${quote(e.value)}`;
    case "error":
      return `error:${quote(e.value)}`;
    case "path":
      return `path:${quote(`${e.steps.join(">")}${e.exact ? "$" : ""}`)}`;
    case "number": {
      const value = DURATION_FIELDS.includes(e.field) ? formatDuration(e.value) : String(e.value);
      return `${e.field}:${e.op}${value}`;
    }
    case "has":
    case "signal":
      return `${e.kind}:${e.value}`;
    case "facet":
      return `${e.field}:${quote(e.value)}`;
    case "tag":
      return `tag:${quote(e.value)}`;
    case "cohort":
      return `cohort:${quote(e.value)}`;
    case "request": {
      const terms = printRequest(e);
      return terms.length > 1 && parent === "not" ? `(${terms.join(" ")})` : terms.join(" ");
    }
    case "form":
      return `form:${quote(e.value)}`;
    case "text":
      return quote(e.value);
  }
}

export function printSearch(filter: Filter): string {
  const parts: string[] = [];
  if (filter.expr) parts.push(printExpr(filter.expr, null).trim());
  if (filter.after !== undefined) parts.push(`after:${new Date(filter.after).toISOString()}`);
  if (filter.before !== undefined) parts.push(`before:${new Date(filter.before).toISOString()}`);
  return parts.join(" ");
}
