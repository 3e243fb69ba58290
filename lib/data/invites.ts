import { z } from "zod";
import { ROLES, type Role } from "@/lib/auth/permissions";
import { seal, unseal } from "@/lib/auth/secret-box";
import { Forbidden, Gone, NotFound } from "@/lib/errors/domain";
import { hashToken, newId, newToken } from "@/lib/ids";
import { kv } from "@/lib/storage/kv";
import { recordAudit } from "./audit";
import { addMember, getRole } from "./members";
import { parseOrCorrupt, skipCorrupt, stored } from "./record";
import { normalizeEmail } from "./users";

export const INVITE_TTL_MS = 7 * 24 * 60 * 60 * 1000;
/** The secret-box purpose of an invite's token, kept so its link can be copied until accepted. */
const INVITE_LINK = "invite-link";

const inviteRecord = z.object({
  id: z.string().min(1),
  workspaceId: z.string().min(1),
  email: z.string().min(1),
  role: z.enum(ROLES),
  invitedBy: z.string(),
  createdAt: stored.time,
  expiresAt: stored.time,
});
export type Invite = z.infer<typeof inviteRecord>;

const keys = {
  invite: (ws: string, id: string) => `{w:${ws}}:invite:${id}`,
  pending: (ws: string) => `{w:${ws}}:invites`,
  byToken: (tokenHash: string) => `invite:${tokenHash}`,
};

/** The invite of a stored hash, or null when it expired away; Corrupt when it does not fit. */
function toInvite(id: string, hash: Record<string, string>): Invite | null {
  if (Object.keys(hash).length === 0) return null;
  return parseOrCorrupt(inviteRecord, `invite ${id}`, hash);
}

/** Creates an invite; the token (≥ 128 random bits) is returned once and stored only hashed. */
export async function createInvite(
  ws: string,
  input: { email: string; role: Role; invitedBy: string },
): Promise<{ invite: Invite; token: string }> {
  const email = normalizeEmail(input.email);
  const existing = (await listInvites(ws)).find((i) => i.email === email);
  if (existing) await revokeInvite(ws, existing.id);
  const token = newToken("inv", 192);
  const now = Date.now();
  const invite: Invite = {
    id: newId("i"),
    workspaceId: ws,
    email,
    role: input.role,
    invitedBy: input.invitedBy,
    createdAt: now,
    expiresAt: now + INVITE_TTL_MS,
  };
  const tokenHash = hashToken(token);
  const store = await kv();
  await store
    .multi()
    .hset(keys.invite(ws, invite.id), { ...invite, tokenHash, sealedToken: seal(INVITE_LINK, token) })
    .pexpire(keys.invite(ws, invite.id), INVITE_TTL_MS)
    .sadd(keys.pending(ws), invite.id)
    .exec();
  await store.set(keys.byToken(tokenHash), `${ws}:${invite.id}`, { px: INVITE_TTL_MS });
  return { invite, token };
}

export interface PendingInvite extends Invite {
  /** The link's token, for copying it again; null for invites made before tokens were kept, or under another server secret. */
  token: string | null;
}

export async function listInvites(ws: string): Promise<PendingInvite[]> {
  const store = await kv();
  const ids = await store.smembers(keys.pending(ws));
  if (ids.length === 0) return [];
  const p = store.pipeline();
  for (const id of ids) p.hgetall(keys.invite(ws, id));
  const rows = await p.exec<Record<string, string>[]>();
  const live: PendingInvite[] = [];
  const gone: string[] = [];
  ids.forEach((id, i) => {
    const row = rows[i] ?? {};
    const [inv] = skipCorrupt(() => toInvite(id, row), "invites");
    if (inv === undefined) return;
    if (inv && inv.expiresAt > Date.now()) {
      live.push({ ...inv, token: row.sealedToken ? unseal(INVITE_LINK, row.sealedToken) : null });
    } else gone.push(id);
  });
  if (gone.length) await store.srem(keys.pending(ws), gone);
  return live.sort((a, b) => b.createdAt - a.createdAt);
}

export async function revokeInvite(ws: string, inviteId: string): Promise<void> {
  const store = await kv();
  const h = await store.hgetall(keys.invite(ws, inviteId));
  if (!h.id) throw new NotFound("No such pending invite.");
  await store.del([keys.invite(ws, inviteId), ...(h.tokenHash ? [keys.byToken(h.tokenHash)] : [])]);
  await store.srem(keys.pending(ws), inviteId);
}

/** The live invite a token opens, or null when it is unknown, used, revoked or expired. */
export async function findInvite(token: string): Promise<Invite | null> {
  if (!/^inv_[A-Za-z0-9_-]{20,64}$/.test(token)) return null;
  const store = await kv();
  const ref = await store.get(keys.byToken(hashToken(token)));
  if (!ref) return null;
  const [ws, id] = ref.split(":");
  if (!ws || !id) return null;
  const inv = toInvite(id, await store.hgetall(keys.invite(ws, id)));
  return inv && inv.expiresAt > Date.now() ? inv : null;
}

/** Accepts an invite for a signed-in user whose email matches; single use, even under races. */
export async function acceptInvite(token: string, user: { id: string; email: string }): Promise<Invite> {
  const invite = await findInvite(token);
  if (!invite) throw new Gone("This invite link is no longer valid: it was used, revoked or has expired.");
  if (normalizeEmail(user.email) !== invite.email) {
    throw new Forbidden(
      `This invite is for ${invite.email}. Log in with that address, or ask for an invite to ${user.email}.`,
    );
  }
  const store = await kv();
  // Whoever deletes the token lookup first owns the invite; a second accept finds nothing.
  const consumed = await store.del(keys.byToken(hashToken(token)));
  if (consumed !== 1) throw new Gone("This invite link was just used.");
  await store.del(keys.invite(invite.workspaceId, invite.id));
  await store.srem(keys.pending(invite.workspaceId), invite.id);
  if (!(await getRole(invite.workspaceId, user.id)))
    await addMember(invite.workspaceId, user.id, invite.role);
  return invite;
}

/** Accepts an invite and records the join in the workspace's audit trail. */
export async function joinWithInvite(token: string, user: { id: string; email: string }): Promise<Invite> {
  const invite = await acceptInvite(token, user);
  await auditJoin(invite, user.id);
  return invite;
}

export async function auditJoin(invite: Invite, userId: string): Promise<void> {
  await recordAudit(invite.workspaceId, {
    actorId: userId,
    action: "member.joined",
    target: userId,
    detail: { role: invite.role },
  });
}
