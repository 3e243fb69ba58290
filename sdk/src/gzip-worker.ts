import { gzipText } from "./transport";

/**
 * Gzip off the main thread (issue #18 item 2): a worker built from an inlined source (a Blob URL,
 * no extra file) compresses each batch's JSON; the page posts the text (a copy of one string,
 * cheap, where a structured clone of the events costs about what JSON.stringify does) and gets
 * the bytes back, transferred. Where the page's CSP blocks blob: workers (worker-src), or the
 * worker fails, the same gzipText runs on the main thread, its work in chunks between tasks.
 */

/** The worker's whole source: gzipText's own (it refers to nothing outside itself) and the reply. */
const SOURCE = `onmessage=async({data:[i,t]})=>{let b=null;try{b=(await(${gzipText})(t)).buffer}catch{}postMessage([i,b],b?[b]:[])}`;

/** Undefined: not started yet; null: not available on this page. */
let worker: Worker | null | undefined;
const replies = new Map<number, (bytes: ArrayBuffer | null) => void>();
let nextId = 0;

function startWorker(): Worker | null {
  try {
    const w = new Worker(URL.createObjectURL(new Blob([SOURCE], { type: "text/javascript" })));
    w.onmessage = ({ data: [id, bytes] }: MessageEvent<[number, ArrayBuffer | null]>) => {
      replies.get(id)?.(bytes);
      replies.delete(id);
    };
    // Blocked by the page's CSP after all (reported as an error event), or broken: what it was
    // given is compressed on the main thread, and so is everything after.
    w.onerror = () => {
      worker = null;
      w.terminate();
      for (const reply of replies.values()) reply(null);
      replies.clear();
    };
    return w;
  } catch {
    return null;
  }
}

export async function gzipOffThread(text: string): Promise<Uint8Array> {
  if (worker === undefined) worker = startWorker();
  const w = worker;
  if (w) {
    const bytes = await new Promise<ArrayBuffer | null>((resolve) => {
      const id = nextId++;
      replies.set(id, resolve);
      w.postMessage([id, text]);
    });
    if (bytes) return new Uint8Array(bytes);
  }
  return gzipText(text);
}
