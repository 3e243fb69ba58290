import { expect, test } from "vitest";
import { EnvError, parseEnv } from "@/lib/env";

test("an empty environment gives the embedded defaults", () => {
  const e = parseEnv({});
  expect(e.DATA_DIR).toBe("./data");
  expect(e.INGEST_MAX_BYTES).toBe(25 * 1024 * 1024);
  expect(e.REDIS_URL).toBeUndefined();
  expect(e.REDIS_CLUSTER).toBe(false);
});

test("empty strings count as unset", () => {
  const e = parseEnv({ REDIS_URL: "", NEXTAUTH_SECRET: "  " });
  expect(e.REDIS_URL).toBeUndefined();
  expect(e.NEXTAUTH_SECRET).toBeUndefined();
});

test("every problem is listed in one error", () => {
  let error: unknown;
  try {
    parseEnv({
      REDIS_URL: "http://not-redis",
      UPSTASH_REDIS_REST_URL: "https://x.upstash.io",
      INGEST_MAX_BYTES: "12.5",
      NEXTAUTH_SECRET: "short",
      GITHUB_ID: "abc",
    });
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(EnvError);
  const problems = (error as EnvError).problems.join("\n");
  expect(problems).toContain("REDIS_URL: must start with redis:// or rediss://");
  expect(problems).toContain("UPSTASH_REDIS_REST_TOKEN: required when UPSTASH_REDIS_REST_URL is set");
  expect(problems).toContain("INGEST_MAX_BYTES: must be a whole number of bytes");
  expect(problems).toContain("NEXTAUTH_SECRET: must be at least 32 characters");
  expect(problems).toContain("GITHUB_SECRET: required when GITHUB_ID is set");
  expect((error as EnvError).message.split("\n")[0]).toBe("Invalid environment:");
});

test("choosing both Redis and Upstash is refused", () => {
  expect(() =>
    parseEnv({
      REDIS_URL: "redis://127.0.0.1:6379",
      UPSTASH_REDIS_REST_URL: "https://x.io",
      UPSTASH_REDIS_REST_TOKEN: "t",
    }),
  ).toThrow(/choose one KV store/);
});

test("REDIS_CLUSTER needs REDIS_URL", () => {
  expect(() => parseEnv({ REDIS_CLUSTER: "1" })).toThrow(/REDIS_CLUSTER: needs REDIS_URL/);
  expect(parseEnv({ REDIS_CLUSTER: "1", REDIS_URL: "redis://h:1" }).REDIS_CLUSTER).toBe(true);
});

test("a malformed Vercel Blob token is refused", () => {
  expect(() => parseEnv({ BLOB_READ_WRITE_TOKEN: "nope" })).toThrow(/BLOB_READ_WRITE_TOKEN/);
  expect(parseEnv({ BLOB_READ_WRITE_TOKEN: "vercel_blob_rw_store1_secret" }).BLOB_READ_WRITE_TOKEN).toBe(
    "vercel_blob_rw_store1_secret",
  );
});

test("WEB_CONCURRENCY is a whole number of processes, unset when empty", () => {
  expect(parseEnv({ WEB_CONCURRENCY: "3" }).WEB_CONCURRENCY).toBe(3);
  expect(parseEnv({ WEB_CONCURRENCY: "" }).WEB_CONCURRENCY).toBeUndefined();
  for (const bad of ["0", "2.5", "two", "-1", "1000"]) {
    expect(() => parseEnv({ WEB_CONCURRENCY: bad }), bad).toThrow(
      "WEB_CONCURRENCY: must be a whole number of processes from 1 to 999",
    );
  }
});

test("S3 settings are read when S3_BUCKET is set", () => {
  const e = parseEnv({
    S3_BUCKET: "rewind-recordings",
    S3_ENDPOINT: "http://minio:9000",
    S3_ACCESS_KEY_ID: "key",
    S3_SECRET_ACCESS_KEY: "secret",
    S3_FORCE_PATH_STYLE: "1",
  });
  expect(e).toMatchObject({ S3_BUCKET: "rewind-recordings", S3_ENDPOINT: "http://minio:9000" });
  expect(e.S3_FORCE_PATH_STYLE).toBe(true);
  expect(parseEnv({ S3_BUCKET: "b12" }).S3_FORCE_PATH_STYLE).toBe(false);
});

test("choosing both S3 and Vercel Blob is refused", () => {
  expect(() =>
    parseEnv({ S3_BUCKET: "rewind", BLOB_READ_WRITE_TOKEN: "vercel_blob_rw_store1_secret" }),
  ).toThrow(/S3_BUCKET: set together with BLOB_READ_WRITE_TOKEN; choose one blob store/);
});

test("S3 settings without S3_BUCKET, half a key pair or a bad bucket name are refused", () => {
  let error: unknown;
  try {
    parseEnv({ S3_ENDPOINT: "http://minio:9000", S3_FORCE_PATH_STYLE: "true", S3_ACCESS_KEY_ID: "k" });
  } catch (e) {
    error = e;
  }
  const problems = (error as EnvError).problems;
  expect(problems).toContain("S3_ENDPOINT: needs S3_BUCKET to be set");
  expect(problems).toContain("S3_FORCE_PATH_STYLE: needs S3_BUCKET to be set");
  expect(problems).toContain("S3_SECRET_ACCESS_KEY: required when S3_ACCESS_KEY_ID is set");
  expect(() => parseEnv({ S3_BUCKET: "Has_Capitals" })).toThrow(/S3_BUCKET: must be a bucket name/);
  expect(() => parseEnv({ S3_BUCKET: "b12", S3_ENDPOINT: "ftp://x" })).toThrow(
    /S3_ENDPOINT: must start with http/,
  );
});

test("TRUST_PROXY is off, a hop count or a list of addresses and CIDRs", () => {
  expect(parseEnv({}).TRUST_PROXY).toEqual({ kind: "none" });
  expect(parseEnv({ TRUST_PROXY: "0" }).TRUST_PROXY).toEqual({ kind: "none" });
  expect(parseEnv({ TRUST_PROXY: "2" }).TRUST_PROXY).toEqual({ kind: "hops", hops: 2 });
  expect(parseEnv({ TRUST_PROXY: "10.0.0.0/8, ::1" }).TRUST_PROXY).toEqual({
    kind: "cidrs",
    cidrs: ["10.0.0.0/8", "::1"],
  });
  expect(() => parseEnv({ TRUST_PROXY: "true" })).toThrow(/TRUST_PROXY: "true" is neither/);
  expect(() => parseEnv({ TRUST_PROXY: "10.0.0.0/40" })).toThrow(/TRUST_PROXY/);
});

test("email needs NEXTAUTH_URL: links in emails are built only from it", () => {
  expect(() => parseEnv({ SMTP_URL: "smtp://mail.example.com:587" })).toThrow(
    /NEXTAUTH_URL: required when SMTP_URL/,
  );
  expect(
    parseEnv({ SMTP_URL: "smtp://mail.example.com:587", NEXTAUTH_URL: "https://rewind.example.com" })
      .NEXTAUTH_URL,
  ).toBe("https://rewind.example.com");
});
