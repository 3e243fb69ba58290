import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import Database from "libsql";
import { type Arg, type Command, KvError, type Reply } from "./types";

/**
 * The SQLite engine behind the embedded KV: Redis semantics over one SQLite file (libsql, WAL),
 * run synchronously on the thread that owns the connection (the KV thread, ./embedded-thread.ts).
 * Commands run one at a time, so within one process every command and every batch is atomic.
 * `runGroup` is the group commit: the batches handed to it together run in one IMMEDIATE
 * transaction, each inside its own savepoint, so a failing batch rolls back alone; the IMMEDIATE
 * transaction keeps batches atomic across processes sharing the file.
 */

type KeyType = "string" | "hash" | "set" | "zset";

/** What one batch of a group commit came to: its replies, or the error that undid it. */
export type Outcome = { replies: Reply[]; error?: undefined } | { replies?: undefined; error: unknown };
type Db = InstanceType<typeof Database>;
interface Statement {
  run(...params: unknown[]): { changes: number };
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS kv_keys (key TEXT PRIMARY KEY, type TEXT NOT NULL, expires_at INTEGER) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS kv_keys_expiry ON kv_keys(expires_at) WHERE expires_at IS NOT NULL;
CREATE TABLE IF NOT EXISTS kv_strings (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS kv_hashes (key TEXT NOT NULL, field TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (key, field)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS kv_sets (key TEXT NOT NULL, member TEXT NOT NULL, PRIMARY KEY (key, member)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS kv_zsets (key TEXT NOT NULL, member TEXT NOT NULL, score REAL NOT NULL, PRIMARY KEY (key, member)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS kv_zsets_by_score ON kv_zsets(key, score, member);
`;

const TABLE: Record<KeyType, string> = {
  string: "kv_strings",
  hash: "kv_hashes",
  set: "kv_sets",
  zset: "kv_zsets",
};

const WRONGTYPE = "WRONGTYPE Operation against a key holding the wrong kind of value";
const NOT_INTEGER = "ERR value is not an integer or out of range";
const NOT_FLOAT = "ERR min or max is not a float";
// The largest code point: every key with the prefix sorts below prefix + this.
const PREFIX_END = "\u{10FFFF}";

function integer(arg: Arg | undefined, message = NOT_INTEGER): number {
  const n = typeof arg === "number" ? arg : Number(arg);
  if (arg === undefined || arg === "" || !Number.isSafeInteger(n)) throw new KvError(message);
  return n;
}

function score(arg: Arg | undefined): number {
  if (arg === undefined) throw new KvError("ERR syntax error");
  const s = String(arg).toLowerCase();
  if (s === "+inf" || s === "inf") return Number.POSITIVE_INFINITY;
  if (s === "-inf") return Number.NEGATIVE_INFINITY;
  const n = Number(s);
  if (s === "" || Number.isNaN(n)) throw new KvError("ERR value is not a valid float");
  return n;
}

interface Bound {
  value: number;
  exclusive: boolean;
}

function bound(arg: Arg | undefined): Bound {
  const s = String(arg ?? "");
  const exclusive = s.startsWith("(");
  try {
    return { value: score(exclusive ? s.slice(1) : s), exclusive };
  } catch {
    throw new KvError(NOT_FLOAT);
  }
}

/** A lex range bound: `[x` inclusive, `(x` exclusive, `-` below and `+` above every member. */
function lexBound(arg: Arg | undefined): { value: string; exclusive: boolean } | "-" | "+" {
  const s = String(arg ?? "");
  if (s === "-" || s === "+") return s;
  if (s.startsWith("[") || s.startsWith("(")) return { value: s.slice(1), exclusive: s[0] === "(" };
  throw new KvError("ERR min or max not valid string range item");
}

function formatScore(n: number): string {
  if (n === Number.POSITIVE_INFINITY) return "inf";
  if (n === Number.NEGATIVE_INFINITY) return "-inf";
  return String(n);
}

/** The WHERE clause for a score range; binds min then max. */
function scoreCondition(min: Bound, max: Bound): string {
  return `score ${min.exclusive ? ">" : ">="} ? AND score ${max.exclusive ? "<" : "<="} ?`;
}

/** Infinite scores are kept as the largest finite doubles, which sort the same way in SQLite. */
function storable(n: number): number {
  if (n === Number.POSITIVE_INFINITY) return Number.MAX_VALUE;
  if (n === Number.NEGATIVE_INFINITY) return -Number.MAX_VALUE;
  return n;
}
function readable(n: number): number {
  if (n === Number.MAX_VALUE) return Number.POSITIVE_INFINITY;
  if (n === -Number.MAX_VALUE) return Number.NEGATIVE_INFINITY;
  return n;
}

/**
 * Creates the file and its tables at once, on the calling thread, so the store is ready (and a
 * path that cannot be opened fails) when the driver's constructor returns, not at its first command.
 */
export function prepareFile(file: string): void {
  if (file === ":memory:") return;
  mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  try {
    // The wait first: switching to WAL takes a lock that another process opening the same file
    // (WEB_CONCURRENCY > 1 starts them together) may hold for a moment.
    db.exec("PRAGMA busy_timeout = 5000");
    db.exec("PRAGMA journal_mode = WAL");
    db.exec(SCHEMA);
  } finally {
    db.close();
  }
}

export class EmbeddedEngine {
  private readonly db: Db;
  private readonly stmts = new Map<string, Statement>();
  /** Batches run in group commits, and the commits: for tests and the bench. */
  readonly stats = { batches: 0, commits: 0 };

  constructor(file: string) {
    if (file !== ":memory:") mkdirSync(dirname(file), { recursive: true });
    this.db = new Database(file);
    this.db.exec("PRAGMA busy_timeout = 5000");
    this.db.exec("PRAGMA journal_mode = WAL");
    this.db.exec("PRAGMA synchronous = NORMAL");
    this.db.exec(SCHEMA);
  }

  private sql(source: string): Statement {
    let stmt = this.stmts.get(source);
    if (!stmt) {
      stmt = this.db.prepare(source) as unknown as Statement;
      this.stmts.set(source, stmt);
    }
    return stmt;
  }

  /**
   * Runs batches sent together. Lone commands alone run without a transaction (each is atomic by
   * itself); otherwise every batch of the group commits in one transaction, each in a savepoint.
   */
  runGroup(group: Command[][]): Outcome[] {
    if (group.every((commands) => commands.length === 1)) {
      return group.map((commands) => {
        try {
          const { replies, error } = this.executeAll(commands);
          return error ? { error } : { replies };
        } catch (error) {
          return { error };
        }
      });
    }
    const outcomes: Outcome[] = [];
    try {
      this.db.exec("BEGIN IMMEDIATE");
      for (const commands of group) {
        this.db.exec("SAVEPOINT batch");
        try {
          const { replies, error } = this.executeAll(commands);
          this.db.exec("RELEASE batch");
          outcomes.push(error ? { error } : { replies });
        } catch (error) {
          // Only this batch is undone: the group's others stay and commit.
          this.db.exec("ROLLBACK TO batch");
          this.db.exec("RELEASE batch");
          outcomes.push({ error });
        }
      }
      this.db.exec("COMMIT");
      this.stats.commits++;
      this.stats.batches += group.length;
    } catch (error) {
      if (this.db.inTransaction) this.db.exec("ROLLBACK");
      return group.map(() => ({ error }));
    }
    return outcomes;
  }

  /** Runs every command; a KvError answers its own command (null) and is reported after, as Redis does. */
  private executeAll(commands: Command[]): { replies: Reply[]; error?: KvError } {
    let error: KvError | undefined;
    const replies: Reply[] = [];
    for (const command of commands) {
      try {
        replies.push(this.execute(command));
      } catch (thrown) {
        if (!(thrown instanceof KvError)) throw thrown;
        error ??= thrown;
        replies.push(null);
      }
    }
    return { replies, error };
  }

  scan(prefix: string): string[] {
    const rows = this.sql(
      "SELECT key FROM kv_keys WHERE key >= ? AND key < ? AND (expires_at IS NULL OR expires_at > ?) ORDER BY key",
    ).all(prefix, prefix + PREFIX_END, Date.now()) as { key: string }[];
    return rows.map((r) => r.key).filter((k) => k.startsWith(prefix));
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  /** Removes expired keys in bounded batches so that storage is reclaimed without reads. */
  sweepExpired(): number {
    const expired = this.sql("SELECT key, type FROM kv_keys WHERE expires_at <= ? LIMIT 1000").all(
      Date.now(),
    ) as {
      key: string;
      type: KeyType;
    }[];
    if (expired.length === 0) return 0;
    this.db
      .transaction(() => {
        for (const row of expired) this.remove(row.key, row.type);
      })
      .immediate();
    return expired.length;
  }

  // ---- key bookkeeping ----

  private remove(key: string, type: KeyType): void {
    this.sql("DELETE FROM kv_keys WHERE key = ?").run(key);
    this.sql(`DELETE FROM ${TABLE[type]} WHERE key = ?`).run(key);
  }

  /** The live type of key, or null; an expired key is removed on the way. */
  private typeOf(key: string): KeyType | null {
    const row = this.sql("SELECT type, expires_at FROM kv_keys WHERE key = ?").get(key) as
      | { type: KeyType; expires_at: number | null }
      | undefined;
    if (!row) return null;
    if (row.expires_at !== null && row.expires_at <= Date.now()) {
      this.remove(key, row.type);
      return null;
    }
    return row.type;
  }

  /** Throws WRONGTYPE when key holds another type; true when it exists. */
  private check(key: string, type: KeyType): boolean {
    const t = this.typeOf(key);
    if (t !== null && t !== type) throw new KvError(WRONGTYPE);
    return t !== null;
  }

  /** Makes key a live `type` (WRONGTYPE if it holds another); `exists` when a check just found it. */
  private create(key: string, type: KeyType, exists = this.check(key, type)): void {
    if (!exists) this.sql("INSERT INTO kv_keys (key, type, expires_at) VALUES (?, ?, NULL)").run(key, type);
  }

  /** Redis deletes a collection when its last element goes. */
  private dropIfEmpty(key: string, type: Exclude<KeyType, "string">): void {
    const row = this.sql(`SELECT 1 AS one FROM ${TABLE[type]} WHERE key = ? LIMIT 1`).get(key);
    if (!row) this.sql("DELETE FROM kv_keys WHERE key = ?").run(key);
  }

  // ---- commands ----

  private execute(command: Command): Reply {
    const [rawName, ...args] = command;
    const name = rawName.toUpperCase();
    const key = String(args[0] ?? "");
    const handler = this.handlers[name];
    if (!handler) throw new KvError(`ERR unknown command '${rawName}'`);
    if (args.length === 0) throw new KvError(`ERR wrong number of arguments for '${rawName}' command`);
    return handler(key, args.slice(1).map(String), args);
  }

  private readonly handlers: Record<string, (key: string, rest: string[], all: Arg[]) => Reply> = {
    GET: (key) => {
      if (!this.check(key, "string")) return null;
      return (this.sql("SELECT value FROM kv_strings WHERE key = ?").get(key) as { value: string }).value;
    },
    SET: (key, rest) => {
      const [value, ...opts] = rest;
      if (value === undefined) throw new KvError("ERR wrong number of arguments for 'set' command");
      let nx = false;
      let expiresAt: number | null = null;
      for (let i = 0; i < opts.length; i++) {
        const opt = opts[i]?.toUpperCase();
        if (opt === "NX") nx = true;
        else if (opt === "PX") {
          const ms = integer(opts[++i]);
          if (ms <= 0) throw new KvError("ERR invalid expire time in 'set' command");
          expiresAt = Date.now() + ms;
        } else throw new KvError("ERR syntax error");
      }
      const existing = this.typeOf(key);
      if (nx && existing) return null;
      if (existing) this.remove(key, existing);
      this.sql("INSERT INTO kv_keys (key, type, expires_at) VALUES (?, 'string', ?)").run(key, expiresAt);
      this.sql("INSERT INTO kv_strings (key, value) VALUES (?, ?)").run(key, value);
      return "OK";
    },
    DEL: (_key, _rest, all) => {
      let removed = 0;
      for (const k of all.map(String)) {
        const t = this.typeOf(k);
        if (t) {
          this.remove(k, t);
          removed++;
        }
      }
      return removed;
    },
    EXISTS: (_key, _rest, all) => all.map(String).filter((k) => this.typeOf(k) !== null).length,
    PEXPIRE: (key, [ms]) => {
      const n = integer(ms);
      const t = this.typeOf(key);
      if (!t) return 0;
      if (n <= 0) {
        this.remove(key, t);
        return 1;
      }
      this.sql("UPDATE kv_keys SET expires_at = ? WHERE key = ?").run(Date.now() + n, key);
      return 1;
    },
    PTTL: (key) => {
      if (!this.typeOf(key)) return -2;
      const row = this.sql("SELECT expires_at FROM kv_keys WHERE key = ?").get(key) as {
        expires_at: number | null;
      };
      return row.expires_at === null ? -1 : Math.max(0, row.expires_at - Date.now());
    },
    INCRBY: (key, [by]) => {
      const delta = integer(by);
      const exists = this.check(key, "string");
      const current = exists
        ? integer(
            (this.sql("SELECT value FROM kv_strings WHERE key = ?").get(key) as { value: string }).value,
          )
        : 0;
      const next = current + delta;
      if (!Number.isSafeInteger(next)) throw new KvError("ERR increment or decrement would overflow");
      this.create(key, "string", exists);
      this.sql(
        "INSERT INTO kv_strings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
      ).run(key, String(next));
      return next;
    },

    HGET: (key, [field]) => {
      if (!this.check(key, "hash")) return null;
      const row = this.sql("SELECT value FROM kv_hashes WHERE key = ? AND field = ?").get(key, field) as
        | { value: string }
        | undefined;
      return row?.value ?? null;
    },
    HSET: (key, rest) => {
      if (rest.length === 0 || rest.length % 2 !== 0) {
        throw new KvError("ERR wrong number of arguments for 'hset' command");
      }
      this.create(key, "hash");
      let added = 0;
      for (let i = 0; i < rest.length; i += 2) {
        const exists = this.sql("SELECT 1 AS one FROM kv_hashes WHERE key = ? AND field = ?").get(
          key,
          rest[i],
        );
        if (!exists) added++;
        this.sql(
          "INSERT INTO kv_hashes (key, field, value) VALUES (?, ?, ?) ON CONFLICT(key, field) DO UPDATE SET value = excluded.value",
        ).run(key, rest[i], rest[i + 1]);
      }
      return added;
    },
    HSETNX: (key, [field, value]) => {
      if (value === undefined) throw new KvError("ERR wrong number of arguments for 'hsetnx' command");
      this.create(key, "hash");
      return this.sql(
        "INSERT INTO kv_hashes (key, field, value) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
      ).run(key, field, value).changes;
    },
    HINCRBY: (key, [field, by]) => {
      const delta = integer(by);
      const exists = this.check(key, "hash");
      const row = exists
        ? (this.sql("SELECT value FROM kv_hashes WHERE key = ? AND field = ?").get(key, field) as
            | { value: string }
            | undefined)
        : undefined;
      const current = row ? integer(row.value, "ERR hash value is not an integer") : 0;
      const next = current + delta;
      if (!Number.isSafeInteger(next)) throw new KvError("ERR increment or decrement would overflow");
      this.create(key, "hash", exists);
      this.sql(
        "INSERT INTO kv_hashes (key, field, value) VALUES (?, ?, ?) ON CONFLICT(key, field) DO UPDATE SET value = excluded.value",
      ).run(key, field, String(next));
      return next;
    },
    HMGET: (key, fields) => {
      if (!this.check(key, "hash")) return fields.map(() => null);
      const stmt = this.sql("SELECT value FROM kv_hashes WHERE key = ? AND field = ?");
      return fields.map((f) => (stmt.get(key, f) as { value: string } | undefined)?.value ?? null);
    },
    HGETALL: (key) => {
      if (!this.check(key, "hash")) return [];
      // Two JSON arrays built by SQLite in one pass (same rows, same order), not a JS object per row:
      // a heatmap day's grid is thousands of fields, and row objects were most of its read time.
      const { f, v } = this.sql(
        "SELECT json_group_array(field) AS f, json_group_array(value) AS v FROM kv_hashes WHERE key = ?",
      ).get(key) as { f: string; v: string };
      const fields = JSON.parse(f) as string[];
      const values = JSON.parse(v) as string[];
      const out: string[] = new Array(fields.length * 2);
      for (let i = 0; i < fields.length; i++) {
        out[i * 2] = fields[i]!;
        out[i * 2 + 1] = values[i]!;
      }
      return out;
    },
    HDEL: (key, fields) => {
      if (!this.check(key, "hash")) return 0;
      let removed = 0;
      for (const f of fields)
        removed += this.sql("DELETE FROM kv_hashes WHERE key = ? AND field = ?").run(key, f).changes;
      this.dropIfEmpty(key, "hash");
      return removed;
    },

    SADD: (key, members) => {
      this.create(key, "set");
      let added = 0;
      for (const m of members) {
        added += this.sql("INSERT INTO kv_sets (key, member) VALUES (?, ?) ON CONFLICT DO NOTHING").run(
          key,
          m,
        ).changes;
      }
      return added;
    },
    SREM: (key, members) => {
      if (!this.check(key, "set")) return 0;
      let removed = 0;
      for (const m of members)
        removed += this.sql("DELETE FROM kv_sets WHERE key = ? AND member = ?").run(key, m).changes;
      this.dropIfEmpty(key, "set");
      return removed;
    },
    SMEMBERS: (key) => {
      if (!this.check(key, "set")) return [];
      return (this.sql("SELECT member FROM kv_sets WHERE key = ?").all(key) as { member: string }[]).map(
        (r) => r.member,
      );
    },
    SISMEMBER: (key, [member]) => {
      if (!this.check(key, "set")) return 0;
      return this.sql("SELECT 1 AS one FROM kv_sets WHERE key = ? AND member = ?").get(key, member) ? 1 : 0;
    },
    SCARD: (key) => {
      if (!this.check(key, "set")) return 0;
      return (this.sql("SELECT count(*) AS n FROM kv_sets WHERE key = ?").get(key) as { n: number }).n;
    },

    ZADD: (key, rest) => {
      const flags = new Set<string>();
      let i = 0;
      while (i < rest.length && ["NX", "XX", "GT", "LT", "CH"].includes(rest[i]!.toUpperCase())) {
        flags.add(rest[i]!.toUpperCase());
        i++;
      }
      const pairs = rest.slice(i);
      if (pairs.length === 0 || pairs.length % 2 !== 0) throw new KvError("ERR syntax error");
      if (flags.has("NX") && flags.has("XX")) {
        throw new KvError("ERR XX and NX options at the same time are not compatible");
      }
      if ((flags.has("GT") && flags.has("LT")) || (flags.has("NX") && (flags.has("GT") || flags.has("LT")))) {
        throw new KvError("ERR GT, LT, and/or NX options at the same time are not compatible");
      }
      const entries: [number, string][] = [];
      for (let j = 0; j < pairs.length; j += 2) entries.push([score(pairs[j]), pairs[j + 1]!]);
      // Becomes true with the first insert: a member may come twice in one call.
      let exists = this.check(key, "zset");
      let added = 0;
      let changed = 0;
      for (const [s, member] of entries) {
        const row = exists
          ? (this.sql("SELECT score FROM kv_zsets WHERE key = ? AND member = ?").get(key, member) as
              | { score: number }
              | undefined)
          : undefined;
        if (!row) {
          if (flags.has("XX")) continue;
          this.create(key, "zset", exists);
          exists = true;
          this.sql("INSERT INTO kv_zsets (key, member, score) VALUES (?, ?, ?)").run(
            key,
            member,
            storable(s),
          );
          added++;
          continue;
        }
        const old = readable(row.score);
        if (flags.has("NX")) continue;
        if (flags.has("GT") && !(s > old)) continue;
        if (flags.has("LT") && !(s < old)) continue;
        if (s !== old) {
          this.sql("UPDATE kv_zsets SET score = ? WHERE key = ? AND member = ?").run(
            storable(s),
            key,
            member,
          );
          changed++;
        }
      }
      return flags.has("CH") ? added + changed : added;
    },
    ZREM: (key, members) => {
      if (!this.check(key, "zset")) return 0;
      let removed = 0;
      for (const m of members)
        removed += this.sql("DELETE FROM kv_zsets WHERE key = ? AND member = ?").run(key, m).changes;
      this.dropIfEmpty(key, "zset");
      return removed;
    },
    ZSCORE: (key, [member]) => {
      if (!this.check(key, "zset")) return null;
      const row = this.sql("SELECT score FROM kv_zsets WHERE key = ? AND member = ?").get(key, member) as
        | { score: number }
        | undefined;
      return row ? formatScore(readable(row.score)) : null;
    },
    ZMSCORE: (key, members) => {
      if (!this.check(key, "zset")) return members.map(() => null);
      const scores = new Map<string, number>();
      // One query per slice of members (SQLite caps bound parameters).
      for (let i = 0; i < members.length; i += 500) {
        const slice = members.slice(i, i + 500);
        const rows = this.sql(
          `SELECT member, score FROM kv_zsets WHERE key = ? AND member IN (${slice.map(() => "?").join(",")})`,
        ).all(key, ...slice) as { member: string; score: number }[];
        for (const r of rows) scores.set(r.member, r.score);
      }
      return members.map((m) => {
        const found = scores.get(m);
        return found === undefined ? null : formatScore(readable(found));
      });
    },
    ZCARD: (key) => {
      if (!this.check(key, "zset")) return 0;
      return (this.sql("SELECT count(*) AS n FROM kv_zsets WHERE key = ?").get(key) as { n: number }).n;
    },
    ZREVRANK: (key, [member]) => {
      if (!this.check(key, "zset")) return null;
      const row = this.sql("SELECT score FROM kv_zsets WHERE key = ? AND member = ?").get(key, member) as
        | { score: number }
        | undefined;
      if (!row) return null;
      return (
        this.sql(
          "SELECT count(*) AS n FROM kv_zsets WHERE key = ? AND (score > ? OR (score = ? AND member > ?))",
        ).get(key, row.score, row.score, member) as { n: number }
      ).n;
    },
    ZCOUNT: (key, [min, max]) => {
      const lo = bound(min);
      const hi = bound(max);
      if (!this.check(key, "zset")) return 0;
      const sql = `SELECT count(*) AS n FROM kv_zsets WHERE key = ? AND ${scoreCondition(lo, hi)}`;
      return (this.sql(sql).get(key, storable(lo.value), storable(hi.value)) as { n: number }).n;
    },
    ZRANGE: (key, rest) => this.zrange(key, rest),
    ZREMRANGEBYSCORE: (key, [min, max]) => {
      const lo = bound(min);
      const hi = bound(max);
      if (!this.check(key, "zset")) return 0;
      const sql = `DELETE FROM kv_zsets WHERE key = ? AND ${scoreCondition(lo, hi)}`;
      const removed = this.sql(sql).run(key, storable(lo.value), storable(hi.value)).changes;
      this.dropIfEmpty(key, "zset");
      return removed;
    },
    ZINTERSTORE: (dest, rest) => this.zstore(dest, rest, "inter"),
    ZUNIONSTORE: (dest, rest) => this.zstore(dest, rest, "union"),
  };

  private zmembers(key: string): { member: string; score: number }[] {
    const rows = this.sql("SELECT member, score FROM kv_zsets WHERE key = ? ORDER BY score, member").all(
      key,
    ) as {
      member: string;
      score: number;
    }[];
    return rows.map((r) => ({ member: r.member, score: readable(r.score) }));
  }

  private zrange(key: string, rest: string[]): Reply {
    const [startArg, stopArg, ...opts] = rest;
    let byScore = false;
    let byLex = false;
    let rev = false;
    let withScores = false;
    let limit: { offset: number; count: number } | undefined;
    for (let i = 0; i < opts.length; i++) {
      const opt = opts[i]!.toUpperCase();
      if (opt === "BYSCORE") byScore = true;
      else if (opt === "BYLEX") byLex = true;
      else if (opt === "REV") rev = true;
      else if (opt === "WITHSCORES") withScores = true;
      else if (opt === "LIMIT") {
        limit = { offset: integer(opts[i + 1]), count: integer(opts[i + 2]) };
        i += 2;
      } else throw new KvError("ERR syntax error");
    }
    if (limit && !byScore && !byLex) {
      throw new KvError(
        "ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX",
      );
    }
    const order = rev ? "score DESC, member DESC" : "score ASC, member ASC";
    let rows: { member: string; score: number }[];
    if (byLex) {
      if (rev) throw new KvError("ERR syntax error");
      const lo = lexBound(startArg);
      const hi = lexBound(stopArg);
      if (!this.check(key, "zset") || (limit && limit.offset < 0) || lo === "+" || hi === "-") return [];
      // SQLite compares TEXT byte by byte in UTF-8, as Redis compares members.
      const where = [
        lo === "-" ? "" : ` AND member ${lo.exclusive ? ">" : ">="} ?`,
        hi === "+" ? "" : ` AND member ${hi.exclusive ? "<" : "<="} ?`,
      ].join("");
      const params = [key, ...(lo === "-" ? [] : [lo.value]), ...(hi === "+" ? [] : [hi.value])];
      rows = this.sql(
        `SELECT member, score FROM kv_zsets WHERE key = ?${where} ORDER BY member LIMIT ? OFFSET ?`,
      ).all(...params, limit?.count ?? -1, limit?.offset ?? 0) as typeof rows;
    } else if (byScore) {
      // With REV the caller gives max first, as Redis expects.
      const [lo, hi] = rev ? [bound(stopArg), bound(startArg)] : [bound(startArg), bound(stopArg)];
      if (!this.check(key, "zset") || (limit && limit.offset < 0)) return [];
      rows = this.sql(
        `SELECT member, score FROM kv_zsets WHERE key = ? AND ${scoreCondition(lo, hi)} ORDER BY ${order} LIMIT ? OFFSET ?`,
      ).all(
        key,
        storable(lo.value),
        storable(hi.value),
        limit?.count ?? -1,
        limit?.offset ?? 0,
      ) as typeof rows;
    } else {
      let start = integer(startArg);
      let stop = integer(stopArg);
      if (!this.check(key, "zset")) return [];
      // Counting a large set costs as much as reading it: only negative ranks need its length.
      if (start < 0 || stop < 0) {
        const len = this.handlers.ZCARD!(key, [], [key]) as number;
        if (start < 0) start = Math.max(0, len + start);
        if (stop < 0) stop += len;
      }
      if (start > stop) return [];
      rows = this.sql(
        `SELECT member, score FROM kv_zsets WHERE key = ? ORDER BY ${order} LIMIT ? OFFSET ?`,
      ).all(key, stop - start + 1, start) as typeof rows;
    }
    return withScores
      ? rows.flatMap((r) => [r.member, formatScore(readable(r.score))])
      : rows.map((r) => r.member);
  }

  private zstore(dest: string, rest: string[], kind: "inter" | "union"): Reply {
    const count = integer(rest[0]);
    if (count <= 0) throw new KvError("ERR at least 1 input key is needed for ZUNIONSTORE/ZINTERSTORE");
    const keys = rest.slice(1, 1 + count);
    if (keys.length !== count) throw new KvError("ERR syntax error");
    const opts = rest.slice(1 + count);
    let weights = keys.map(() => 1);
    let aggregate = "SUM";
    for (let i = 0; i < opts.length; i++) {
      const opt = opts[i]!.toUpperCase();
      if (opt === "WEIGHTS") {
        weights = keys.map((_, j) => score(opts[i + 1 + j]));
        i += count;
      } else if (opt === "AGGREGATE") {
        aggregate = String(opts[++i]).toUpperCase();
        if (!["SUM", "MIN", "MAX"].includes(aggregate)) throw new KvError("ERR syntax error");
      } else throw new KvError("ERR syntax error");
    }
    const combine = (a: number, b: number) =>
      aggregate === "SUM" ? a + b : aggregate === "MIN" ? Math.min(a, b) : Math.max(a, b);
    if (kind === "inter") {
      const types = keys.map((k) => this.typeOf(k));
      if (types.every((t) => t === "zset") && !keys.includes(dest)) {
        return this.zinterSql(dest, keys, weights, combine);
      }
    }
    const sources = keys.map((k) => {
      const t = this.typeOf(k);
      if (t === null) return new Map<string, number>();
      if (t === "set") return new Map(this.handlerMembers(k).map((m) => [m, 1] as const));
      if (t !== "zset") throw new KvError(WRONGTYPE);
      return new Map(this.zmembers(k).map((r) => [r.member, r.score] as const));
    });
    const result = new Map<string, number>();
    const [first, ...others] = sources;
    if (kind === "inter") {
      for (const [member, s] of first ?? []) {
        let total = s * weights[0]!;
        let everywhere = true;
        others.forEach((src, j) => {
          const other = src.get(member);
          if (other === undefined) everywhere = false;
          else total = combine(total, other * weights[j + 1]!);
        });
        if (everywhere) result.set(member, total);
      }
    } else {
      sources.forEach((src, j) => {
        for (const [member, s] of src) {
          const weighted = s * weights[j]!;
          const prev = result.get(member);
          result.set(member, prev === undefined ? weighted : combine(prev, weighted));
        }
      });
    }
    const existing = this.typeOf(dest);
    if (existing) this.remove(dest, existing);
    if (result.size === 0) return 0;
    this.create(dest, "zset");
    const insert = this.sql("INSERT INTO kv_zsets (key, member, score) VALUES (?, ?, ?)");
    for (const [member, s] of result) insert.run(dest, member, storable(Number.isNaN(s) ? 0 : s));
    return result.size;
  }

  /**
   * ZINTERSTORE of sorted sets as one join driven by the smallest input, so only its members are
   * looked up in the others (as Redis does) instead of reading every input whole.
   */
  private zinterSql(
    dest: string,
    keys: string[],
    weights: number[],
    combine: (a: number, b: number) => number,
  ): Reply {
    const count = this.sql("SELECT COUNT(*) AS n FROM kv_zsets WHERE key = ?");
    const order = keys
      .map((key, i) => ({ key, weight: weights[i]!, n: (count.get(key) as { n: number }).n }))
      .sort((a, b) => a.n - b.n);
    const joins = order
      .slice(1)
      .map((_, j) => `JOIN kv_zsets t${j + 1} ON t${j + 1}.key = ? AND t${j + 1}.member = t0.member`)
      .join(" ");
    const columns = order.map((_, j) => `t${j}.score AS s${j}`).join(", ");
    const rows = this.sql(
      `SELECT t0.member AS member, ${columns} FROM kv_zsets t0 ${joins} WHERE t0.key = ?`,
    ).all(...order.slice(1).map((o) => o.key), order[0]!.key) as Record<string, number | string>[];
    const existing = this.typeOf(dest);
    if (existing) this.remove(dest, existing);
    if (rows.length === 0) return 0;
    this.create(dest, "zset");
    const insert = this.sql("INSERT INTO kv_zsets (key, member, score) VALUES (?, ?, ?)");
    for (const row of rows) {
      let total = readable(row.s0 as number) * order[0]!.weight;
      for (let j = 1; j < order.length; j++)
        total = combine(total, readable(row[`s${j}`] as number) * order[j]!.weight);
      insert.run(dest, row.member, storable(Number.isNaN(total) ? 0 : total));
    }
    return rows.length;
  }

  private handlerMembers(key: string): string[] {
    return (this.sql("SELECT member FROM kv_sets WHERE key = ?").all(key) as { member: string }[]).map(
      (r) => r.member,
    );
  }
}
