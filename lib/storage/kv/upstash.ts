import { Redis } from "@upstash/redis";
import { globEscape } from "./redis";
import { type Command, type KvDriver, KvError, type Reply } from "./types";

/** KV on Upstash's REST API. Raw commands go through the SDK's HTTP client (auth, base64, retries). */

type UpstashResult = { result?: unknown; error?: string };
type Requester = {
  request(req: { path?: string[]; body?: unknown }): Promise<UpstashResult | UpstashResult[]>;
};

class RawUpstash extends Redis {
  get requester(): Requester {
    return this.client as unknown as Requester;
  }
}

function toReply(value: unknown): Reply {
  if (value === undefined || value === null) return null;
  if (typeof value === "string" || typeof value === "number") return value;
  if (Array.isArray(value)) return value.map(toReply);
  return String(value);
}

export class UpstashKv implements KvDriver {
  readonly name = "upstash" as const;
  readonly location: string;
  private readonly redis: RawUpstash;

  constructor(url: string, token: string, options: { retry?: boolean } = {}) {
    this.location = new URL(url).origin;
    this.redis = new RawUpstash({
      url,
      token,
      automaticDeserialization: false,
      enableTelemetry: false,
      retry: options.retry === false ? false : undefined,
    });
  }

  async run(commands: Command[], mode: "pipeline" | "multi"): Promise<Reply[]> {
    let answers: UpstashResult[];
    try {
      if (commands.length === 1) {
        answers = [(await this.redis.requester.request({ body: commands[0] })) as UpstashResult];
      } else {
        const path = [mode === "multi" ? "multi-exec" : "pipeline"];
        answers = (await this.redis.requester.request({ path, body: commands })) as UpstashResult[];
      }
    } catch (error) {
      throw new KvError(
        error instanceof Error ? error.message.replace(/, command was: .*/s, "") : String(error),
      );
    }
    const failed = answers.find((a) => a.error);
    if (failed?.error) throw new KvError(failed.error);
    return answers.map((a) => toReply(a.result));
  }

  async scan(prefix: string): Promise<string[]> {
    const keys = new Set<string>();
    let cursor = "0";
    do {
      const [reply] = await this.run(
        [["SCAN", cursor, "MATCH", `${globEscape(prefix)}*`, "COUNT", 1000]],
        "pipeline",
      );
      const [next, batch] = (reply as [string | number, string[]]) ?? ["0", []];
      for (const k of batch) keys.add(k);
      cursor = String(next);
    } while (cursor !== "0");
    return [...keys].sort();
  }

  async close(): Promise<void> {}
}
