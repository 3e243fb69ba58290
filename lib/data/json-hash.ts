import { kv } from "@/lib/storage/kv";

/** Entities kept as JSON values of one hash (saved funnels, cohorts, comments): every value, unreadable ones skipped. */
export async function readJsonHash<T>(key: string): Promise<T[]> {
  const raw = await (await kv()).hgetall(key);
  return Object.values(raw).flatMap((r) => {
    try {
      return [JSON.parse(r) as T];
    } catch {
      return [];
    }
  });
}

export async function readJsonField<T>(key: string, field: string): Promise<T | null> {
  const raw = await (await kv()).hget(key, field);
  return raw ? (JSON.parse(raw) as T) : null;
}
