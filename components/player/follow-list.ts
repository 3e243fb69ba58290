"use client";

import { useEffect, useRef } from "react";

/**
 * Keeps the current row of a list in view as the playhead moves, and stops doing so for a few
 * seconds after the person scrolls the list themselves.
 */
export function useFollowPlayhead<E extends HTMLElement = HTMLUListElement>(currentKey: string | null) {
  const list = useRef<E>(null);
  const userScrolledAt = useRef(0);
  const programmatic = useRef(false);
  useEffect(() => {
    if (!currentKey || !list.current || Date.now() - userScrolledAt.current < 5000) return;
    const row = list.current.querySelector<HTMLElement>(`[data-key="${CSS.escape(currentKey)}"]`);
    if (!row) return;
    programmatic.current = true;
    row.scrollIntoView({ block: "nearest" });
    requestAnimationFrame(() => {
      programmatic.current = false;
    });
  }, [currentKey]);
  const onScroll = () => {
    if (!programmatic.current) userScrolledAt.current = Date.now();
  };
  return { list, onScroll };
}

/** The key of the last row at or before the playhead. */
export function currentRow<T>(rows: T[], atOf: (r: T) => number, now: number, keyOf: (r: T) => string) {
  let found: T | null = null;
  for (const r of rows) {
    if (atOf(r) <= now) found = r;
    else break;
  }
  return found ? keyOf(found) : null;
}

/**
 * The row to mark: the one the person clicked while the playhead is still at its moment (rows
 * sharing a moment stay told apart), otherwise the last row at or before the playhead.
 */
export function markedRow<T>(
  rows: T[],
  atOf: (r: T) => number,
  now: number,
  keyOf: (r: T) => string,
  picked: { key: string; at: number } | null,
) {
  const current = currentRow(rows, atOf, now, keyOf);
  if (!picked || picked.at > now) return current;
  const currentAt = rows.find((r) => keyOf(r) === current);
  return currentAt && atOf(currentAt) === picked.at ? picked.key : current;
}
