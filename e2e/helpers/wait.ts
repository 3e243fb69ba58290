import { gunzipSync } from "node:zlib";
import type { Page, Request } from "playwright-core";

/** Polls `probe` until it returns something truthy; fails naming what it waited for. */
export async function until<T>(
  what: string | (() => string),
  probe: () => Promise<T | null | undefined | false>,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${typeof what === "string" ? what : what()}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** The body the SDK sent, decoded (it gzips with CompressionStream when it can). */
export function bodyText(request: Request): string {
  const buf = request.postDataBuffer();
  if (!buf || buf.length === 0) return "";
  return buf[0] === 0x1f && buf[1] === 0x8b ? gunzipSync(buf).toString("utf8") : buf.toString("utf8");
}

/**
 * Runs `go` (the navigation to a page with the SDK) and waits until the recorder's first full
 * snapshot has left the page; returns the session id. Only then does a test's click count: the
 * snapshot is taken in slices and rrweb observes the page only once it is committed, so a click
 * before that is not recorded and the snapshot shows the page after it. (The demo's "● Recording
 * this visit" label is the server-rendered page's own and shows before the recorder arrives.)
 */
export async function recordingStarted(page: Page, go: () => Promise<unknown>): Promise<string> {
  const snapshotSent = page.waitForRequest(
    (r) => r.url().includes("/api/v1/ingest") && bodyText(r).includes('"type":2'),
    { timeout: 30_000 },
  );
  await go();
  await snapshotSent;
  return page.evaluate(() =>
    (window as unknown as { rewind: { getSessionId(): string } }).rewind.getSessionId(),
  );
}
