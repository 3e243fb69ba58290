import { z } from "zod";
import type { Scope } from "@/lib/auth/permissions";
import { NotFound } from "@/lib/errors/domain";
import { hashToken, newId, newToken } from "@/lib/ids";
import { kv } from "@/lib/storage/kv";
import { parseJsonRecord } from "./json-hash";
import { parseCount, parseOrCorrupt, skipCorrupt, stored } from "./record";

/**
 * Project keys (pk_…) are public: the SDK sends them, so they are stored as lookups in clear.
 * Personal API keys (rk_…) are secrets: shown once, stored only as a hash.
 */

export const ROTATION_GRACE_MS = 24 * 60 * 60 * 1000;

const scopes = z.array(z.enum(["read", "write"])) satisfies z.ZodType<Scope[]>;

const personalKeyRecord = z.object({
  id: z.string().min(1),
  name: z.string(),
  scopes,
  userId: z.string().min(1),
  createdAt: z.number(),
  /** Kept in its own hash (keys.lastUsed); what the key's JSON holds is ignored. */
  lastUsedAt: z.number().nullable().default(null),
  /** The first characters, to recognise a key without storing it. */
  hint: z.string(),
  hash: z.string().min(1),
});
export type PersonalKey = z.infer<typeof personalKeyRecord>;

const resolvedApiKeyRecord = z.object({
  workspaceId: z.string().min(1),
  keyId: z.string().min(1),
  userId: z.string().min(1),
  scopes,
});
export type ResolvedApiKey = z.infer<typeof resolvedApiKeyRecord>;

const keys = {
  personal: (ws: string) => `{w:${ws}}:keys`,
  projectLookup: (pk: string) => `key:${pk}`,
  apiLookup: (hash: string) => `apikey:${hash}`,
  projectState: (ws: string) => `{w:${ws}}:projectkey`,
  // Kept apart from the key records so that a touch can never resurrect a revoked key's record.
  lastUsed: (ws: string) => `{w:${ws}}:keys:used`,
};

export interface ProjectKeyState {
  current: string;
  previous: string | null;
  previousExpiresAt: number | null;
  rotatedAt: number | null;
}

/** The project key hash as stored: the key in use, and the one it replaced until its grace ends. */
const projectKeyRecord = z.object({
  current: z.string().default(""),
  previous: z.string().optional(),
  previousExpiresAt: stored.optionalTime,
  rotatedAt: stored.optionalTime,
});

const readProjectKeyHash = async (ws: string) =>
  parseOrCorrupt(projectKeyRecord, `project key of ${ws}`, await (await kv()).hgetall(keys.projectState(ws)));

export async function createProjectKey(ws: string): Promise<string> {
  const pk = newToken("pk", 128);
  const store = await kv();
  await store.set(keys.projectLookup(pk), ws);
  await store.hset(keys.projectState(ws), { current: pk });
  return pk;
}

export async function getProjectKey(ws: string): Promise<ProjectKeyState> {
  const state = await readProjectKeyHash(ws);
  const expires = state.previousExpiresAt ?? 0;
  const previous = state.previous && expires > Date.now() ? state.previous : null;
  return {
    current: state.current,
    previous,
    previousExpiresAt: previous ? expires : null,
    rotatedAt: state.rotatedAt,
  };
}

/** A new project key; the old one keeps working for the grace period so deployed snippets can catch up. */
export async function rotateProjectKey(ws: string): Promise<ProjectKeyState> {
  const store = await kv();
  const state = await getProjectKey(ws);
  const pk = newToken("pk", 128);
  const now = Date.now();
  await store.set(keys.projectLookup(pk), ws);
  if (state.previous) await store.del(keys.projectLookup(state.previous));
  if (state.current) await store.pexpire(keys.projectLookup(state.current), ROTATION_GRACE_MS);
  await store.hset(keys.projectState(ws), {
    current: pk,
    previous: state.current,
    previousExpiresAt: now + ROTATION_GRACE_MS,
    rotatedAt: now,
  });
  return getProjectKey(ws);
}

/** The workspace id a project key belongs to, or null for an unknown or expired key. */
export async function resolveProjectKey(pk: string): Promise<string | null> {
  if (!/^pk_[A-Za-z0-9_-]{10,64}$/.test(pk)) return null;
  return (await kv()).get(keys.projectLookup(pk));
}

export async function createPersonalKey(
  ws: string,
  input: { userId: string; name: string; scopes: Scope[] },
): Promise<{ key: string; meta: PersonalKey }> {
  const secret = newToken("rk", 192);
  const meta: PersonalKey = {
    id: newId("k"),
    name: input.name.trim(),
    scopes: input.scopes,
    userId: input.userId,
    createdAt: Date.now(),
    lastUsedAt: null,
    hint: `${secret.slice(0, 7)}…`,
    hash: hashToken(secret),
  };
  const resolved: ResolvedApiKey = {
    workspaceId: ws,
    keyId: meta.id,
    userId: input.userId,
    scopes: input.scopes,
  };
  const store = await kv();
  await store.set(keys.apiLookup(meta.hash), JSON.stringify(resolved));
  await store.hset(keys.personal(ws), { [meta.id]: JSON.stringify(meta) });
  return { key: secret, meta };
}

export async function listPersonalKeys(ws: string): Promise<PersonalKey[]> {
  const [all, used] = await (await kv())
    .pipeline()
    .hgetall(keys.personal(ws))
    .hgetall(keys.lastUsed(ws))
    .exec<[Record<string, string>, Record<string, string>]>();
  return Object.entries(all)
    .flatMap(([id, raw]) =>
      skipCorrupt(() => parseJsonRecord(personalKeyRecord, `API key ${id}`, raw), "API keys"),
    )
    .flatMap((k) => skipCorrupt(() => ({ ...k, lastUsedAt: lastUsedAt(k.id, used[k.id]) }), "API keys"))
    .sort((a, b) => b.createdAt - a.createdAt);
}

export async function getPersonalKey(ws: string, keyId: string): Promise<PersonalKey | null> {
  const raw = await (await kv()).hget(keys.personal(ws), keyId);
  return raw ? parseJsonRecord(personalKeyRecord, `API key ${keyId}`, raw) : null;
}

function lastUsedAt(keyId: string, raw: string | undefined): number | null {
  return raw ? parseCount(`last use of API key ${keyId}`, raw) : null;
}

export async function revokePersonalKey(ws: string, keyId: string): Promise<void> {
  const existing = await getPersonalKey(ws, keyId);
  if (!existing) throw new NotFound("No such API key in this workspace.");
  const store = await kv();
  await store.del(keys.apiLookup(existing.hash));
  await store.hdel(keys.personal(ws), keyId);
  await store.hdel(keys.lastUsed(ws), keyId);
}

/** Revokes every key a user made in a workspace (they left or were removed). */
export async function revokeKeysOf(ws: string, userId: string): Promise<void> {
  for (const k of await listPersonalKeys(ws)) if (k.userId === userId) await revokePersonalKey(ws, k.id);
}

const TOUCH_EVERY_MS = 60_000;

export async function resolveApiKey(secret: string): Promise<ResolvedApiKey | null> {
  if (!/^rk_[A-Za-z0-9_-]{20,64}$/.test(secret)) return null;
  const store = await kv();
  const raw = await store.get(keys.apiLookup(hashToken(secret)));
  if (!raw) return null;
  const resolved = parseJsonRecord(resolvedApiKeyRecord, "API key lookup", raw);
  const last = parseCount(
    `last use of API key ${resolved.keyId}`,
    await store.hget(keys.lastUsed(resolved.workspaceId), resolved.keyId),
  );
  // Last-used is shown to people, so minute precision is enough; it spares a write per request.
  if (Date.now() - last > TOUCH_EVERY_MS) {
    await store.hset(keys.lastUsed(resolved.workspaceId), { [resolved.keyId]: Date.now() });
  }
  return resolved;
}

/** Every lookup key outside the workspace's hash tag, for deleting a workspace. */
export async function globalKeysOf(ws: string): Promise<string[]> {
  const state = await readProjectKeyHash(ws);
  const lookups = [state.current, state.previous].flatMap((pk) => (pk ? [keys.projectLookup(pk)] : []));
  for (const k of await listPersonalKeys(ws)) lookups.push(keys.apiLookup(k.hash));
  return lookups;
}
