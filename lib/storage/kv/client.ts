import { assertClusterSafe } from "./slots";
import { type Arg, type Command, type KvDriver, type KvDriverName, KvError, type Reply } from "./types";

/**
 * The typed KV API. Each command is written once, as a builder of the raw Redis command plus a
 * reader of its raw reply; the single-call API and the pipeline/multi API are both derived from it.
 */

export interface ScoredMember {
  score: number;
  member: string;
}

/** A score bound: a number (inclusive), { exclusive: n }, or an infinity. */
export type ScoreBound = number | { exclusive: number } | "-inf" | "+inf";

export type ZRange =
  | { by: "rank"; start: number; stop: number; rev?: boolean }
  | { by: "score"; min: ScoreBound; max: ScoreBound; rev?: boolean; offset?: number; count?: number }
  /** Members by byte order, for a set whose scores are all equal: bounds as Redis writes them (`[a`, `(a`, `-`, `+`). */
  | { by: "lex"; min: string; max: string; offset?: number; count?: number };

export interface SetOptions {
  /** Only set when the key does not exist. */
  nx?: boolean;
  /** Expire after this many milliseconds. */
  px?: number;
}

export interface ZAddOptions {
  nx?: boolean;
  xx?: boolean;
  /** Only update existing members when the new score is greater (new members are still added). */
  gt?: boolean;
  /** Only update existing members when the new score is less (new members are still added). */
  lt?: boolean;
}

export interface ZStoreOptions {
  weights?: number[];
  aggregate?: "sum" | "min" | "max";
}

interface Spec<T> {
  command: Command;
  parse(reply: Reply): T;
}

const spec = <T>(command: Command, parse: (reply: Reply) => T): Spec<T> => ({ command, parse });

function unexpected(reply: Reply, wanted: string): never {
  throw new KvError(`Unexpected reply ${JSON.stringify(reply)?.slice(0, 80)}; expected ${wanted}`);
}

const asNullableString = (r: Reply): string | null =>
  r === null ? null : typeof r === "string" || typeof r === "number" ? String(r) : unexpected(r, "string");
const asInt = (r: Reply): number => {
  const n = typeof r === "number" ? r : typeof r === "string" ? Number(r) : Number.NaN;
  return Number.isFinite(n) ? n : unexpected(r, "integer");
};
const asBool = (r: Reply): boolean => r === "OK" || asInt(r) === 1;
const asOk = (r: Reply): boolean => r === "OK";
const asArray = (r: Reply): Reply[] => (Array.isArray(r) ? r : r === null ? [] : unexpected(r, "array"));
const asStrings = (r: Reply): string[] =>
  asArray(r).map((x) => asNullableString(x) ?? unexpected(x, "string"));
const asNullableStrings = (r: Reply): (string | null)[] => asArray(r).map(asNullableString);

export function parseScore(r: Reply): number {
  if (r === "inf" || r === "+inf") return Number.POSITIVE_INFINITY;
  if (r === "-inf") return Number.NEGATIVE_INFINITY;
  const n = typeof r === "number" ? r : Number(r);
  return Number.isNaN(n) ? unexpected(r, "score") : n;
}
const asNullableScore = (r: Reply): number | null => (r === null ? null : parseScore(r));

function pairs(r: Reply): [string, Reply][] {
  const flat = asArray(r);
  const out: [string, Reply][] = [];
  for (let i = 0; i + 1 < flat.length; i += 2)
    out.push([asNullableString(flat[i] ?? null) ?? "", flat[i + 1] ?? null]);
  return out;
}
const asHash = (r: Reply): Record<string, string> =>
  Object.fromEntries(pairs(r).map(([k, v]) => [k, asNullableString(v) ?? ""]));
const asScored = (r: Reply): ScoredMember[] =>
  pairs(r).map(([member, score]) => ({ member, score: parseScore(score) }));

export function formatScore(n: number): string {
  if (n === Number.POSITIVE_INFINITY) return "+inf";
  if (n === Number.NEGATIVE_INFINITY) return "-inf";
  if (Number.isNaN(n)) throw new KvError("A score cannot be NaN");
  return String(n);
}

function formatBound(b: ScoreBound): string {
  if (typeof b === "number") return formatScore(b);
  if (typeof b === "string") return b;
  return `(${formatScore(b.exclusive)}`;
}

const list = <T>(x: T | T[]): T[] => (Array.isArray(x) ? x : [x]);

function nonEmpty<T>(items: T[], what: string): T[] {
  if (items.length === 0) throw new KvError(`${what} needs at least one item`);
  return items;
}

function zrangeCommand(key: string, range: ZRange): Command {
  if (range.by === "rank") {
    return ["ZRANGE", key, range.start, range.stop, ...(range.rev ? ["REV"] : [])];
  }
  if (range.by === "lex") {
    const cmd: Command = ["ZRANGE", key, range.min, range.max, "BYLEX"];
    if (range.offset !== undefined || range.count !== undefined) {
      cmd.push("LIMIT", range.offset ?? 0, range.count ?? -1);
    }
    return cmd;
  }
  const [from, to] = range.rev ? [range.max, range.min] : [range.min, range.max];
  const cmd: Command = ["ZRANGE", key, formatBound(from), formatBound(to), "BYSCORE"];
  if (range.rev) cmd.push("REV");
  if (range.offset !== undefined || range.count !== undefined) {
    cmd.push("LIMIT", range.offset ?? 0, range.count ?? -1);
  }
  return cmd;
}

function zstoreCommand(name: string, dest: string, keys: string[], opts: ZStoreOptions = {}): Command {
  const cmd: Command = [name, dest, keys.length, ...nonEmpty(keys, name)];
  if (opts.weights) cmd.push("WEIGHTS", ...opts.weights.map(formatScore));
  if (opts.aggregate) cmd.push("AGGREGATE", opts.aggregate.toUpperCase());
  return cmd;
}

export const commands = {
  get: (key: string) => spec(["GET", key], asNullableString),
  set: (key: string, value: Arg, opts: SetOptions = {}) => {
    const cmd: Command = ["SET", key, value];
    if (opts.nx) cmd.push("NX");
    if (opts.px !== undefined) cmd.push("PX", Math.max(1, Math.ceil(opts.px)));
    return spec(cmd, asOk);
  },
  del: (keys: string | string[]) => spec(["DEL", ...nonEmpty(list(keys), "DEL")], asInt),
  exists: (key: string) => spec(["EXISTS", key], asBool),
  pexpire: (key: string, ms: number) => spec(["PEXPIRE", key, Math.max(1, Math.ceil(ms))], asBool),
  pttl: (key: string) => spec(["PTTL", key], asInt),
  incrby: (key: string, by: number) => spec(["INCRBY", key, by], asInt),

  hget: (key: string, field: string) => spec(["HGET", key, field], asNullableString),
  hset: (key: string, fields: Record<string, Arg>) =>
    spec(["HSET", key, ...nonEmpty(Object.entries(fields), "HSET").flat()], asInt),
  hsetnx: (key: string, field: string, value: Arg) => spec(["HSETNX", key, field, value], asBool),
  hincrby: (key: string, field: string, by: number) => spec(["HINCRBY", key, field, by], asInt),
  hmget: (key: string, fields: string[]) =>
    spec(["HMGET", key, ...nonEmpty(fields, "HMGET")], asNullableStrings),
  hgetall: (key: string) => spec(["HGETALL", key], asHash),
  hdel: (key: string, fields: string | string[]) =>
    spec(["HDEL", key, ...nonEmpty(list(fields), "HDEL")], asInt),

  sadd: (key: string, members: string | string[]) =>
    spec(["SADD", key, ...nonEmpty(list(members), "SADD")], asInt),
  srem: (key: string, members: string | string[]) =>
    spec(["SREM", key, ...nonEmpty(list(members), "SREM")], asInt),
  smembers: (key: string) => spec(["SMEMBERS", key], asStrings),
  sismember: (key: string, member: string) => spec(["SISMEMBER", key, member], asBool),
  scard: (key: string) => spec(["SCARD", key], asInt),

  zadd: (key: string, members: ScoredMember | ScoredMember[], opts: ZAddOptions = {}) => {
    const cmd: Command = ["ZADD", key];
    if (opts.nx) cmd.push("NX");
    if (opts.xx) cmd.push("XX");
    if (opts.gt) cmd.push("GT");
    if (opts.lt) cmd.push("LT");
    for (const m of nonEmpty(list(members), "ZADD")) cmd.push(formatScore(m.score), m.member);
    return spec(cmd, asInt);
  },
  zrem: (key: string, members: string | string[]) =>
    spec(["ZREM", key, ...nonEmpty(list(members), "ZREM")], asInt),
  zscore: (key: string, member: string) => spec(["ZSCORE", key, member], asNullableScore),
  /** Many members' scores in one command (null for absent ones), in the order asked. */
  zmscore: (key: string, members: string[]) =>
    spec(["ZMSCORE", key, ...nonEmpty(members, "ZMSCORE")], (r) => asArray(r).map(asNullableScore)),
  zcard: (key: string) => spec(["ZCARD", key], asInt),
  /** Rank from the top (score descending, ties by member descending), or null when absent. */
  zrevrank: (key: string, member: string) =>
    spec(["ZREVRANK", key, member], (r) => (r === null ? null : asInt(r))),
  zcount: (key: string, min: ScoreBound, max: ScoreBound) =>
    spec(["ZCOUNT", key, formatBound(min), formatBound(max)], asInt),
  zrange: (key: string, range: ZRange) => spec(zrangeCommand(key, range), asStrings),
  zrangeWithScores: (key: string, range: ZRange) =>
    spec([...zrangeCommand(key, range), "WITHSCORES"], asScored),
  zremrangebyscore: (key: string, min: ScoreBound, max: ScoreBound) =>
    spec(["ZREMRANGEBYSCORE", key, formatBound(min), formatBound(max)], asInt),
  zinterstore: (dest: string, keys: string[], opts?: ZStoreOptions) =>
    spec(zstoreCommand("ZINTERSTORE", dest, keys, opts), asInt),
  zunionstore: (dest: string, keys: string[], opts?: ZStoreOptions) =>
    spec(zstoreCommand("ZUNIONSTORE", dest, keys, opts), asInt),
};

type Commands = typeof commands;
type CommandName = keyof Commands;
type ResultOf<K extends CommandName> = ReturnType<Commands[K]> extends Spec<infer T> ? T : never;

export type KvCommands = { [K in CommandName]: (...args: Parameters<Commands[K]>) => Promise<ResultOf<K>> };

export type KvBatch = { [K in CommandName]: (...args: Parameters<Commands[K]>) => KvBatch } & {
  readonly length: number;
  /** Runs the queued commands; results in order, each parsed as its single-call form would be. */
  exec<T extends unknown[] = unknown[]>(): Promise<T>;
};

export interface Kv extends KvCommands {
  readonly driver: KvDriverName;
  readonly location: string;
  /** Batches commands into one round trip (one per slot on a cluster); not atomic. */
  pipeline(): KvBatch;
  /**
   * Batches commands into one atomic transaction. Every key must be in one hash slot (share a hash
   * tag), on every driver, so what a cluster refuses fails everywhere (lib/storage/kv/slots.ts).
   */
  multi(): KvBatch;
  /** Every key that starts with prefix. */
  scan(prefix: string): Promise<string[]>;
  close(): Promise<void>;
}

type AnyBuilder = (...args: unknown[]) => Spec<unknown>;
const builder = (name: CommandName) => commands[name] as unknown as AnyBuilder;
const commandNames = Object.keys(commands) as CommandName[];

function createBatch(driver: KvDriver, mode: "pipeline" | "multi"): KvBatch {
  const queued: Spec<unknown>[] = [];
  const batch: Record<string, unknown> = {
    get length() {
      return queued.length;
    },
    async exec() {
      if (queued.length === 0) return [];
      const commands = queued.map((s) => s.command);
      assertClusterSafe(commands, mode);
      const replies = await driver.run(commands, mode);
      return queued.map((s, i) => s.parse(replies[i] ?? null));
    },
  };
  for (const name of commandNames) {
    batch[name] = (...args: unknown[]) => {
      queued.push(builder(name)(...args));
      return batch;
    };
  }
  return batch as unknown as KvBatch;
}

export function createKv(driver: KvDriver): Kv {
  const kv: Record<string, unknown> = {
    driver: driver.name,
    location: driver.location,
    pipeline: () => createBatch(driver, "pipeline"),
    multi: () => createBatch(driver, "multi"),
    scan: (prefix: string) => driver.scan(prefix),
    close: () => driver.close(),
  };
  for (const name of commandNames) {
    kv[name] = async (...args: unknown[]) => {
      const s = builder(name)(...args);
      assertClusterSafe([s.command], "pipeline");
      const [reply] = await driver.run([s.command], "pipeline");
      return s.parse(reply ?? null);
    };
  }
  return kv as unknown as Kv;
}
