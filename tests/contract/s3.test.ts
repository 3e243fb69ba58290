import { randomBytes } from "node:crypto";
import { HeadObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { beforeAll, expect, inject, test } from "vitest";
import { createS3Client, S3_DELETE_BATCH, S3BlobStore, type S3Settings } from "@/lib/storage/blob/s3";
import { freshBucket } from "../helpers/s3-server";

/** What only the S3 driver promises, beyond the shared blob contract. */

let settings: S3Settings;
let client: S3Client;
let store: S3BlobStore;
/** Key counts of the DeleteObjects requests the store sent, in order. */
const deleteBatches: number[] = [];

beforeAll(async () => {
  settings = await freshBucket(inject("s3"));
  client = createS3Client(settings);
  client.middlewareStack.add(
    (next) => async (args) => {
      const input = args.input as { Delete?: { Objects?: unknown[] } };
      if (input.Delete?.Objects) deleteBatches.push(input.Delete.Objects.length);
      return next(args);
    },
    { step: "initialize", name: "countDeleteBatches" },
  );
  store = new S3BlobStore(settings, client);
});

test("put stores the content type it is given, octet-stream otherwise", async () => {
  await store.put("types/chunk.json.gz", Buffer.from("gz"), { contentType: "application/gzip" });
  await store.put("types/plain.bin", Buffer.from("raw"));
  const type = async (Key: string) =>
    (await client.send(new HeadObjectCommand({ Bucket: settings.bucket, Key }))).ContentType;
  expect(await type("types/chunk.json.gz")).toBe("application/gzip");
  expect(await type("types/plain.bin")).toBe("application/octet-stream");
});

test("get streams the object instead of reading it whole first", async () => {
  const bytes = randomBytes(4 * 1024 * 1024);
  await store.put("stream/four-mb.bin", bytes);
  const reader = (await store.get("stream/four-mb.bin"))!.getReader();
  const first = await reader.read();
  expect(first.done).toBe(false);
  expect(first.value!.byteLength).toBeLessThan(bytes.length);
  await reader.cancel();
});

test(`delete sends at most ${S3_DELETE_BATCH} keys per DeleteObjects request`, async () => {
  await store.put("batches/kept.bin", Buffer.from("k"));
  await store.put("batches/gone.bin", Buffer.from("g"));
  const missing = Array.from({ length: 2 * S3_DELETE_BATCH + 1 }, (_, i) => `batches/missing-${i}.bin`);
  deleteBatches.length = 0;
  await store.delete(["batches/gone.bin", ...missing]);
  expect(deleteBatches).toEqual([S3_DELETE_BATCH, S3_DELETE_BATCH, 2]);
  expect(await store.get("batches/gone.bin")).toBeNull();
  expect(await store.get("batches/kept.bin")).not.toBeNull();
});

test("a delete the store refuses in part is an error, not silence", async () => {
  // S3 answers 200 to DeleteObjects and lists keys it could not delete (e.g. a policy denies
  // them) in Errors; s3rver never does, so that part of the answer is written in here.
  const refusing = createS3Client(settings);
  refusing.middlewareStack.add(
    (next) => async (args) => {
      const out = await next(args);
      if (args.input && (args.input as { Delete?: unknown }).Delete) {
        (out.output as { Errors?: unknown[] }).Errors = [
          { Key: "refused/a.bin", Code: "AccessDenied", Message: "Access Denied" },
        ];
      }
      return out;
    },
    { step: "initialize", name: "refuseDeletes" },
  );
  await expect(new S3BlobStore(settings, refusing).delete(["refused/a.bin"])).rejects.toThrow(
    /could not delete 1 of 1 objects \(first: refused\/a\.bin: AccessDenied Access Denied\)/,
  );
});

test("a bucket that does not exist is an error on read, not a missing object", async () => {
  const nowhere = new S3BlobStore({ ...settings, bucket: `${settings.bucket}-absent` });
  await expect(nowhere.get("any/key.bin")).rejects.toThrow();
});

test("the location names bucket and endpoint but never credentials", () => {
  const withUser = new S3BlobStore({ ...settings, endpoint: "https://user:pw@minio.internal:9000/" });
  expect(withUser.location).toBe(`s3://${settings.bucket} at https://minio.internal:9000`);
  expect(new S3BlobStore({ bucket: "b12", region: "eu-west-1" }).location).toBe("s3://b12 (AWS eu-west-1)");
});
