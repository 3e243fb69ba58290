import { json, type Received, type Scripted, startFake } from "./server";

/**
 * A Slack incoming webhook as documented: `POST` JSON with `text` to the hook's secret path;
 * answers 200 "ok", or 400 "invalid_payload" / 404 "no_service" (a revoked hook).
 */
export function startSlackFake(opts: { path: string }) {
  return startFake((r: Received): Scripted => {
    if (r.method !== "POST" || r.path !== opts.path)
      return { status: 404, headers: { "content-type": "text/plain" }, body: "no_service" };
    const body = json(r);
    if (typeof body?.text !== "string" || !body.text)
      return { status: 400, headers: { "content-type": "text/plain" }, body: "invalid_payload" };
    return { status: 200, headers: { "content-type": "text/plain" }, body: "ok" };
  });
}
