export type BlobDriverName = "local" | "vercel" | "s3";

export interface BlobEntry {
  key: string;
  size: number;
}

export interface BlobStore {
  readonly name: BlobDriverName;
  /** Where the data lives, for the start-up log line; never contains secrets. */
  readonly location: string;
  /** Stores bytes under key, replacing what was there; readers never see a partial object. */
  put(key: string, bytes: Uint8Array, options?: { contentType?: string }): Promise<void>;
  /** The object's bytes as a stream, or null when there is no such key. */
  get(key: string): Promise<ReadableStream<Uint8Array> | null>;
  /** Deletes the keys; missing keys are not an error. */
  delete(keys: string[]): Promise<void>;
  /** Every object whose key starts with prefix, sorted by key. */
  list(prefix: string): Promise<BlobEntry[]>;
}

export class BlobKeyError extends Error {
  constructor(key: string) {
    super(
      `Invalid blob key ${JSON.stringify(key.slice(0, 100))}: use segments of letters, digits, '.', '_' or '-' joined by '/'.`,
    );
    this.name = "BlobKeyError";
  }
}

const SEGMENT = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}$/;

/** Keys are plain relative paths: no traversal, no empty or dot segments, nothing odd. */
export function assertBlobKey(key: string): void {
  const segments = key.split("/");
  const ok =
    key.length > 0 &&
    key.length <= 512 &&
    segments.every((s) => SEGMENT.test(s) && s !== "." && s !== "..") &&
    !key.includes("..");
  if (!ok) throw new BlobKeyError(key);
}

/** A list prefix is a key, or a key's beginning, possibly ending in '/'. */
export function assertBlobPrefix(prefix: string): void {
  if (prefix === "") return;
  assertBlobKey(prefix.endsWith("/") ? prefix.slice(0, -1) : prefix);
}

export async function readAll(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  return new Uint8Array(await new Response(stream).arrayBuffer());
}
