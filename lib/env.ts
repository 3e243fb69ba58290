import { isIP } from "node:net";
import { z } from "zod";

/** Everything Rewind reads from the environment, validated once. The only reader of process.env. */

const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === "" ? undefined : v))
  .optional();

const flag = z
  .enum(["1", "0", "true", "false", ""])
  .optional()
  .transform((v) => v === "1" || v === "true");

/**
 * Which proxies in front of the app to believe about the client: none (default), the nearest N
 * hops, or peers within a list of addresses/CIDR ranges.
 */
export type ProxyTrust =
  | { kind: "none" }
  | { kind: "hops"; hops: number }
  | { kind: "cidrs"; cidrs: string[] };

const isCidr = (entry: string) => {
  const [address = "", bits, ...rest] = entry.split("/");
  const version = isIP(address);
  if (!version || rest.length) return false;
  if (bits === undefined) return true;
  const n = Number(bits);
  return /^\d+$/.test(bits) && n <= (version === 4 ? 32 : 128);
};

const proxyTrust = z
  .string()
  .trim()
  .optional()
  .transform((raw, ctx): ProxyTrust => {
    if (!raw || raw === "0" || raw === "false" || raw === "off") return { kind: "none" };
    if (/^\d+$/.test(raw)) return { kind: "hops", hops: Math.min(Number(raw), 32) };
    const cidrs = raw.split(",").map((s) => s.trim());
    const bad = cidrs.find((c) => !isCidr(c));
    if (bad !== undefined) {
      ctx.addIssue({
        code: "custom",
        message: `"${bad}" is neither a hop count nor an address/CIDR (e.g. TRUST_PROXY=1 or TRUST_PROXY=10.0.0.0/8,127.0.0.1)`,
      });
      return z.NEVER;
    }
    return { kind: "cidrs", cidrs };
  });

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATA_DIR: z.string().trim().min(1).default("./data"),
  NEXTAUTH_SECRET: optionalString.pipe(
    z.string().min(32, "must be at least 32 characters (try: openssl rand -base64 32)").optional(),
  ),
  NEXTAUTH_URL: optionalString.pipe(z.url("must be a URL such as http://localhost:3000").optional()),
  REDIS_URL: optionalString.pipe(
    z
      .url()
      .refine((u) => /^rediss?:\/\//.test(u), "must start with redis:// or rediss://")
      .optional(),
  ),
  REDIS_CLUSTER: flag,
  UPSTASH_REDIS_REST_URL: optionalString.pipe(z.url().optional()),
  UPSTASH_REDIS_REST_TOKEN: optionalString,
  BLOB_READ_WRITE_TOKEN: optionalString.pipe(
    z
      .string()
      .regex(/^vercel_blob_rw_[A-Za-z0-9]+_[A-Za-z0-9]+$/, "must look like vercel_blob_rw_<store>_<secret>")
      .optional(),
  ),
  S3_BUCKET: optionalString.pipe(
    z
      .string()
      .regex(
        /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/,
        "must be a bucket name: 3–63 lowercase letters, digits, '.' or '-'",
      )
      .optional(),
  ),
  S3_ENDPOINT: optionalString.pipe(
    z
      .url()
      .refine((u) => /^https?:\/\//.test(u), "must start with http:// or https://")
      .optional(),
  ),
  S3_REGION: optionalString,
  S3_ACCESS_KEY_ID: optionalString,
  S3_SECRET_ACCESS_KEY: optionalString,
  S3_FORCE_PATH_STYLE: flag,
  GITHUB_ID: optionalString,
  GITHUB_SECRET: optionalString,
  GOOGLE_ID: optionalString,
  GOOGLE_SECRET: optionalString,
  SMTP_URL: optionalString.pipe(z.url().optional()),
  CRON_SECRET: optionalString,
  TRUST_PROXY: proxyTrust,
  /** Set by Vercel; there the retention purge runs from vercel.json's cron, not in-process. */
  VERCEL: optionalString,
  /** "off" stops the in-process retention scheduler (one-box deployments run it by default). */
  RETENTION_SCHEDULER: z.enum(["on", "off", ""]).optional(),
  /** Server processes `npm start` runs on the same data (scripts/start.mjs); default: one per core. */
  WEB_CONCURRENCY: optionalString.pipe(
    z
      .string()
      .regex(/^[1-9]\d{0,2}$/, "must be a whole number of processes from 1 to 999")
      .transform(Number)
      .optional(),
  ),
  /** Set by scripts/start.mjs: where this server listens, for its warm-up request to itself. */
  REWIND_SERVER_URL: optionalString.pipe(z.url().optional()),
  /**
   * Hosts (host or host:port) integrations may reach over plain http and at private addresses:
   * for tests and on-premises trackers only (lib/integrations/outbound.ts).
   */
  REWIND_OUTBOUND_ALLOW_HOSTS: optionalString.transform((v) =>
    (v ?? "")
      .split(",")
      .map((h) => h.trim().toLowerCase())
      .filter(Boolean),
  ),
  INGEST_MAX_BYTES: z.coerce
    .number()
    .int("must be a whole number of bytes")
    .min(1024, "must be at least 1024")
    .max(512 * 1024 * 1024, "must be at most 536870912 (512 MB)")
    .default(25 * 1024 * 1024),
});

/** Rules across variables, checked on the raw values so they are reported alongside field errors. */
function crossChecks(source: Record<string, string | undefined>): string[] {
  const set = (name: string) => Boolean(source[name]?.trim());
  const problems: string[] = [];
  const pairs: [string, string][] = [
    ["UPSTASH_REDIS_REST_URL", "UPSTASH_REDIS_REST_TOKEN"],
    ["S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY"],
    ["GITHUB_ID", "GITHUB_SECRET"],
    ["GOOGLE_ID", "GOOGLE_SECRET"],
  ];
  for (const [a, b] of pairs) {
    if (set(a) !== set(b)) {
      const [given, missing] = set(a) ? [a, b] : [b, a];
      problems.push(`${missing}: required when ${given} is set`);
    }
  }
  if (set("REDIS_URL") && set("UPSTASH_REDIS_REST_URL")) {
    problems.push("REDIS_URL: set together with UPSTASH_REDIS_REST_URL; choose one KV store");
  }
  if (set("SMTP_URL") && !set("NEXTAUTH_URL")) {
    problems.push(
      "NEXTAUTH_URL: required when SMTP_URL is set (links in emails are built only from it, e.g. https://rewind.example.com)",
    );
  }
  if (["1", "true"].includes(source.REDIS_CLUSTER ?? "") && !set("REDIS_URL")) {
    problems.push("REDIS_CLUSTER: needs REDIS_URL to be set");
  }
  if (set("S3_BUCKET") && set("BLOB_READ_WRITE_TOKEN")) {
    problems.push("S3_BUCKET: set together with BLOB_READ_WRITE_TOKEN; choose one blob store");
  }
  if (!set("S3_BUCKET")) {
    const orphans = ["S3_ENDPOINT", "S3_REGION", "S3_ACCESS_KEY_ID"].filter(set);
    if (["1", "true"].includes(source.S3_FORCE_PATH_STYLE ?? "")) orphans.push("S3_FORCE_PATH_STYLE");
    for (const name of orphans) problems.push(`${name}: needs S3_BUCKET to be set`);
  }
  return problems;
}

export type Env = z.infer<typeof schema>;

export class EnvError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid environment:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "EnvError";
  }
}

/** Parses an environment; throws one EnvError listing every problem. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = schema.safeParse(source);
  const problems = result.success
    ? []
    : result.error.issues.map((issue) => `${issue.path.join(".") || "environment"}: ${issue.message}`);
  problems.push(...crossChecks(source));
  if (result.success && problems.length === 0) return result.data;
  throw new EnvError(problems);
}

let cached: Env | undefined;

export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** For tests that change the environment between cases. */
export function resetEnvCache(): void {
  cached = undefined;
}

/**
 * next-auth reads a few variables itself. Without NEXTAUTH_URL it would build every link for
 * http://localhost:3000; trusting the request's host instead is what a self-hosted box needs.
 */
export function prepareAuthEnv(): void {
  if (!env().NEXTAUTH_URL) process.env.AUTH_TRUST_HOST ??= "1";
}
