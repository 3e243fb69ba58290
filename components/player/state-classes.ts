import { STATE_CLASSES } from "@/lib/replay/stylesheets";

interface Replayer {
  getMirror(): { getNode(id: number): Node | null };
}

/** rrweb's mouse interaction types (IncrementalSource.MouseInteraction = 2). */
const MOUSE_UP = 0;
const MOUSE_DOWN = 1;
const CLICK = 2;
const FOCUS = 5;
const BLUR = 6;

/**
 * An rrweb replay plugin that reproduces `:focus` and `:active` as rrweb does `:hover`: the
 * recorded focus, blur, mouse-down and mouse-up set and clear a class on the element, and the
 * stylesheets' `:focus` / `:active` rules also match that class (lib/replay/stylesheets.ts).
 */
export function stateClassesPlugin() {
  let focused: Element | null = null;
  let active: Element | null = null;
  const set = (el: Element | null, cls: string, on: boolean) => {
    if (el?.classList) el.classList.toggle(cls, on);
  };
  return {
    handler(event: { type: number; data: unknown }, _isSync: boolean, context: { replayer: Replayer }) {
      const data = event.data as Record<string, unknown>;
      if (event.type !== 3 || data.source !== 2) return;
      const node = context.replayer.getMirror().getNode(Number(data.id));
      const el = node && node.nodeType === 1 ? (node as Element) : null;
      const type = data.type;
      if (type === FOCUS) {
        set(focused, STATE_CLASSES.focus, false);
        focused = el;
        set(el, STATE_CLASSES.focus, true);
      } else if (type === BLUR) {
        set(el, STATE_CLASSES.focus, false);
        if (focused === el) focused = null;
      } else if (type === MOUSE_DOWN) {
        set(active, STATE_CLASSES.active, false);
        active = el;
        set(el, STATE_CLASSES.active, true);
      } else if (type === MOUSE_UP || type === CLICK) {
        set(active, STATE_CLASSES.active, false);
        active = null;
      }
    },
  };
}
