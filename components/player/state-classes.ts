import { STATE_CLASSES } from "@/lib/replay/stylesheets";
import { EventType, IncrementalSource, MouseInteractions } from "@/sdk/src/wire";

interface Replayer {
  getMirror(): { getNode(id: number): Node | null };
}

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
      if (event.type !== EventType.IncrementalSnapshot || data.source !== IncrementalSource.MouseInteraction)
        return;
      const node = context.replayer.getMirror().getNode(Number(data.id));
      const el = node && node.nodeType === 1 ? (node as Element) : null;
      const type = data.type;
      if (type === MouseInteractions.Focus) {
        set(focused, STATE_CLASSES.focus, false);
        focused = el;
        set(el, STATE_CLASSES.focus, true);
      } else if (type === MouseInteractions.Blur) {
        set(el, STATE_CLASSES.focus, false);
        if (focused === el) focused = null;
      } else if (type === MouseInteractions.MouseDown) {
        set(active, STATE_CLASSES.active, false);
        active = el;
        set(el, STATE_CLASSES.active, true);
      } else if (type === MouseInteractions.MouseUp || type === MouseInteractions.Click) {
        set(active, STATE_CLASSES.active, false);
        active = null;
      }
    },
  };
}
