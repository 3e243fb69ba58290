import { join } from "node:path";
import { env } from "@/lib/env";
import { LocalBlobStore } from "./local";
import type { BlobStore } from "./types";

export type { BlobEntry, BlobStore } from "./types";
export { BlobKeyError, readAll } from "./types";

/** S3 when S3_BUCKET is set, Vercel Blob when BLOB_READ_WRITE_TOKEN is, else a folder under DATA_DIR. */
export async function createBlobFromEnv(): Promise<BlobStore> {
  const e = env();
  if (e.S3_BUCKET) {
    const { S3BlobStore } = await import("./s3");
    return new S3BlobStore({
      bucket: e.S3_BUCKET,
      endpoint: e.S3_ENDPOINT,
      region: e.S3_REGION,
      credentials:
        e.S3_ACCESS_KEY_ID && e.S3_SECRET_ACCESS_KEY
          ? { accessKeyId: e.S3_ACCESS_KEY_ID, secretAccessKey: e.S3_SECRET_ACCESS_KEY }
          : undefined,
      forcePathStyle: e.S3_FORCE_PATH_STYLE,
    });
  }
  if (e.BLOB_READ_WRITE_TOKEN) {
    const { VercelBlobStore } = await import("./vercel");
    return new VercelBlobStore(e.BLOB_READ_WRITE_TOKEN);
  }
  return new LocalBlobStore(join(e.DATA_DIR, "blobs"));
}

const holder = globalThis as unknown as { __rewindBlob?: Promise<BlobStore> };

export function blob(): Promise<BlobStore> {
  // A store that failed to open is tried again on the next call, not kept failed for the process's life.
  holder.__rewindBlob ??= createBlobFromEnv().catch((error: unknown) => {
    holder.__rewindBlob = undefined;
    throw error;
  });
  return holder.__rewindBlob;
}
