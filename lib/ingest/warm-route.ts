import { gzipSync } from "node:zlib";
import { EventType, IncrementalSource } from "@/sdk/src/wire";

/**
 * Next loads a route's code the first time the route is asked for, on the event loop that answers
 * every request: the first batch after a start waited ~1–3 s for the ingest route's chunks, and
 * `/api/health` with it. Once the server listens, each process sends its ingest route a batch
 * under a key no workspace has: it loads and runs the route's code up to the key check (a 401)
 * and stores nothing. The posthog-js drop-in's `/s/` route is warmed the same way, with a small
 * snapshot under that key: its chunks loading made its first request after a start ~70 ms slower,
 * on the same event loop. Connections are spread over the server processes, so each process
 * sends its requests once per process, concurrently, which reaches every process in practice.
 */
const WARM_KEY = "pk_warmup";

/** A posthog-js `$snapshot` as posthog-js sends it: a mutation whose lists are gzipped (cv). */
function dropinSnapshot(): string {
  const empty = gzipSync("[]").toString("latin1");
  return JSON.stringify([
    {
      event: "$snapshot",
      properties: {
        token: WARM_KEY,
        distinct_id: "warmup",
        $session_id: "warmup",
        $snapshot_data: [
          {
            type: EventType.IncrementalSnapshot,
            timestamp: Date.now(),
            cv: "2024-10",
            data: {
              source: IncrementalSource.Mutation,
              texts: empty,
              attributes: empty,
              removes: empty,
              adds: empty,
            },
          },
        ],
      },
    },
  ]);
}

/** Each route warmed, and the body it is sent: every one answers 401 (no workspace has the key). */
const WARM_UPS: [path: string, body: string][] = [
  [`/api/v1/ingest?k=${WARM_KEY}`, "{}"],
  ["/s/", dropinSnapshot()],
];

export function warmIngestRoute(base: string, processes: number): void {
  const giveUpAt = Date.now() + 60_000;
  const attempt = async (): Promise<void> => {
    try {
      // Concurrent, so over as many connections, which the cluster hands to its processes in turn
      // (one after another, fetch would reuse one or two kept-alive connections).
      const lane = async () => {
        for (const [path, body] of WARM_UPS) {
          const res = await fetch(`${base}${path}`, {
            method: "POST",
            body,
            headers: { "content-type": "text/plain" },
            signal: AbortSignal.timeout(30_000),
          });
          await res.arrayBuffer();
        }
      };
      await Promise.all(Array.from({ length: processes }, lane));
    } catch {
      // Not listening yet: this runs while the server starts.
      if (Date.now() < giveUpAt) setTimeout(attempt, 200).unref();
    }
  };
  setTimeout(attempt, 100).unref();
}
