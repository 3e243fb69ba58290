import { gzipSync } from "node:zlib";
import { expect } from "vitest";
import { POST } from "@/app/api/v1/ingest/route";

const CHROME = "Mozilla/5.0 (X11; Linux x86_64) Chrome/130.0";

/** Posts one SDK batch through the real ingest route with a project key, gzipped as the SDK sends it. */
export function postBatch(projectKey: string, body: unknown, userAgent = CHROME): Promise<Response> {
  return POST(
    new Request(`http://rewind.test/api/v1/ingest?k=${projectKey}`, {
      method: "POST",
      body: gzipSync(JSON.stringify(body)),
      headers: { "content-type": "text/plain", "user-agent": userAgent },
    }),
  );
}

/** postBatch, expecting it stored (200). */
export async function ingestBatch(
  projectKey: string,
  body: Record<string, unknown>,
  userAgent = CHROME,
): Promise<void> {
  const res = await postBatch(projectKey, body, userAgent);
  expect(res.status, await res.clone().text()).toBe(200);
}
