import { createUser } from "@/lib/data/users";
import { createWorkspace } from "@/lib/data/workspaces";
import { generateSessions, type SeededSession, writeSession } from "@/lib/seed";

/** A fresh workspace filled with generated sessions through ingest's write path; returns them as ground truth. */
export async function seededWorkspace(
  name: string,
  n: number,
  options: Parameters<typeof generateSessions>[1],
): Promise<{ ws: string; truth: SeededSession[] }> {
  const user = await createUser({
    email: `${name.toLowerCase().replace(/\W+/g, "-")}-${Date.now()}@seed.test`,
    name: "",
  });
  const ws = (await createWorkspace(user.id, name)).id;
  const truth = generateSessions(n, options);
  for (let i = 0; i < truth.length; i += 50)
    await Promise.all(truth.slice(i, i + 50).map((s) => writeSession(ws, s)));
  return { ws, truth };
}
