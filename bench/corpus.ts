// The bench corpus: real SDK batches recorded in Chromium (bench/record-corpus.ts → bench/fixtures/corpus),
// and request bodies made from them before timing.
import { randomUUID } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";

const dir = join(import.meta.dirname, "fixtures", "corpus");

export function loadCorpus<T = Record<string, unknown>>(): T[] {
  return readdirSync(dir)
    .sort()
    .map((f) => readFileSync(join(dir, f)))
    .map((b) => JSON.parse((b[0] === 0x1f ? gunzipSync(b) : b).toString("utf8")) as T);
}

export interface CorpusBody {
  /** Gzipped, as the SDK sends it. */
  body: Buffer;
  /** Bytes of JSON before gzip. */
  inflated: number;
}

/** `n` bodies, each a corpus batch under a fresh batch id, twenty batches to a session. */
export function corpusBodies(corpus: Record<string, unknown>[], n: number): CorpusBody[] {
  const sessions = Array.from({ length: Math.max(1, Math.floor(n / 20)) }, () => randomUUID());
  return Array.from({ length: n }, (_, i) => {
    const text = JSON.stringify({
      ...corpus[i % corpus.length],
      batchId: randomUUID(),
      sessionId: sessions[i % sessions.length],
    });
    return { body: gzipSync(text), inflated: Buffer.byteLength(text) };
  });
}

/**
 * Hands `bodies` to an in-process ingest (lib/ingest/ingest.ts's ingestBatch) as the route would,
 * `concurrency` at a time under project key `key`; returns the seconds it took.
 */
export async function ingestInProcess(
  ingest: (request: Request) => Promise<unknown>,
  key: string,
  bodies: Buffer[],
  concurrency: number,
): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < bodies.length) {
        const body = bodies[next++]!;
        await ingest(
          new Request(`http://bench.test/api/v1/ingest?k=${key}`, {
            method: "POST",
            body: new Uint8Array(body),
          }),
        );
      }
    }),
  );
  return (performance.now() - started) / 1000;
}
