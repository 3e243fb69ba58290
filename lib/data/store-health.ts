import { blob } from "@/lib/storage/blob";
import { kv } from "@/lib/storage/kv";

/** The stores' round-trip checks, for the health route (the only door to lib/storage is lib/data). */
export { checkBlob, checkKv, type PartHealth } from "@/lib/storage/health";

/** Opens both stores and says which drivers and where, for the startup log line (never secrets). */
export async function openStores(): Promise<string> {
  const [k, b] = await Promise.all([kv(), blob()]);
  return `kv=${k.driver} (${k.location}) blob=${b.name} (${b.location})`;
}
