import { kv } from "@/lib/storage/kv";

/**
 * Every key under a prefix with its whole content as text, whatever its type (the KV seam has no
 * TYPE command, so each read is tried until one fits): for "nothing left behind" checks.
 */
export async function dumpKeys(prefix: string): Promise<string> {
  const store = await kv();
  const out: string[] = [];
  for (const key of await store.scan(prefix)) {
    const reads = [
      () => store.get(key),
      () => store.hgetall(key),
      () => store.smembers(key),
      () => store.zrangeWithScores(key, { by: "rank", start: 0, stop: -1 }),
    ];
    for (const read of reads) {
      try {
        out.push(`${key} ${JSON.stringify(await read())}`);
        break;
      } catch {}
    }
  }
  return out.join("\n");
}
