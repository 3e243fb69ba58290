import { gzipSync } from "node:zlib";
import { expect } from "vitest";
import { POST } from "@/app/api/v1/ingest/route";

/** Posts one SDK batch through the real ingest route with a project key, gzipped as the SDK sends it; expects 200. */
export async function ingestBatch(
  projectKey: string,
  body: Record<string, unknown>,
  userAgent = "Mozilla/5.0 (X11; Linux x86_64) Chrome/130.0",
): Promise<void> {
  const res = await POST(
    new Request(`http://rewind.test/api/v1/ingest?k=${projectKey}`, {
      method: "POST",
      body: gzipSync(JSON.stringify(body)),
      headers: { "content-type": "text/plain", "user-agent": userAgent },
    }),
  );
  expect(res.status, await res.clone().text()).toBe(200);
}
