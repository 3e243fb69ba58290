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

export async function putChunk(key: string, gzipped: Uint8Array): Promise<void> {
  await (await blob()).put(key, gzipped, { contentType: "application/gzip" });
}

export async function getChunk(key: string): Promise<ReadableStream<Uint8Array> | null> {
  return (await blob()).get(key);
}
