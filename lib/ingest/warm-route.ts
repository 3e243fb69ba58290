/**
 * Next loads a route's code the first time the route is asked for, on the event loop that answers
 * every request: the first batch after a start waited ~1–3 s for the ingest route's chunks, and
 * `/api/health` with it. Once the server listens, each process sends its ingest route a batch
 * under a key no workspace has: it loads and runs the route's code up to the key check (a 401)
 * and stores nothing. Connections are spread over the server processes, so each sends one request
 * per process, which reaches every process in practice.
 */
export function warmIngestRoute(base: string, processes: number): void {
  const giveUpAt = Date.now() + 60_000;
  const attempt = async (): Promise<void> => {
    try {
      for (let i = 0; i < processes; i++) {
        const res = await fetch(`${base}/api/v1/ingest?k=pk_warmup`, {
          method: "POST",
          body: "{}",
          headers: { "content-type": "text/plain" },
          signal: AbortSignal.timeout(30_000),
        });
        await res.arrayBuffer();
      }
    } catch {
      // Not listening yet: this runs while the server starts.
      if (Date.now() < giveUpAt) setTimeout(attempt, 200).unref();
    }
  };
  setTimeout(attempt, 100).unref();
}
