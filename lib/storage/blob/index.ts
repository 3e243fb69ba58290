import { join } from "node:path";
import { env } from "@/lib/env";
import { LocalBlobStore } from "./local";
import type { BlobStore } from "./types";

export type { BlobEntry, BlobStore } from "./types";
export { BlobKeyError, readAll } from "./types";

/** Vercel Blob when BLOB_READ_WRITE_TOKEN is set, else a folder under DATA_DIR. */
export async function createBlobFromEnv(): Promise<BlobStore> {
  const e = env();
  if (e.BLOB_READ_WRITE_TOKEN) {
    const { VercelBlobStore } = await import("./vercel");
    return new VercelBlobStore(e.BLOB_READ_WRITE_TOKEN);
  }
  return new LocalBlobStore(join(e.DATA_DIR, "blobs"));
}

const holder = globalThis as unknown as { __rewindBlob?: Promise<BlobStore> };

export function blob(): Promise<BlobStore> {
  holder.__rewindBlob ??= createBlobFromEnv();
  return holder.__rewindBlob;
}
