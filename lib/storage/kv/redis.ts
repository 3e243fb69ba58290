import { Cluster, Redis, type RedisOptions } from "ioredis";
import { splitBySlot } from "./slots";
import { type Command, type KvDriver, KvError, type Reply } from "./types";

/** KV on a real Redis (or a Redis Cluster) through ioredis. */

type Client = Redis | Cluster;

/** ioredis turns a few replies (HGETALL) into objects; the contract speaks RESP2 arrays. */
export function normalize(reply: unknown): Reply {
  if (reply === null || reply === undefined) return null;
  if (typeof reply === "string" || typeof reply === "number") return reply;
  if (Buffer.isBuffer(reply)) return reply.toString("utf8");
  if (Array.isArray(reply)) return reply.map(normalize);
  if (typeof reply === "object")
    return Object.entries(reply as Record<string, unknown>).flatMap(([k, v]) => [k, normalize(v)]);
  return String(reply);
}

function asKvError(error: unknown): KvError {
  return new KvError(error instanceof Error ? error.message : String(error));
}

/** Escapes glob characters so SCAN MATCH treats the prefix literally. */
export function globEscape(prefix: string): string {
  return prefix.replace(/[*?[\]\\]/g, "\\$&");
}

export class RedisKv implements KvDriver {
  readonly name = "redis" as const;
  readonly location: string;
  private readonly client: Client;

  constructor(url: string, options: { cluster?: boolean } = {}) {
    const parsed = new URL(url);
    this.location = `${parsed.protocol}//${parsed.hostname}:${parsed.port || "6379"}${options.cluster ? " (cluster)" : ""}`;
    const common: RedisOptions = { lazyConnect: false, maxRetriesPerRequest: 2, enableAutoPipelining: true };
    if (options.cluster) {
      this.client = new Cluster([{ host: parsed.hostname, port: Number(parsed.port || 6379) }], {
        // The slot map is read at start and on every MOVED; ioredis' 1 s default fails on a busy host.
        slotsRefreshTimeout: 5000,
        redisOptions: {
          ...common,
          username: decodeURIComponent(parsed.username) || undefined,
          password: decodeURIComponent(parsed.password) || undefined,
          tls: parsed.protocol === "rediss:" ? {} : undefined,
        },
      });
    } else {
      this.client = new Redis(url, common);
    }
    // Connection errors surface on the commands that need the connection; this keeps them off stderr noise.
    this.client.on("error", () => {});
  }

  async run(commands: Command[], mode: "pipeline" | "multi"): Promise<Reply[]> {
    if (this.client instanceof Cluster && mode === "pipeline") {
      // A cluster runs a pipeline on one node only: one batch per slot, replies put back in order.
      const { batches, join } = splitBySlot(commands);
      if (batches.length > 1) {
        return join(await Promise.all(batches.map((batch) => this.runOnOneSlot(batch, mode))));
      }
    }
    return this.runOnOneSlot(commands, mode);
  }

  private async runOnOneSlot(commands: Command[], mode: "pipeline" | "multi"): Promise<Reply[]> {
    if (commands.length === 1) {
      const [name, ...args] = commands[0]!;
      try {
        return [normalize(await this.client.call(name, ...args))];
      } catch (error) {
        throw asKvError(error);
      }
    }
    const batch = mode === "multi" ? this.client.multi() : this.client.pipeline();
    for (const [name, ...args] of commands) batch.call(name, ...args);
    let results: [Error | null, unknown][] | null;
    try {
      results = await batch.exec();
    } catch (error) {
      throw asKvError(error);
    }
    if (!results) throw new KvError("Transaction was aborted");
    const failed = results.find(([error]) => error);
    if (failed?.[0]) throw asKvError(failed[0]);
    return results.map(([, reply]) => normalize(reply));
  }

  async scan(prefix: string): Promise<string[]> {
    const nodes = this.client instanceof Cluster ? this.client.nodes("master") : [this.client];
    const keys = new Set<string>();
    for (const node of nodes) {
      let cursor = "0";
      do {
        const [next, batch] = await node.scan(cursor, "MATCH", `${globEscape(prefix)}*`, "COUNT", 1000);
        for (const k of batch) keys.add(k);
        cursor = next;
      } while (cursor !== "0");
    }
    return [...keys].sort();
  }

  async close(): Promise<void> {
    await this.client.quit().catch(() => this.client.disconnect());
  }
}
