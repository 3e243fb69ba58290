import { authSecret } from "@/lib/auth/secret";
import { openStores } from "@/lib/data/store-health";
import { EnvError, env } from "@/lib/env";

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
  console.log(`[rewind] storage: ${await openStores()}`);
}
