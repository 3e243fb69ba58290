import { gzipText } from "./transport";

/**
 * Gzip off the main thread (issue #18 item 2): a worker built from an inlined source (a Blob URL,
 * no extra file) compresses each batch's JSON; the page posts the text (a copy of one string,
 * cheap, where a structured clone of the events costs about what JSON.stringify does) and gets
 * the bytes back. Where the page's CSP blocks blob: workers (worker-src), or the
 * worker fails, the same gzipText runs on the main thread, its work in chunks between tasks.
 */

/** The worker's whole source: gzipText's own (it refers to nothing outside itself) and the reply. */
const SOURCE = `onmessage=async({data:[i,t]})=>postMessage([i,await(${gzipText})(t).catch(()=>0)])`;

/** Undefined: not started yet; null: not available on this page. */
let worker: Worker | null | undefined;
/** Each reply is the bytes, or 0 when the worker could not compress (then the main thread does). */
const replies = new Map<number, (bytes: Uint8Array | 0) => void>();
let nextId = 0;

function startWorker(): Worker | null {
  try {
    const w = new Worker(URL.createObjectURL(new Blob([SOURCE])));
    w.onmessage = ({ data: [id, bytes] }: MessageEvent<[number, Uint8Array | 0]>) => {
      replies.get(id)?.(bytes);
      replies.delete(id);
    };
    // Blocked by the page's CSP after all (reported as an error event), or broken: what it was
    // given is compressed on the main thread, and so is everything after.
    w.onerror = () => {
      worker = null;
      for (const reply of replies.values()) reply(0);
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
    const bytes = await new Promise<Uint8Array | 0>((resolve) => {
      const id = nextId++;
      replies.set(id, resolve);
      w.postMessage([id, text]);
    });
    if (bytes) return bytes;
  }
  return gzipText(text);
}
