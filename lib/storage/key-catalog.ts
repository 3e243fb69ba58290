import { type KvBatch, kv } from "./kv";

/**
 * A catalog of the keys under a prefix, kept as a sorted set of their suffixes (all scored 0), so
 * the keys under a longer prefix are one ZRANGE BYLEX — where a key SCAN would walk every key of
 * a shared Redis. Writers add the suffix in the same batch as the key; keys written before the
 * catalog existed are added once, by one SCAN, recorded by a marker key.
 *
 * A suffix stays listed after its key is emptied (it then matches nothing): removing it could race
 * a writer adding the key again.
 */
export interface KeyCatalog {
  /** The zset of suffixes. */
  catalog: string;
  /** Set once the keys written before the catalog are in it. */
  complete: string;
  /** What every catalogued key starts with; a key is `keyPrefix + suffix`. */
  keyPrefix: string;
}

// The largest code point: in UTF-8 byte order every string with a prefix sorts below prefix + this.
const PREFIX_END = "\u{10FFFF}";

export function queueCatalogAdd(m: KvBatch, c: KeyCatalog, suffixes: string[]): void {
  if (suffixes.length) {
    m.zadd(
      c.catalog,
      suffixes.map((member) => ({ score: 0, member })),
      { nx: true },
    );
  }
}

/** For a new owner of the prefix: there is nothing written before the catalog to add. */
export function queueCatalogComplete(m: KvBatch, c: KeyCatalog): void {
  m.set(c.complete, "1");
}

/** Every catalogued key whose suffix starts with `suffixPrefix` ("" for all), in byte order. */
export async function catalogKeys(c: KeyCatalog, suffixPrefix = ""): Promise<string[]> {
  await ensureCatalog(c);
  const suffixes = await (await kv()).zrange(c.catalog, {
    by: "lex",
    min: `[${suffixPrefix}`,
    max: `[${suffixPrefix}${PREFIX_END}`,
  });
  return suffixes.map((s) => c.keyPrefix + s);
}

/** Adds the keys written before the catalog existed, once (the retention job calls it ahead of readers). */
export async function ensureCatalog(c: KeyCatalog): Promise<void> {
  const store = await kv();
  if (await store.exists(c.complete)) return;
  const keys = await store.scan(c.keyPrefix);
  for (let i = 0; i < keys.length; i += 1000) {
    const m = store.pipeline();
    queueCatalogAdd(
      m,
      c,
      keys.slice(i, i + 1000).map((k) => k.slice(c.keyPrefix.length)),
    );
    await m.exec();
  }
  await store.set(c.complete, "1");
}
