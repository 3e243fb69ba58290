import { BlobNotFoundError, del, head, list, put } from "@vercel/blob";
import { assertBlobKey, assertBlobPrefix, type BlobEntry, type BlobStore } from "./types";

/**
 * Blobs on Vercel Blob, stored private. The API base follows VERCEL_BLOB_API_URL (read by
 * @vercel/blob itself), which is how the contract suite points it at a local fake.
 */
export class VercelBlobStore implements BlobStore {
  readonly name = "vercel" as const;
  readonly location: string;

  constructor(private readonly token: string) {
    const storeId = token.split("_")[3] ?? "unknown";
    this.location = `vercel blob store ${storeId}`;
  }

  async put(key: string, bytes: Uint8Array, options: { contentType?: string } = {}): Promise<void> {
    assertBlobKey(key);
    await put(key, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), {
      access: "private",
      token: this.token,
      addRandomSuffix: false,
      allowOverwrite: true,
      contentType: options.contentType ?? "application/octet-stream",
    });
  }

  async get(key: string): Promise<ReadableStream<Uint8Array> | null> {
    assertBlobKey(key);
    let url: string;
    try {
      url = (await head(key, { token: this.token })).url;
    } catch (error) {
      if (error instanceof BlobNotFoundError) return null;
      throw error;
    }
    const response = await fetch(url, { headers: { authorization: `Bearer ${this.token}` } });
    if (response.status === 404) return null;
    if (!response.ok || !response.body)
      throw new Error(`Vercel Blob answered ${response.status} for a stored object`);
    return response.body;
  }

  async delete(keys: string[]): Promise<void> {
    keys.forEach(assertBlobKey);
    for (let i = 0; i < keys.length; i += 500) {
      await del(keys.slice(i, i + 500), { token: this.token });
    }
  }

  async list(prefix: string): Promise<BlobEntry[]> {
    assertBlobPrefix(prefix);
    const found: BlobEntry[] = [];
    let cursor: string | undefined;
    do {
      const page = await list({ prefix, cursor, limit: 1000, token: this.token });
      for (const b of page.blobs) found.push({ key: b.pathname, size: b.size });
      cursor = page.hasMore ? page.cursor : undefined;
    } while (cursor);
    return found.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }
}
