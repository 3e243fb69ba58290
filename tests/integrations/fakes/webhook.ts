import { createHmac, timingSafeEqual } from "node:crypto";
import { type Received, type Scripted, startFake } from "./server";

/**
 * A receiver of Rewind's webhooks that verifies them as docs/INTEGRATIONS.md tells receivers to:
 * HMAC-SHA256 over `<Rewind-Timestamp>.<raw body>` with the signing secret, compared with
 * `Rewind-Signature: v1=<hex>`; a bad signature gets 401.
 */
export function startWebhookFake() {
  let secret = "";
  const fake = startFake((r: Received): Scripted => {
    const ts = String(r.headers["rewind-timestamp"] ?? "");
    const given = Buffer.from(String(r.headers["rewind-signature"] ?? ""));
    const wanted = Buffer.from(`v1=${createHmac("sha256", secret).update(`${ts}.${r.body}`).digest("hex")}`);
    if (given.length !== wanted.length || !timingSafeEqual(given, wanted))
      return { status: 401, body: { error: "bad signature" } };
    return { status: 204 };
  });
  return {
    fake,
    useSecret: (s: string) => {
      secret = s;
    },
  };
}
