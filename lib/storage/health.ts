import { randomUUID } from "node:crypto";
import { blob } from "./blob";
import { readAll } from "./blob/types";
import { kv } from "./kv";

export interface PartHealth {
  driver: string;
  ok: boolean;
  error?: string;
}

const TIMEOUT_MS = 3000;

function withTimeout<T>(work: Promise<T>, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${what} did not answer within ${TIMEOUT_MS} ms`)),
      TIMEOUT_MS,
    );
    work.then(resolve, reject).finally(() => clearTimeout(timer));
  });
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Writes, reads back and deletes a marker: proves the store answers, not merely that a client exists. */
export async function checkKv(): Promise<PartHealth> {
  let driver = "unknown";
  try {
    const store = await kv();
    driver = store.driver;
    const key = `health:${randomUUID()}`;
    const value = String(Date.now());
    await withTimeout(
      (async () => {
        await store.set(key, value, { px: 10_000 });
        const back = await store.get(key);
        await store.del(key);
        if (back !== value) throw new Error("read back a different value than was written");
      })(),
      `KV store (${driver})`,
    );
    return { driver, ok: true };
  } catch (error) {
    return { driver, ok: false, error: message(error) };
  }
}

export async function checkBlob(): Promise<PartHealth> {
  let driver = "unknown";
  try {
    const store = await blob();
    driver = store.name;
    const key = `health/${randomUUID()}.txt`;
    const value = String(Date.now());
    await withTimeout(
      (async () => {
        await store.put(key, new TextEncoder().encode(value), { contentType: "text/plain" });
        const stream = await store.get(key);
        const back = stream ? new TextDecoder().decode(await readAll(stream)) : null;
        await store.delete([key]);
        if (back !== value) throw new Error("read back a different object than was written");
      })(),
      `Blob store (${driver})`,
    );
    return { driver, ok: true };
  } catch (error) {
    return { driver, ok: false, error: message(error) };
  }
}
