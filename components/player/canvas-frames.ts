import { type CanvasFrame, canvasFrame } from "@/lib/replay/canvas-frames";
import { EventType, IncrementalSource } from "@/sdk/src/wire";

interface Replayer {
  getMirror(): { getId(node: Node): number };
  iframe: HTMLIFrameElement;
}

const ATTR = "data-rewind-canvas";

/**
 * An rrweb replay plugin that shows recorded canvas frames without giving the replay iframe
 * `allow-scripts` (rrweb replays canvas only with UNSAFE_replayCanvas, which adds it). In a
 * document without scripting a <canvas> renders as its fallback content, an empty inline box,
 * whatever is drawn into it; so each canvas gets its recorded size and its latest frame as a
 * background image from a style rule of ours, keyed by an attribute on the node. Canvases
 * without frames (canvas not recorded) keep their size, so the layout around them holds.
 *
 * A seek replays every event up to the target at once, partly into rrweb's virtual DOM (whose
 * diff drops our attribute), so frames are only noted as they pass and the rules are rewritten
 * once the real DOM is up to date.
 */
export function canvasFramesPlugin() {
  const latest = new Map<number, CanvasFrame>();
  const styles = new WeakMap<Document, Map<number, HTMLStyleElement>>();
  let replayer: Replayer | null = null;
  let scheduled = false;

  const paint = () => {
    scheduled = false;
    const doc = replayer?.iframe.contentDocument;
    if (!replayer || !doc?.head) return;
    const mirror = replayer.getMirror();
    const own = styles.get(doc) ?? new Map<number, HTMLStyleElement>();
    styles.set(doc, own);
    for (const canvas of Array.from(doc.querySelectorAll("canvas"))) {
      const id = mirror.getId(canvas);
      if (id < 0) continue;
      if (canvas.getAttribute(ATTR) !== String(id)) canvas.setAttribute(ATTR, String(id));
      const css = canvasCss(id, canvas, latest.get(id));
      let style = own.get(id);
      if (!style?.isConnected) {
        style = doc.createElement("style");
        doc.head.appendChild(style);
        own.set(id, style);
      }
      if (style.textContent !== css) style.textContent = css;
    }
  };

  return {
    handler(event: { type: number; data: unknown }, _isSync: boolean, context: { replayer: Replayer }) {
      replayer = context.replayer;
      const data = event.data as Record<string, unknown>;
      // A full snapshot rebuilds the page, and a new page may reuse ids for other nodes.
      if (event.type === EventType.FullSnapshot) latest.clear();
      else if (
        event.type !== EventType.IncrementalSnapshot ||
        (data.source !== IncrementalSource.Mutation && data.source !== IncrementalSource.CanvasMutation)
      )
        return;
      const frame = event.type === EventType.IncrementalSnapshot ? canvasFrame(data) : null;
      if (frame) latest.set(frame.id, frame);
      if (!scheduled) setTimeout(paint, 0);
      scheduled = true;
    },
  };
}

/**
 * The canvas's recorded size (its width/height attributes, or the HTML defaults) at no
 * specificity, so the page's own CSS still sizes it where it did; the frame over it.
 */
function canvasCss(id: number, canvas: HTMLCanvasElement, frame: CanvasFrame | undefined): string {
  const w = Number(canvas.getAttribute("width")) || 300;
  const h = Number(canvas.getAttribute("height")) || 150;
  const at = `canvas[${ATTR}="${id}"]`;
  const size = `:where(${at}){display:inline-block;width:${w}px;aspect-ratio:${w}/${h}}`;
  return frame ? `${size}${at}{background:url("${frame.src}") 0 0/100% 100% no-repeat!important}` : size;
}
