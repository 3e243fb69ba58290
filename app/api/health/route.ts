import { checkBlob, checkKv } from "@/lib/data/store-health";
import { version } from "@/lib/version";

export const dynamic = "force-dynamic";

/**
 * Liveness with a real round trip to both stores; 503 names the part that failed. Public and
 * without a wrapper: it reads no request and the checks report failures instead of throwing.
 */
export async function GET(): Promise<Response> {
  const [kv, blob] = await Promise.all([checkKv(), checkBlob()]);
  const ok = kv.ok && blob.ok;
  const body: Record<string, unknown> = { ok, kv: kv.driver, blob: blob.driver, version };
  if (!ok) {
    const failing = [
      kv.ok ? null : `kv (${kv.driver}): ${kv.error}`,
      blob.ok ? null : `blob (${blob.driver}): ${blob.error}`,
    ]
      .filter(Boolean)
      .join("; ");
    body.failing = [kv.ok ? null : "kv", blob.ok ? null : "blob"].filter(Boolean);
    body.error = { code: "unavailable", message: `Storage is not answering: ${failing}` };
  }
  return Response.json(body, { status: ok ? 200 : 503, headers: { "cache-control": "no-store" } });
}
