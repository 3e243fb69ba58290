import {
  DeleteObjectsCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from "@aws-sdk/client-s3";
import { assertBlobKey, assertBlobPrefix, type BlobEntry, type BlobStore } from "./types";

/** S3's limit of keys in one DeleteObjects request. */
export const S3_DELETE_BATCH = 1000;

export interface S3Settings {
  bucket: string;
  /** Another S3-compatible service (MinIO, R2, …); unset means AWS. */
  endpoint?: string;
  /** Unset: the AWS default chain (AWS_REGION, config files); us-east-1 with an endpoint. */
  region?: string;
  /** Unset: the AWS default credential chain (env, profile, instance or task role). */
  credentials?: { accessKeyId: string; secretAccessKey: string };
  /** Bucket in the path instead of the host name, as MinIO and most self-hosted stores need. */
  forcePathStyle?: boolean;
}

export function createS3Client(settings: S3Settings): S3Client {
  return new S3Client({
    endpoint: settings.endpoint,
    region: settings.region ?? (settings.endpoint ? "us-east-1" : undefined),
    credentials: settings.credentials,
    forcePathStyle: settings.forcePathStyle ?? false,
    // Checksums only where S3 requires them: S3-compatible stores differ in which of the newer
    // checksum headers and trailers they accept, and every one accepts this.
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
    // The SDK waits forever by default; a store that stops answering must fail a request, not
    // hold it (and the player's or ingest's caller) open. Idle time, so long streams still flow.
    requestHandler: { connectionTimeout: 5_000, socketTimeout: 30_000 },
  });
}

/** The endpoint without any user info or query, safe for the start-up log. */
function describe(settings: S3Settings): string {
  if (!settings.endpoint)
    return `s3://${settings.bucket} (AWS${settings.region ? ` ${settings.region}` : ""})`;
  const url = new URL(settings.endpoint);
  return `s3://${settings.bucket} at ${url.origin}${url.pathname === "/" ? "" : url.pathname}`;
}

const isMissing = (error: unknown) =>
  error instanceof S3ServiceException &&
  (error.name === "NoSuchKey" || error.$metadata.httpStatusCode === 404) &&
  error.name !== "NoSuchBucket";

/** Blobs as objects in one bucket of S3 or any S3-compatible store. */
export class S3BlobStore implements BlobStore {
  readonly name = "s3" as const;
  readonly location: string;
  private readonly bucket: string;

  constructor(
    settings: S3Settings,
    private readonly client: S3Client = createS3Client(settings),
  ) {
    this.bucket = settings.bucket;
    this.location = describe(settings);
  }

  async put(key: string, bytes: Uint8Array, options: { contentType?: string } = {}): Promise<void> {
    assertBlobKey(key);
    // One PUT: S3 makes the object visible only once it is complete, so readers never see a part.
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: key,
        Body: bytes,
        ContentLength: bytes.byteLength,
        ContentType: options.contentType ?? "application/octet-stream",
      }),
    );
  }

  async get(key: string): Promise<ReadableStream<Uint8Array> | null> {
    assertBlobKey(key);
    try {
      const out = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      if (!out.Body) throw new Error(`S3 answered without a body for ${key}`);
      return out.Body.transformToWebStream() as ReadableStream<Uint8Array>;
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
  }

  async delete(keys: string[]): Promise<void> {
    keys.forEach(assertBlobKey);
    for (let i = 0; i < keys.length; i += S3_DELETE_BATCH) {
      const batch = keys.slice(i, i + S3_DELETE_BATCH);
      const out = await this.client.send(
        new DeleteObjectsCommand({
          Bucket: this.bucket,
          Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true },
        }),
      );
      // A batch answers 200 even when some keys failed; those are listed in Errors.
      const failed = out.Errors ?? [];
      if (failed.length > 0) {
        const first = failed[0]!;
        throw new Error(
          `S3 could not delete ${failed.length} of ${batch.length} objects (first: ${first.Key}: ${first.Code} ${first.Message ?? ""})`.trim(),
        );
      }
    }
  }

  async list(prefix: string): Promise<BlobEntry[]> {
    assertBlobPrefix(prefix);
    const found: BlobEntry[] = [];
    let token: string | undefined;
    do {
      const page = await this.client.send(
        new ListObjectsV2Command({
          Bucket: this.bucket,
          Prefix: prefix,
          ContinuationToken: token,
          MaxKeys: 1000,
        }),
      );
      for (const o of page.Contents ?? []) {
        if (o.Key) found.push({ key: o.Key, size: o.Size ?? 0 });
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return found.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }
}
