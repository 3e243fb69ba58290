import { ID_PATTERN } from "@/lib/ids";
import { blob } from "@/lib/storage/blob";

/**
 * One ingested batch is one blob, stored gzipped exactly as the SDK sent it (or gzipped here when
 * it came plain). The key leads with the retention class so a bucket rule can expire a prefix.
 */
export function chunkKey(args: {
  retentionDays: number;
  workspaceId: string;
  sessionId: string;
  firstTs: number;
  batchId: string;
}): string {
  for (const id of [args.workspaceId, args.sessionId, args.batchId]) {
    if (!ID_PATTERN.test(id)) throw new Error(`Refusing to build a blob key from ${JSON.stringify(id)}`);
  }
  const days = Math.max(1, Math.trunc(args.retentionDays));
  return `rec/${days}d/${args.workspaceId}/${args.sessionId}/${Math.trunc(args.firstTs)}-${args.batchId}.json.gz`;
}

/** A chunk's id in URLs: `<firstTimestamp>-<batchId>`, the blob key's last part without suffix. */
export const CHUNK_ID_PATTERN = /^(\d{1,16})-([A-Za-z0-9_-]{1,64})$/;

export function chunkIdOf(key: string): string {
  return key.slice(key.lastIndexOf("/") + 1).replace(/\.json\.gz$/, "");
}

/** What ingest notes about each chunk so the player can plan which ones to fetch first. */
export interface ChunkMeta {
  lastTs: number;
  events: number;
  /** The chunk holds a full snapshot: playback can start (or be rebuilt) from it. */
  full: boolean;
  seq?: number;
  window?: string;
  bytes: number;
  /** <canvas> elements in the chunk's snapshots and added nodes, and canvas frames; absent when 0. */
  canvas?: number;
  canvasFrames?: number;
}

export async function putChunk(key: string, gzipped: Uint8Array): Promise<void> {
  await (await blob()).put(key, gzipped, { contentType: "application/gzip" });
}

export async function getChunk(key: string): Promise<ReadableStream<Uint8Array> | null> {
  return (await blob()).get(key);
}

export async function deleteChunks(keys: string[]): Promise<void> {
  if (keys.length) await (await blob()).delete(keys);
}
