import { createHash } from "node:crypto";
import { z } from "zod";
import { ID_PATTERN } from "@/lib/ids";
import { blob, readAll } from "@/lib/storage/blob";
import { kv } from "@/lib/storage/kv";
import { parseJsonRecord } from "./json-hash";
import { skipCorrupt } from "./record";

/**
 * The workspace's asset store: files a replay needs that the recording does not hold (stylesheets
 * the recorder could not read, web fonts), fetched from the recorded site once (lib/assets). The
 * bytes are kept once per content hash per workspace (`assets/<ws>/<sha256>`); a hash of URL →
 * what it held, or why it could not be fetched (tried again after a while).
 */

const assetRefSchema = z.object({
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  contentType: z.string(),
  kind: z.enum(["css", "font"]),
  at: z.number(),
});
export type AssetRef = z.infer<typeof assetRefSchema>;

const assetFailureSchema = z.object({ error: z.string(), at: z.number() });
export type AssetFailure = z.infer<typeof assetFailureSchema>;

const assetEntrySchema = z.union([assetRefSchema, assetFailureSchema]);

const urlsKey = (ws: string) => `{w:${ws}}:assets`;
const blobKey = (ws: string, hash: string) => {
  if (!ID_PATTERN.test(ws) || !/^[0-9a-f]{64}$/.test(hash)) throw new Error("Refusing to build an asset key");
  return `assets/${ws}/${hash}`;
};

/** The longest URL kept as a field (longer ones are refused before they get here). */
export const ASSET_URL_CHARS = 2048;

export async function assetOf(ws: string, url: string): Promise<AssetRef | AssetFailure | null> {
  const raw = await (await kv()).hget(urlsKey(ws), url);
  if (!raw) return null;
  // An entry that does not read is fetched again, as if never tried.
  const [entry] = skipCorrupt(() => parseJsonRecord(assetEntrySchema, `asset entry ${url}`, raw), "assets");
  return entry ?? null;
}

/** Keeps the bytes under their hash (stored once however many URLs share them) and the URL's entry. */
export async function putAsset(
  ws: string,
  url: string,
  asset: { bytes: Uint8Array; contentType: string; kind: "css" | "font" },
): Promise<AssetRef> {
  const hash = createHash("sha256").update(asset.bytes).digest("hex");
  const ref: AssetRef = { hash, contentType: asset.contentType, kind: asset.kind, at: Date.now() };
  const store = await blob();
  const key = blobKey(ws, hash);
  const existing = await store.get(key);
  if (existing) await existing.cancel();
  else await store.put(key, asset.bytes, { contentType: asset.contentType });
  await (await kv()).hset(urlsKey(ws), { [url]: JSON.stringify(ref) });
  return ref;
}

export async function noteAssetFailure(ws: string, url: string, error: string): Promise<void> {
  const failure: AssetFailure = { error: error.slice(0, 300), at: Date.now() };
  await (await kv()).hset(urlsKey(ws), { [url]: JSON.stringify(failure) });
}

export async function assetBytes(ws: string, hash: string): Promise<Uint8Array | null> {
  const stream = await (await blob()).get(blobKey(ws, hash));
  return stream ? readAll(stream) : null;
}
