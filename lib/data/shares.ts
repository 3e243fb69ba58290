import { z } from "zod";
import { hashToken, newId, newToken } from "@/lib/ids";
import { kv } from "@/lib/storage/kv";
import { readJsonHash } from "./json-hash";

/**
 * Share links to one recording or a playlist, for people outside the workspace. The token is
 * 192 random bits shown once and stored only as its SHA-256 digest; a link ends when it expires,
 * when it is revoked, or when the workspace turns sharing off.
 */

const keys = {
  all: (ws: string) => `{w:${ws}}:shares`,
  views: (ws: string) => `{w:${ws}}:shares:views`,
  /** Token digest → "<workspace id> <share id>", expiring with the link. */
  byToken: (digest: string) => `share:${digest}`,
};

export const SHARE_EXPIRIES = ["1d", "7d", "30d", "never"] as const;
export type ShareExpiry = (typeof SHARE_EXPIRIES)[number];
const EXPIRY_DAYS: Record<ShareExpiry, number | null> = { "1d": 1, "7d": 7, "30d": 30, never: null };
export const MAX_SHARES = 1000;

const TOKEN_PATTERN = /^shr_[A-Za-z0-9_-]{32}$/;

export const shareInput = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("recording"),
    targetId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "not a recording id"),
    /** Where the player starts, in milliseconds from the recording's start. */
    atMs: z
      .number()
      .int()
      .min(0)
      .max(7 * 24 * 3600_000)
      .nullable()
      .default(null),
    expiry: z.enum(SHARE_EXPIRIES),
    showPerson: z.boolean().default(false),
  }),
  z.object({
    kind: z.literal("playlist"),
    targetId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "not a playlist id"),
    expiry: z.enum(SHARE_EXPIRIES),
    showPerson: z.boolean().default(false),
  }),
]);
export type ShareInput = z.infer<typeof shareInput>;

export interface Share {
  id: string;
  kind: "recording" | "playlist";
  targetId: string;
  atMs: number | null;
  /** Whether the page shows who was recorded (distinct id and properties). Off unless chosen. */
  showPerson: boolean;
  createdBy: string;
  createdAt: number;
  expiresAt: number | null;
  tokenDigest: string;
}

export interface ShareWithViews extends Share {
  views: number;
}

export async function createShare(
  ws: string,
  input: ShareInput,
  createdBy: string,
  now = Date.now(),
): Promise<{ share: Share; token: string }> {
  const token = newToken("shr", 192);
  const days = EXPIRY_DAYS[input.expiry];
  const share: Share = {
    id: newId("sh"),
    kind: input.kind,
    targetId: input.targetId,
    atMs: input.kind === "recording" ? input.atMs : null,
    showPerson: input.showPerson,
    createdBy,
    createdAt: now,
    expiresAt: days === null ? null : now + days * 86_400_000,
    tokenDigest: hashToken(token),
  };
  const store = await kv();
  await store.hset(keys.all(ws), { [share.id]: JSON.stringify(share) });
  await store.set(
    keys.byToken(share.tokenDigest),
    `${ws} ${share.id}`,
    share.expiresAt === null ? {} : { px: share.expiresAt - now },
  );
  return { share, token };
}

const hasExpired = (share: Share, now: number) => share.expiresAt !== null && share.expiresAt <= now;

/** The live share behind a token, or null for a malformed, unknown, revoked or expired one. */
export async function resolveShareToken(
  token: string,
  now = Date.now(),
): Promise<{ workspaceId: string; share: Share } | null> {
  if (!TOKEN_PATTERN.test(token)) return null;
  const store = await kv();
  const found = await store.get(keys.byToken(hashToken(token)));
  if (!found) return null;
  const [workspaceId, id] = found.split(" ");
  if (!workspaceId || !id) return null;
  const raw = await store.hget(keys.all(workspaceId), id);
  if (!raw) return null;
  const share = JSON.parse(raw) as Share;
  if (hasExpired(share, now)) return null;
  return { workspaceId, share };
}

export async function countShareView(ws: string, id: string): Promise<void> {
  await (await kv()).hincrby(keys.views(ws), id, 1);
}

/** Links still working, newest first, with their view counts; expired ones are cleared out. */
export async function listShares(ws: string, now = Date.now()): Promise<ShareWithViews[]> {
  const store = await kv();
  const [all, views] = await Promise.all([readJsonHash<Share>(keys.all(ws)), store.hgetall(keys.views(ws))]);
  const expired = all.filter((s) => hasExpired(s, now));
  for (const s of expired) await revokeShare(ws, s.id);
  return all
    .filter((s) => !expired.includes(s))
    .map((s) => ({ ...s, views: Number(views[s.id] ?? 0) }))
    .sort((a, b) => b.createdAt - a.createdAt);
}

/** One link still working, with its views; null when unknown or expired (an expired one is cleared out). */
export async function getShare(ws: string, id: string, now = Date.now()): Promise<ShareWithViews | null> {
  const [raw, views] = await (await kv())
    .pipeline()
    .hget(keys.all(ws), id)
    .hget(keys.views(ws), id)
    .exec<(string | null)[]>();
  if (!raw) return null;
  const share = JSON.parse(raw) as Share;
  if (hasExpired(share, now)) {
    await revokeShare(ws, id);
    return null;
  }
  return { ...share, views: Number(views ?? 0) };
}

export async function countShares(ws: string): Promise<number> {
  return Object.keys(await (await kv()).hgetall(keys.all(ws))).length;
}

/** Ends a link at once: its token stops resolving before the record goes. */
export async function revokeShare(ws: string, id: string): Promise<boolean> {
  const store = await kv();
  const raw = await store.hget(keys.all(ws), id);
  if (!raw) return false;
  const share = JSON.parse(raw) as Share;
  await store.del(keys.byToken(share.tokenDigest));
  await store.multi().hdel(keys.all(ws), id).hdel(keys.views(ws), id).exec();
  return true;
}

/** Ends every link to one recording or playlist (it was deleted), or every link when none is named. */
export async function revokeSharesOf(ws: string, target?: Pick<Share, "kind" | "targetId">): Promise<void> {
  for (const s of await readJsonHash<Share>(keys.all(ws))) {
    if (!target || (s.kind === target.kind && s.targetId === target.targetId)) await revokeShare(ws, s.id);
  }
}
