/**
 * JSON.stringify in time slices. A batch holding a full snapshot of a large page is megabytes of
 * JSON, and one JSON.stringify of it was a long task of its own on top of rrweb's snapshot. Here
 * the containers that grow with the page (arrays of objects, and objects holding `childNodes`,
 * `node`, `events`, `data` or `adds`) are walked, everything else goes through the native
 * JSON.stringify, and the walk gives the main thread back every SLICE_MS. The output is exactly
 * JSON.stringify's for plain data (no toJSON, no cycles: what rrweb emits).
 */

export const SLICE_MS = 25;

/**
 * Resolves in a new task. A MessageChannel message, not setTimeout: nested timeouts are clamped to
 * 4 ms, which made a sliced megabyte snapshot take seconds to leave, often too late (page exit).
 */
export function nextTask(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(0);
  });
}

const WALKED_KEYS = ["childNodes", "node", "events", "data", "adds"];

const walked = (v: object) => WALKED_KEYS.some((k) => k in v);

export async function stringifySliced(value: unknown, sliceMs = SLICE_MS): Promise<string> {
  // Each slice's pieces are joined before the pause, and the slices at the end: one join of 100k+
  // small strings (or a rope of them, flattened when the text is posted) was a task of 50-100 ms.
  let out: string[] = [];
  const slices: string[] = [];
  let sliceStart = performance.now();
  let leaves = 0;
  // A generator, not async functions: an await per node (a promise and a microtask each) cost
  // more than the JSON itself. It yields when the slice is over (the clock read every 64 leaves).
  function* write(v: unknown, inArray: boolean): Generator<void, void> {
    if (Array.isArray(v) && typeof v[0] === "object" && v[0] !== null) {
      out.push("[");
      for (let i = 0; i < v.length; i++) {
        if (i) out.push(",");
        yield* write(v[i], true);
      }
      out.push("]");
      return;
    }
    if (v && typeof v === "object" && !Array.isArray(v) && walked(v)) {
      out.push("{");
      let first = true;
      for (const [k, x] of Object.entries(v)) {
        if (x === undefined || typeof x === "function" || typeof x === "symbol") continue;
        out.push(`${first ? "" : ","}${JSON.stringify(k)}:`);
        first = false;
        yield* write(x, false);
      }
      out.push("}");
      return;
    }
    // What JSON.stringify writes for a value it cannot represent: null in an array, nothing in an
    // object (the key was skipped above), undefined at the top.
    const text = JSON.stringify(v) as string | undefined;
    out.push(text ?? (inArray ? "null" : ""));
    if (!(++leaves & 63) && performance.now() - sliceStart >= sliceMs) yield;
  }
  const steps = write(value, false);
  while (!steps.next().done) {
    slices.push(out.join(""));
    out = [];
    await nextTask();
    sliceStart = performance.now();
  }
  return slices.join("") + out.join("");
}
