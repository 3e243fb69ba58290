import { authSecret } from "@/lib/auth/secret";
import { EnvError, env } from "@/lib/env";
import { blob } from "@/lib/storage/blob";
import { kv } from "@/lib/storage/kv";

/** Validates the environment, opens both stores and logs one line naming them (never secrets). */
export async function startupReport(): Promise<void> {
  try {
    env();
  } catch (error) {
    if (error instanceof EnvError) {
      console.error(`[rewind] ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
  authSecret();
  const [k, b] = await Promise.all([kv(), blob()]);
  console.log(`[rewind] storage: kv=${k.driver} (${k.location}) blob=${b.name} (${b.location})`);
}
