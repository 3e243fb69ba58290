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
 * Waits for the SDK's recorder to have started (its first snapshot taken). The demo's
 * "● Recording this visit" label is the page's own and shows before the recorder arrives, so on a
 * busy box a click made right after it could precede the recording.
 */
export async function recordingStarted(page: Page): Promise<string> {
  const id = await page.waitForFunction(() =>
    (window as unknown as { rewind?: { getSessionId(): string | null } }).rewind?.getSessionId(),
  );
  return (await id.jsonValue()) as string;
}
