import { randomUUID } from "node:crypto";
import { createPersonalKey, getProjectKey } from "@/lib/data/keys";
import { addMember } from "@/lib/data/members";
import { createUser } from "@/lib/data/users";
import { createWorkspace, type Workspace } from "@/lib/data/workspaces";
import { resetEnvCache } from "@/lib/env";
import { batch, click, exception, fullSnapshot, meta, mutation, pageview, T0 } from "../helpers/batches";
import { ingestBatch } from "../helpers/ingest";

/** A workspace with an admin and a member (each with a personal key) for the integration suites. */

export interface Team {
  ws: Workspace;
  adminKey: string;
  memberKey: string;
  memberId: string;
  adminId: string;
  projectKey: string;
}

export async function team(name: string): Promise<Team> {
  const tag = `${name.toLowerCase()}-${Date.now()}`;
  const admin = await createUser({ email: `admin-${tag}@test.dev`, name: "Ada Admin" });
  const member = await createUser({ email: `member-${tag}@test.dev`, name: "Max Member" });
  const ws = await createWorkspace(admin.id, name);
  await addMember(ws.id, member.id, "member");
  return {
    ws,
    adminId: admin.id,
    memberId: member.id,
    adminKey: (await createPersonalKey(ws.id, { userId: admin.id, name: "t", scopes: ["read", "write"] }))
      .key,
    memberKey: (await createPersonalKey(ws.id, { userId: member.id, name: "t", scopes: ["read", "write"] }))
      .key,
    projectKey: (await getProjectKey(ws.id)).current,
  };
}

export function allowHosts(...hostPorts: string[]): void {
  process.env.REWIND_OUTBOUND_ALLOW_HOSTS = hostPorts.join(",");
  resetEnvCache();
}

type Handler = (r: Request, c: { params: Promise<never> }) => Promise<Response>;

export async function call(
  handler: Handler,
  params: Record<string, string>,
  init: { method?: string; body?: unknown; key: string },
): Promise<{ status: number; body: Record<string, unknown>; text: string }> {
  const res = await handler(
    new Request("http://rewind.test/api/v1/x", {
      method: init.method ?? "GET",
      headers: {
        authorization: `Bearer ${init.key}`,
        ...(init.body !== undefined && { "content-type": "application/json" }),
      },
      body: init.body !== undefined ? JSON.stringify(init.body) : undefined,
    }),
    { params: Promise.resolve(params as never) },
  );
  const text = await res.text();
  let body: Record<string, unknown> = {};
  try {
    body = JSON.parse(text);
  } catch {}
  return { status: res.status, body, text };
}

/** A recording of a checkout where a click is followed by an exception (an error click). */
export async function recordCheckout(projectKey: string, person = "alice@example.com"): Promise<string> {
  const sessionId = randomUUID();
  await ingestBatch(
    projectKey,
    batch(
      [
        meta(T0),
        fullSnapshot(T0 + 1),
        pageview(T0 + 2, "https://shop.example/checkout"),
        exception(T0 + 1000, "ReferenceError: cart is not defined"),
        click(T0 + 4000),
        mutation(T0 + 4100),
        exception(T0 + 4500, "PaymentError: card declined"),
        exception(T0 + 20_000, "LaterError: after the moment"),
        pageview(T0 + 25_000, "https://shop.example/thanks"),
      ],
      { sessionId, distinctId: person },
    ),
  );
  return sessionId;
}
