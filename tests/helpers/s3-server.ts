import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { CreateBucketCommand } from "@aws-sdk/client-s3";
import { createS3Client, type S3Settings } from "@/lib/storage/blob/s3";

/** Where the S3 suites find an S3-compatible server, and the keys it accepts. */
export interface S3Endpoint {
  endpoint: string;
  accessKeyId: string;
  secretAccessKey: string;
}

export interface RunningS3 extends S3Endpoint {
  stop(): Promise<void>;
}

/**
 * Starts s3rver (an S3 API over a folder) in a child process on a free loopback port. It checks
 * request signatures against its one account, S3RVER / S3RVER, as S3 does.
 */
export async function startS3Server(): Promise<RunningS3> {
  const script = join(import.meta.dirname, "s3rver-process.mjs");
  const child: ChildProcess = spawn(process.execPath, ["--openssl-legacy-provider", script], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stderr?.on("data", (d: Buffer) => {
    output += d.toString();
  });
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`s3rver did not start within 10 s:\n${output}`)), 10_000);
    child.stdout?.once("data", (d: Buffer) => {
      clearTimeout(timer);
      resolve((JSON.parse(d.toString()) as { port: number }).port);
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`s3rver exited with ${code}:\n${output}`));
    });
  });
  return {
    endpoint: `http://127.0.0.1:${port}`,
    accessKeyId: "S3RVER",
    secretAccessKey: "S3RVER",
    async stop() {
      if (child.exitCode !== null) return;
      await new Promise((r) => {
        child.once("exit", r);
        child.kill("SIGTERM");
      });
    },
  };
}

/** A new, empty bucket on the server, so suites never see each other's objects. */
export async function freshBucket(s3: S3Endpoint): Promise<S3Settings> {
  const settings: S3Settings = {
    bucket: `rewind-test-${randomBytes(6).toString("hex")}`,
    endpoint: s3.endpoint,
    credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
    forcePathStyle: true,
  };
  const client = createS3Client(settings);
  await client.send(new CreateBucketCommand({ Bucket: settings.bucket }));
  client.destroy();
  return settings;
}

/** The app's environment for blobs in that bucket, as an operator would set it. */
export function s3Env(settings: S3Settings): Record<string, string> {
  return {
    S3_BUCKET: settings.bucket,
    S3_ENDPOINT: settings.endpoint ?? "",
    S3_ACCESS_KEY_ID: settings.credentials?.accessKeyId ?? "",
    S3_SECRET_ACCESS_KEY: settings.credentials?.secretAccessKey ?? "",
    S3_FORCE_PATH_STYLE: settings.forcePathStyle ? "1" : "0",
  };
}
