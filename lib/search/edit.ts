import { and, type Condition, type Expr, type Filter } from "./filter";

/**
 * Filter controls and the search box edit the same filter object: a control owns the top-level
 * AND term it matches, reads it, and replaces or removes it, leaving the rest of the search alone.
 */

export type Match = (c: Condition) => boolean;

const topLevel = (expr: Expr | null): Expr[] =>
  expr === null ? [] : expr.kind === "and" ? expr.items : [expr];
const isCondition = (e: Expr): e is Condition => e.kind !== "and" && e.kind !== "or" && e.kind !== "not";

export function findTerm(filter: Filter, match: Match): Condition | null {
  return topLevel(filter.expr).find((e): e is Condition => isCondition(e) && match(e)) ?? null;
}

export function setTerm(filter: Filter, match: Match, term: Condition | null): Filter {
  const rest = topLevel(filter.expr).filter((e) => !(isCondition(e) && match(e)));
  return { ...filter, expr: and(term ? [...rest, term] : rest) };
}
