/** One Redis command as sent on the wire: the name, then its arguments. */
export type Arg = string | number;
export type Command = [name: string, ...args: Arg[]];

/** A raw reply as Redis (RESP2) gives it: bulk strings, integers, nil, arrays. */
export type Reply = string | number | null | Reply[];

export type KvDriverName = "embedded" | "redis" | "upstash";

/**
 * What a KV driver must do: run raw Redis commands with Redis semantics.
 * The typed API (lib/storage/kv/client.ts) builds the commands and reads the replies,
 * so every driver is held to the same contract.
 */
export interface KvDriver {
  readonly name: KvDriverName;
  /** Where the data lives, for the start-up log line; never contains secrets. */
  readonly location: string;
  /** Runs commands in order. "multi" runs them atomically. A command error rejects with KvError. */
  run(commands: Command[], mode: "pipeline" | "multi"): Promise<Reply[]>;
  /** Every key starting with prefix (no glob characters are interpreted). */
  scan(prefix: string): Promise<string[]>;
  close(): Promise<void>;
}

export class KvError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "KvError";
  }
}
