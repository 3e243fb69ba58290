import { randomUUID } from "node:crypto";
import { snapshotElement, snapshotText } from "../../tests/helpers/batches";

/**
 * A synthetic recording of any length: one page whose "minute" line changes and whose pointer
 * moves once per chunk, so it has a full snapshot at the start, steady mutations, and idle
 * stretches between chunks. With `checkpointEveryMs`, a fresh full snapshot (a checkpoint, as the SDK
 * takes after that much activity) opens the chunk at each such interval. Used by the player's e2e
 * tests and bench/player.
 */

const el = snapshotElement;
const text = snapshotText;

export function longRecording(opts: {
  sessionId?: string;
  start: number;
  durationMs: number;
  chunkEveryMs: number;
  checkpointEveryMs?: number;
  url?: string;
}) {
  const sessionId = opts.sessionId ?? randomUUID();
  const url = opts.url ?? "https://long.example/reading";
  const css =
    "body{margin:0;font:18px sans-serif}header{background:#1e3a8a;color:#fff;height:220px;padding:24px;font-size:32px}p{padding:24px}";
  const snapshot = (at: number) => ({
    type: 2,
    timestamp: at + 1,
    data: {
      node: {
        type: 0,
        id: 1,
        childNodes: [
          { type: 1, id: 2, name: "html", publicId: "", systemId: "" },
          el(3, "html", {}, [
            el(4, "head", {}, [el(5, "style", { _cssText: css })]),
            el(6, "body", {}, [
              el(7, "header", {}, [text(8, "A long read")]),
              el(9, "p", { id: "clock" }, [text(10, `minute ${Math.floor((at - opts.start) / 60_000)}`)]),
            ]),
          ]),
        ],
      },
      initialOffset: { top: 0, left: 0 },
    },
  });
  const every = opts.checkpointEveryMs;
  const perCheckpoint = every ? Math.max(1, Math.round(every / opts.chunkEveryMs)) : 0;
  const batches: Record<string, unknown>[] = [];
  const count = Math.max(1, Math.ceil(opts.durationMs / opts.chunkEveryMs));
  for (let i = 0; i < count; i++) {
    const at = opts.start + i * opts.chunkEveryMs;
    const events: unknown[] =
      i === 0
        ? [
            { type: 4, timestamp: opts.start, data: { href: url, width: 1280, height: 720 } },
            snapshot(opts.start),
            { type: 5, timestamp: opts.start + 2, data: { tag: "$pageview", payload: { url } } },
          ]
        : perCheckpoint && i % perCheckpoint === 0
          ? [{ type: 4, timestamp: at - 5, data: { href: url, width: 1280, height: 720 } }, snapshot(at - 5)]
          : [];
    const t = i === 0 ? opts.start + 10 : at;
    events.push(
      {
        type: 3,
        timestamp: t,
        data: {
          source: 0,
          texts: [{ id: 10, value: `minute ${Math.floor((t - opts.start) / 60_000)}` }],
          attributes: [],
          removes: [],
          adds: [],
        },
      },
      {
        type: 3,
        timestamp: t + 500,
        data: { source: 1, positions: [{ x: 100 + (i % 50) * 10, y: 300, id: 9, timeOffset: 0 }] },
      },
    );
    batches.push({
      v: 1,
      sdk: "rewind-js/synthetic",
      sessionId,
      windowId: "w-long",
      distinctId: "reader@long.example",
      batchId: randomUUID(),
      seq: i,
      events,
    });
  }
  return { sessionId, batches, endsAt: opts.start + (count - 1) * opts.chunkEveryMs + 500 };
}

/** Posts batches to a running app's ingest, a few at a time. */
export async function ingestAll(appUrl: string, projectKey: string, batches: unknown[], concurrency = 8) {
  let next = 0;
  const worker = async () => {
    while (next < batches.length) {
      const b = batches[next++];
      let res = await send(b);
      // Ingest allows 3,000 batches a minute per key: a 6-hour recording waits for the next window.
      while (res.status === 429) {
        await new Promise((r) => setTimeout(r, 1000 * Number(res.headers.get("retry-after") ?? 1)));
        res = await send(b);
      }
      if (res.status !== 200) throw new Error(`ingest answered ${res.status}: ${await res.text()}`);
    }
  };
  const send = (b: unknown) =>
    fetch(`${appUrl}/api/v1/ingest?k=${encodeURIComponent(projectKey)}`, {
      method: "POST",
      headers: {
        "content-type": "text/plain",
        "user-agent": "Mozilla/5.0 (X11; Linux x86_64) Chrome/130.0",
      },
      body: JSON.stringify(b),
    });
  await Promise.all(Array.from({ length: concurrency }, worker));
}
