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
 *
 * Assets live as long as they are used: each entry keeps when a replay last used it (refreshed at
 * most daily), the retention purge drops entries unused for longer than the workspace keeps
 * recordings and then the bytes no entry points at (`purgeUnusedAssets`), and deleting the
 * workspace deletes them all (`deleteWorkspaceAssets`).
 */

const assetRefSchema = z.object({
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  contentType: z.string(),
  kind: z.enum(["css", "font"]),
  at: z.number(),
  /** When a replay last used it (absent: not since `at`). */
  usedAt: z.number().optional(),
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

/** A use refreshes an entry's `usedAt` only when the last refresh is older than this: one write a day. */
export const ASSET_USE_REFRESH_MS = 24 * 3600_000;

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

/** Notes a replay's use of the asset at `url`, so the purge keeps it (one write a day at most). */
export async function touchAsset(ws: string, url: string, ref: AssetRef, now = Date.now()): Promise<void> {
  if (now - (ref.usedAt ?? ref.at) < ASSET_USE_REFRESH_MS) return;
  await (await kv()).hset(urlsKey(ws), { [url]: JSON.stringify({ ...ref, usedAt: now }) });
}

/**
 * Drops the entries not used since `cutoff` (failures too: they are tried again anyway), then the
 * stored bytes no remaining entry points at. A replay that needs a dropped asset fetches it again.
 */
export async function purgeUnusedAssets(
  ws: string,
  cutoff: number,
): Promise<{ entries: number; blobs: number }> {
  const store = await kv();
  const all = await store.hgetall(urlsKey(ws));
  const stale: string[] = [];
  const kept = new Set<string>();
  for (const [url, raw] of Object.entries(all ?? {})) {
    const [entry] = skipCorrupt(() => parseJsonRecord(assetEntrySchema, `asset entry ${url}`, raw), "assets");
    const last = entry ? ("hash" in entry ? (entry.usedAt ?? entry.at) : entry.at) : 0;
    if (last < cutoff) stale.push(url);
    else if (entry && "hash" in entry) kept.add(entry.hash);
  }
  for (let i = 0; i < stale.length; i += 500) await store.hdel(urlsKey(ws), stale.slice(i, i + 500));
  const blobs = await blob();
  const orphans = (await blobs.list(`assets/${ws}/`))
    .map((b) => b.key)
    .filter((key) => !kept.has(key.slice(key.lastIndexOf("/") + 1)));
  if (orphans.length) await blobs.delete(orphans);
  return { entries: stale.length, blobs: orphans.length };
}

/** Every asset of a workspace, entries and bytes: the workspace is being deleted. */
export async function deleteWorkspaceAssets(ws: string): Promise<void> {
  const blobs = await blob();
  const stored = (await blobs.list(`assets/${ws}/`)).map((b) => b.key);
  if (stored.length) await blobs.delete(stored);
  await (await kv()).del([urlsKey(ws)]);
}
