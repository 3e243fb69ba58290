import { expect } from "vitest";
import { createUser } from "@/lib/data/users";
import { createWorkspace } from "@/lib/data/workspaces";
import { querySessions, SORT_OPTIONS, type Sort } from "@/lib/search/engine";
import { type Comparison, ERROR_EXIT_MS, type Expr, type Filter } from "@/lib/search/filter";
import { generateSessions, rng, SEEDED_ERROR, type SeededSession, writeSession } from "@/lib/seed";
import { pathMatches, pathSequence } from "@/lib/url-path";

/** The engine against a brute-force filter and sort over the generator's ground truth. */

export async function seedCorpus(n: number, now: number): Promise<{ ws: string; truth: SeededSession[] }> {
  const user = await createUser({ email: `seed-${now}@search.test`, name: "" });
  const ws = (await createWorkspace(user.id, "Search Corpus")).id;
  const truth = generateSessions(n, { seed: 7, now, spanDays: 30 });
  for (let i = 0; i < truth.length; i += 50)
    await Promise.all(truth.slice(i, i + 50).map((s) => writeSession(ws, s)));
  return { ws, truth };
}

const cmp = (a: number, op: Comparison, b: number) =>
  op === ">" ? a > b : op === ">=" ? a >= b : op === "<" ? a < b : op === "<=" ? a <= b : a === b;

function truthMatches(e: Expr, s: SeededSession): boolean {
  const urls = [...new Set(s.pages.map((p) => `https://shop.example${p}`))];
  switch (e.kind) {
    case "and":
      return e.items.every((i) => truthMatches(i, s));
    case "or":
      return e.items.some((i) => truthMatches(i, s));
    case "not":
      return !truthMatches(e.item, s);
    case "person":
      return s.distinctId.toLowerCase() === e.value.toLowerCase();
    case "prop":
      return s.props[e.key] === e.value;
    case "event":
      return s.events.includes(e.name);
    case "page":
      if (e.mode === "equals") return s.pages.some((p) => p.toLowerCase() === e.value.toLowerCase());
      if (e.mode === "prefix") return s.pages.some((p) => p.toLowerCase().startsWith(e.value.toLowerCase()));
      return urls.some((u) => u.toLowerCase().includes(e.value.toLowerCase()));
    case "path":
      return pathMatches(pathSequence(s.pages), e.steps, e.exact);
    case "number": {
      const value = {
        duration: s.endedAt - s.startedAt,
        active: s.activeMs,
        pages: s.pages.length,
        clicks: s.clicks,
        errors: s.errors,
        events: 50 + s.clicks * 3,
      }[e.field as string];
      // The generator records no Web Vitals: a session without them never matches.
      return value !== undefined && cmp(value, e.op, e.value);
    }
    case "has":
      if (e.value === "error_then_exit") {
        // The generator spreads a session's exceptions evenly over it (lib/seed.ts seededEvents).
        const span = s.endedAt - s.startedAt;
        const last = s.startedAt + Math.floor((span * s.errors) / (s.errors + 1));
        return s.errors > 0 && s.endedAt - last <= ERROR_EXIT_MS;
      }
      if (e.value === "poor_vitals" || e.value === "form_submit") return false;
      return e.value === "errors" ? s.errors > 0 : s.consoleErrors > 0;
    case "error":
      return s.errors > 0 && SEEDED_ERROR.toLowerCase().includes(e.value.toLowerCase());
    case "signal":
      return s.signals.includes(e.value);
    case "facet":
      return s[e.field].toLowerCase() === e.value.toLowerCase();
    case "tag":
    case "cohort":
    // The generator records no network requests.
    case "request":
    case "form":
      return false;
    case "text":
      return (
        s.distinctId.toLowerCase().includes(e.value.toLowerCase()) ||
        urls.some((u) => u.toLowerCase().includes(e.value.toLowerCase()))
      );
  }
}

function sortScore(s: SeededSession, sort: Sort): number {
  switch (sort) {
    case "recent":
      return s.startedAt;
    case "duration":
      return s.endedAt - s.startedAt;
    case "active":
      return s.activeMs;
    case "pages":
      return s.pages.length;
    case "errors":
      return s.errors;
    case "signals":
      return s.signals.length;
  }
}

export function bruteForce(truth: SeededSession[], filter: Filter, sort: Sort): string[] {
  return truth
    .filter(
      (s) =>
        (filter.after === undefined || s.startedAt >= filter.after) &&
        (filter.before === undefined || s.startedAt < filter.before),
    )
    .filter((s) => !filter.expr || truthMatches(filter.expr, s))
    .map((s) => ({ id: s.id, score: sortScore(s, sort) }))
    .sort((a, b) => b.score - a.score || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0))
    .map((s) => s.id);
}

/** A random filter drawn from what the corpus contains, so most filters match something. */
export function randomFilter(truth: SeededSession[], r: () => number, now: number): Filter {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
  const sample = () => pick(truth);
  const condition = (): Expr => {
    const s = sample();
    switch (Math.floor(r() * 15)) {
      case 0:
        return { kind: "person", value: s.distinctId };
      case 1:
        return {
          kind: "event",
          name: pick(["checkout_started", "payment_failed", "signup_completed", "plan_upgraded"]),
        };
      case 2:
        return {
          kind: "page",
          mode: pick(["prefix", "equals", "contains"] as const),
          value: pick(["/checkout", "/docs", "/blog/launch", "/account", "pay", "/"]),
        };
      case 3:
        return {
          kind: "number",
          field: "duration",
          op: pick([">", ">=", "<", "<="] as const),
          value: pick([5000, 60_000, 600_000]),
        };
      case 4:
        return {
          kind: "number",
          field: pick(["pages", "errors", "clicks", "active", "events"] as const),
          op: pick([">", ">=", "<", "<=", "="] as const),
          value: pick([0, 1, 2, 3, 30]),
        };
      case 5:
        return { kind: "has", value: pick(["errors", "console_errors", "error_then_exit"] as const) };
      case 6:
        return { kind: "signal", value: pick(["rage", "dead", "thrash", "uturn", "errorclick"] as const) };
      case 7:
        return { kind: "facet", field: "browser", value: s.browser };
      case 8:
        return { kind: "facet", field: "device", value: s.device };
      case 9:
        return { kind: "facet", field: "country", value: s.country };
      case 10:
        return { kind: "facet", field: "os", value: s.os };
      case 11:
        return { kind: "prop", key: "plan", value: pick(["free", "growth", "enterprise", "none"]) };
      case 13:
        return { kind: "error", value: pick(["cannot read", "TypeError", "PaymentError"]) };
      case 12: {
        // The start of a sampled session's own path, sometimes with a step left open or the end fixed.
        const path = pathSequence(s.pages);
        const steps = path.slice(0, 1 + Math.floor(r() * Math.min(3, path.length)));
        if (steps.length > 1 && r() < 0.3) steps[0] = "*";
        if (r() < 0.3) {
          // The pages that led to one of its pages, as the flow to an end page searches them.
          const back = path.slice(0, 1 + Math.floor(r() * path.length)).slice(-1 - Math.floor(r() * 3));
          if (back.length > 2 && r() < 0.5) back[1] = "*";
          return { kind: "path", steps: [r() < 0.7 ? "**" : "^", ...back], exact: r() < 0.2 };
        }
        return { kind: "path", steps: steps.length ? steps : ["/"], exact: r() < 0.3 };
      }
      default:
        return { kind: "text", value: pick(["user1", "checkout", "anon-", "docs"]) };
    }
  };
  const n = 1 + Math.floor(r() * 3);
  const items: Expr[] = Array.from({ length: n }, () => {
    const roll = r();
    if (roll < 0.12) return { kind: "not", item: condition() };
    if (roll < 0.25) return { kind: "or", items: [condition(), condition()] };
    return condition();
  });
  const filter: Filter = { expr: items.length === 1 ? items[0]! : { kind: "and", items } };
  if (r() < 0.3) filter.after = now - Math.floor(r() * 20) * 86_400_000;
  if (r() < 0.2) filter.before = now - Math.floor(r() * 10) * 86_400_000;
  return filter;
}

/**
 * Walks every page through cursors and checks the whole list equals the brute-force one, for the
 * random combinations numbered [from, to) of one fixed sequence: the drivers' suites share the
 * sequence out, so each checks combinations the other does not.
 */
export async function checkCombinations(
  ws: string,
  truth: SeededSession[],
  now: number,
  { from, to }: { from: number; to: number },
): Promise<number> {
  const r = rng(99);
  let totalPages = 0;
  for (let c = 0; c < to; c++) {
    const filter = randomFilter(truth, r, now);
    const sort = SORT_OPTIONS[Math.floor(r() * SORT_OPTIONS.length)]!;
    const limit = [25, 100, 200][Math.floor(r() * 3)]!;
    if (c < from) continue;
    const expected = bruteForce(truth, filter, sort);
    const got: string[] = [];
    let cursor: string | null = null;
    for (let guard = 0; guard < 10_000; guard++) {
      const page = await querySessions(ws, filter, { sort, cursor, limit });
      got.push(...page.sessions.map((s) => s.id));
      totalPages++;
      cursor = page.nextCursor;
      if (!cursor) break;
      if (got.length > expected.length + limit) break;
    }
    expect(got, `${JSON.stringify(filter)} sorted by ${sort}`).toEqual(expected);
  }
  return totalPages;
}
