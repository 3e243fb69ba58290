import { LRUCache } from "lru-cache";

/**
 * The process's in-memory caches, all on `lru-cache`: each bounded (by entries or by the size of its
 * values) and least recently used first out, so no cache grows with what strangers send or with the
 * data's size. Callers that keep a value "while a version stored with it matches" compare the version
 * themselves; this module only bounds memory.
 */

/** Values kept while recently used, at most `max` of them (and for at most `ttlMs`, when given). */
export function recentCache<V extends {}>(max: number, ttlMs?: number): LRUCache<string, V> {
  return new LRUCache<string, V>(ttlMs ? { max, ttl: ttlMs } : { max });
}

/**
 * A cache bounded by the total size of its values, in whatever unit the caller measures (bytes,
 * events); a value bigger than the whole budget is not kept.
 */
export class SizedLru<V extends {}> {
  private readonly entries: LRUCache<string, V>;

  constructor(maxSize: number) {
    this.entries = new LRUCache<string, V>({ maxSize });
  }

  get(key: string): V | undefined {
    return this.entries.get(key);
  }

  set(key: string, value: V, size: number): void {
    // lru-cache takes positive whole sizes; an empty value still takes a slot.
    this.entries.set(key, value, { size: Math.max(1, Math.ceil(size)) });
  }

  clear(): void {
    this.entries.clear();
  }
}

/**
 * A value per key for a time to live, loaded on a miss, for values that are read on every ingest
 * request and change rarely (project key → workspace, recording settings). Staleness is bounded by
 * the TTL; `null` is a value worth keeping (an unknown key stays unknown for the TTL).
 */
export class TtlCache<V> {
  private readonly entries: LRUCache<string, { value: V }>;

  constructor(ttlMs: number, maxEntries = 10_000) {
    this.entries = new LRUCache<string, { value: V }>({ max: maxEntries, ttl: ttlMs });
  }

  async get(key: string, load: () => Promise<V>): Promise<V> {
    const hit = this.entries.get(key);
    if (hit) return hit.value;
    const value = await load();
    this.entries.set(key, { value });
    return value;
  }

  delete(key: string): void {
    this.entries.delete(key);
  }
}
