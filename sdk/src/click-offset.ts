import type { RecordPlugin } from "./capture";
import { CLICK_PLUGIN, CLICK_TARGET, type ClickOffsetPayload } from "./wire";

/**
 * Click offsets (public/sdk/signals.js): for each primary click, where inside its target element it
 * landed, as fractions of the element's box, so a heatmap can draw it on that element at any width
 * or layout. Joined at ingest to rrweb's own click by the node id rrweb gives it. Numbers only: no
 * text, no attribute values; nothing for a click inside a blocked element (rrweb records none).
 */

export interface ClickOffsetOptions {
  /** The masking's block selector. */
  block: string | null;
  /** rrweb's mirror id of a node (-1 when rrweb does not know it). */
  idOf: (node: Node) => number;
}

/** Offsets sent per second at most (a burst of clicks is a rage click: its first few place it). */
export const CLICK_OFFSETS_PER_SECOND = 5;

const TAGS = new Set<string>(CLICK_TARGET.tags);
const ROLES = new Set<string>(CLICK_TARGET.roles);

const isTarget = (el: Element) =>
  TAGS.has(el.localName) || ROLES.has(el.getAttribute("role") ?? "") || CLICK_TARGET.id.test(el.id);

const fraction = (v: number) => Math.round(Math.min(1, Math.max(0, v)) * 100) / 100;

/** The payload for a click at (clientX, clientY) on `node`, or null when it has no target to place it in. */
export function clickOffset(
  node: Node,
  clientX: number,
  clientY: number,
  o: ClickOffsetOptions,
): ClickOffsetPayload | null {
  if (node.nodeType !== 1) return null;
  const clicked = node as Element;
  try {
    // rrweb's own block class as well as the masking's selector: rrweb records no click in either.
    if (clicked.closest(o.block ? `.rr-block, ${o.block}` : ".rr-block")) return null;
  } catch {
    return null;
  }
  const id = o.idOf(clicked);
  if (!(id > 0)) return null;
  let el: Element | null = clicked;
  for (let up = 0; el && up < CLICK_TARGET.depth; up++, el = el.parentElement) {
    if (!isTarget(el)) continue;
    const box = el.getBoundingClientRect();
    if (!(box.width > 0 && box.height > 0)) return null;
    return {
      id,
      up,
      x: fraction((clientX - box.left) / box.width),
      y: fraction((clientY - box.top) / box.height),
      w: Math.round(box.width),
      h: Math.round(box.height),
    };
  }
  return null;
}

export function clickOffsetPlugin(o: ClickOffsetOptions): RecordPlugin {
  return {
    name: CLICK_PLUGIN,
    observer(emit, win) {
      const doc = win.document;
      let second = 0;
      let sent = 0;
      const onClick = (e: Event) => {
        const m = e as MouseEvent;
        // rrweb records every click; the offset is for the primary button's, the heatmap's clicks.
        if (m.button !== 0) return;
        const now = Math.floor(Date.now() / 1000);
        if (now !== second) {
          second = now;
          sent = 0;
        }
        if (sent >= CLICK_OFFSETS_PER_SECOND) return;
        try {
          // rrweb names the click by its event target: the first node of the composed path.
          const target = e.composedPath()[0] as Node | undefined;
          const payload = target && clickOffset(target, m.clientX, m.clientY, o);
          if (!payload) return;
          sent++;
          emit(payload);
        } catch {}
      };
      doc.addEventListener("click", onClick, { capture: true, passive: true });
      return () => doc.removeEventListener("click", onClick, { capture: true });
    },
    options: {},
  };
}
