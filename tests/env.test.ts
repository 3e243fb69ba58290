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
