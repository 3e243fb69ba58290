/**
 * What the player does to recorded CSS before rrweb rebuilds it, all on the events' own node
 * trees (pure, unit-tested): stylesheets the recorder could not read get the text the server's
 * asset store fetched; web fonts load through the asset route (a font is fetched cross-origin only
 * with CORS, which a site rarely sends to another origin such as the replay's); and `:focus` /
 * `:active` rules also match a class the replay sets, as rrweb does for `:hover`.
 */

import { EventType, IncrementalSource, NodeType } from "@/sdk/src/wire";

type Event = { type: number; data: Record<string, unknown> };

interface SnapshotNode {
  type?: number;
  tagName?: string;
  attributes?: Record<string, unknown>;
  childNodes?: SnapshotNode[];
  textContent?: string;
  isStyle?: boolean;
}

/** Every snapshot node of a full snapshot or a mutation's added nodes, walked without recursion. */
function eachNode(events: Event[], visit: (n: SnapshotNode) => void): void {
  for (const e of events) {
    const roots: SnapshotNode[] = [];
    if (e.type === EventType.FullSnapshot && e.data.node) roots.push(e.data.node as SnapshotNode);
    if (
      e.type === EventType.IncrementalSnapshot &&
      e.data.source === IncrementalSource.Mutation &&
      Array.isArray(e.data.adds)
    )
      for (const add of e.data.adds as { node?: SnapshotNode }[]) if (add.node) roots.push(add.node);
    const stack = roots;
    while (stack.length) {
      const n = stack.pop()!;
      visit(n);
      if (n.childNodes) stack.push(...n.childNodes);
    }
  }
}

const isStylesheetLink = (n: SnapshotNode) =>
  n.tagName === "link" && String(n.attributes?.rel ?? "").toLowerCase() === "stylesheet";

/** Stylesheet links the recorder could not inline (cross-origin without CORS). */
export function unreadStylesheets(events: Event[]): string[] {
  const hrefs = new Set<string>();
  eachNode(events, (n) => {
    if (isStylesheetLink(n) && !("_cssText" in (n.attributes ?? {})) && n.attributes?.href)
      hrefs.add(String(n.attributes.href));
  });
  return [...hrefs];
}

/**
 * Rewrites the CSS the replay will apply: `_cssText` of links (given to unread ones by `cssOf`)
 * and the text of <style> elements. Returns how many links it inlined.
 */
export function prepareCss(
  events: Event[],
  cssOf: (href: string) => string | undefined,
  adapt: (css: string) => string,
): number {
  let inlined = 0;
  eachNode(events, (n) => {
    const a = n.attributes;
    if (isStylesheetLink(n) && a) {
      if (!("_cssText" in a)) {
        const css = cssOf(String(a.href ?? ""));
        if (css === undefined) return;
        a._cssText = css;
        inlined++;
      }
      a._cssText = adapt(String(a._cssText));
    } else if (n.tagName === "style" && a && typeof a._cssText === "string") a._cssText = adapt(a._cssText);
    else if (n.type === NodeType.Text && n.isStyle && typeof n.textContent === "string")
      n.textContent = adapt(n.textContent);
  });
  return inlined;
}

const URL_TOKEN = /url\(\s*(?:"([^"]*)"|'([^']*)'|([^)'"\s]*))\s*\)/g;

/** Resolves every url() and @import of a stylesheet against where it was fetched from. */
export function absoluteCssUrls(css: string, sheetUrl: string): string {
  const resolve = (u: string) => {
    if (!u || /^(data|blob):/i.test(u) || u.startsWith("#")) return u;
    try {
      return new URL(u, sheetUrl).href;
    } catch {
      return u;
    }
  };
  return css
    .replace(URL_TOKEN, (_m, d?: string, s?: string, b?: string) => `url("${resolve(d ?? s ?? b ?? "")}")`)
    .replace(/@import\s+(["'])([^"']+)\1/g, (_m, _q, u: string) => `@import url("${resolve(u)}")`);
}

/** Points the http(s) url()s inside @font-face rules at `toAsset` (the asset route). */
export function routeFontUrls(css: string, toAsset: (url: string) => string): string {
  return css.replace(/@font-face\s*\{[^}]*\}/gi, (block) =>
    block.replace(URL_TOKEN, (m, d?: string, s?: string, b?: string) => {
      const u = d ?? s ?? b ?? "";
      return /^https?:\/\//i.test(u) ? `url("${toAsset(u)}")` : m;
    }),
  );
}

/** The classes the replay sets for element states rrweb does not reproduce (it does `:hover`). */
export const STATE_CLASSES = { focus: "rw-focus", active: "rw-active" } as const;

/**
 * Adds, to each rule whose selector uses `:focus` or `:active`, the same selector with the state
 * as a class: `a:focus` also matches `a.rw-focus`. At-rule preludes are left alone.
 */
export function stateSelectors(css: string): string {
  const state = /:(focus(?:-visible)?|active)(?![-\w])/;
  if (!state.test(css)) return css;
  return css.replace(/(^|[{}])([^{}@]+)\{/g, (m, lead: string, prelude: string) => {
    if (!state.test(prelude)) return m;
    const extra = prelude
      .split(",")
      .filter((s) => state.test(s))
      .map((s) =>
        s
          .trim()
          .replace(/:focus(?:-visible)?(?![-\w])/g, `.${STATE_CLASSES.focus}`)
          .replace(/:active(?![-\w])/g, `.${STATE_CLASSES.active}`),
      );
    return `${lead}${prelude.trimEnd()}, ${extra.join(", ")} {`;
  });
}
