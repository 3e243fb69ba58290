import { getProjectKey } from "@/lib/data/keys";
import { createUser } from "@/lib/data/users";
import { createWorkspace } from "@/lib/data/workspaces";
// Named apart: a vitest set-up step, not a React hook, wherever it is called from.
import { useTempDataDir as pointAtFreshDataDir } from "./temp-data";

/**
 * A fresh data folder with one user owning one workspace: what a test that posts batches with the
 * project key starts from. Call in beforeAll, after setting any env the app must read at start.
 */
export async function freshWorkspace(name: string, email: string) {
  pointAtFreshDataDir();
  const user = await createUser({ email, name: "" });
  const ws = (await createWorkspace(user.id, name)).id;
  return { user, ws, key: (await getProjectKey(ws)).current };
}
