import { beforeAll, expect, test } from "vitest";
import { GET } from "@/app/replay/[sessionId]/route";
import { getProjectKey } from "@/lib/data/keys";
import { createUser } from "@/lib/data/users";
import { createWorkspace } from "@/lib/data/workspaces";
import { useTempDataDir } from "../helpers/temp-data";

let slug: string;
let key: string;

beforeAll(async () => {
  useTempDataDir();
  const user = await createUser({ email: "replay-link@test.dev", name: "" });
  const workspace = await createWorkspace(user.id, "Replay Link Co");
  slug = workspace.slug;
  key = (await getProjectKey(workspace.id)).current;
});

const open = (sessionId: string, k: string | null) =>
  GET(
    new Request(`http://rewind.test/replay/${sessionId}${k === null ? "" : `?k=${encodeURIComponent(k)}`}`),
    { params: Promise.resolve({ sessionId }) },
  );

test("the SDK's replay link redirects to the recording in the key's workspace", async () => {
  const res = await open("sess_abc-123", key);
  expect(res.status).toBe(307);
  expect(res.headers.get("location")).toBe(`/${slug}/recordings/sess_abc-123`);
});

test("a replay link with an unknown key answers 404 in the standard error shape", async () => {
  const res = await open("sess_abc-123", "pk_unknown");
  expect(res.status).toBe(404);
  expect((await res.json()).error.code).toBe("not_found");
});

test("a replay link without a key or with a malformed session id answers 404", async () => {
  expect((await open("sess_abc-123", null)).status).toBe(404);
  expect((await open("../etc", key)).status).toBe(404);
});
