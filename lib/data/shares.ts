import { z } from "zod";
import { hashToken, newId, newToken } from "@/lib/ids";
import { kv } from "@/lib/storage/kv";
import { parseJsonRecord, readJsonHash } from "./json-hash";
import { parseCount, skipCorrupt } from "./record";

/**
 * Share links to one recording or a playlist, for people outside the workspace. The token is
 * 192 random bits shown once and stored only as its SHA-256 digest; a link ends when it expires,
 * when it is revoked, when its recording or playlist is deleted, or when the workspace turns
 * sharing off, and an ended link never works again.
 *
 * Final even across crashes and races: every link records the workspace's sharing epoch when it
 * was made, and only links of the current epoch open. Turning sharing off or on again moves the
 * epoch on (one INCR), so no earlier link comes back, whatever a half-done clean-up left behind.
 */

const keys = {
  all: (ws: string) => `{w:${ws}}:shares`,
  views: (ws: string) => `{w:${ws}}:shares:views`,
  /** Token digest → "<workspace id> <share id>", expiring with the link. */
  byToken: (digest: string) => `share:${digest}`,
  /** Counter moved on whenever sharing is turned off or on; links of another epoch are dead. */
  epoch: (ws: string) => `{w:${ws}}:shares:epoch`,
  /** Share ids per target, so deleting a recording finds its links without reading them all. */
  of: (ws: string, kind: Share["kind"], targetId: string) => `{w:${ws}}:shares:of:${kind}:${targetId}`,
  /** Set once the `of` sets hold every link (links made before they existed are added once). */
  ofComplete: (ws: string) => `{w:${ws}}:shares:of:complete`,
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

const shareRecord = z.object({
  id: z.string(),
  kind: z.enum(["recording", "playlist"]),
  targetId: z.string(),
  atMs: z.number().nullable(),
  /** Whether the page shows who was recorded (distinct id and properties). Off unless chosen. */
  showPerson: z.boolean(),
  createdBy: z.string(),
  createdAt: z.number(),
  expiresAt: z.number().nullable(),
  tokenDigest: z.string(),
  /** The workspace's sharing epoch when the link was made (absent before epochs: 0). */
  epoch: z.number().optional(),
});
export type Share = z.infer<typeof shareRecord>;

export interface ShareWithViews extends Share {
  views: number;
}

/** The current sharing epoch. Read it before checking that sharing is on, and hand it to createShare. */
export async function shareEpoch(ws: string): Promise<number> {
  return parseCount(`sharing epoch of ${ws}`, await (await kv()).get(keys.epoch(ws)));
}

/**
 * Ends every link of the workspace at once (sharing turned off or on again, workspace deleted):
 * the epoch moves on first, then the records and token lookups are cleared out.
 */
export async function endAllShares(ws: string): Promise<void> {
  await (await kv()).incrby(keys.epoch(ws), 1);
  await revokeSharesOf(ws);
}

/**
 * Makes a link. `epoch` is the sharing epoch read before the caller checked that sharing is on, so
 * a link made while sharing is being turned off belongs to the epoch that ends.
 */
export async function createShare(
  ws: string,
  input: ShareInput,
  createdBy: string,
  now = Date.now(),
  epoch?: number,
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
    epoch: epoch ?? (await shareEpoch(ws)),
  };
  const store = await kv();
  await store
    .multi()
    .hset(keys.all(ws), { [share.id]: JSON.stringify(share) })
    .sadd(keys.of(ws, share.kind, share.targetId), share.id)
    .exec();
  await store.set(
    keys.byToken(share.tokenDigest),
    `${ws} ${share.id}`,
    share.expiresAt === null ? {} : { px: share.expiresAt - now },
  );
  return { share, token };
}

const hasExpired = (share: Share, now: number) => share.expiresAt !== null && share.expiresAt <= now;
const isStale = (share: Share, epoch: number) => (share.epoch ?? 0) !== epoch;
/** Expired, or from an earlier sharing epoch: never to open again. */
const hasEnded = (share: Share, now: number, epoch: number) =>
  hasExpired(share, now) || isStale(share, epoch);

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
  const [raw, epoch] = await store
    .pipeline()
    .hget(keys.all(workspaceId), id)
    .get(keys.epoch(workspaceId))
    .exec<[string | null, string | null]>();
  if (!raw) return null;
  const share = parseJsonRecord(shareRecord, `share ${id}`, raw);
  if (hasEnded(share, now, parseCount(`sharing epoch of ${workspaceId}`, epoch))) return null;
  return { workspaceId, share };
}

export async function countShareView(ws: string, id: string): Promise<void> {
  await (await kv()).hincrby(keys.views(ws), id, 1);
}

/** Links still working, newest first, with their view counts; ended ones are cleared out. */
export async function listShares(ws: string, now = Date.now()): Promise<ShareWithViews[]> {
  const store = await kv();
  const [all, views, epoch] = await Promise.all([
    readJsonHash(keys.all(ws), shareRecord, "share"),
    store.hgetall(keys.views(ws)),
    shareEpoch(ws),
  ]);
  const expired = all.filter((s) => hasEnded(s, now, epoch));
  for (const s of expired) await revokeShare(ws, s.id);
  return all
    .filter((s) => !expired.includes(s))
    .flatMap((s) =>
      skipCorrupt(() => ({ ...s, views: parseCount(`views of share ${s.id}`, views[s.id]) }), "shares"),
    )
    .sort((a, b) => b.createdAt - a.createdAt);
}

/** One link still working, with its views; null when unknown or ended (an ended one is cleared out). */
export async function getShare(ws: string, id: string, now = Date.now()): Promise<ShareWithViews | null> {
  const [raw, views, epoch] = await (await kv())
    .pipeline()
    .hget(keys.all(ws), id)
    .hget(keys.views(ws), id)
    .get(keys.epoch(ws))
    .exec<(string | null)[]>();
  if (!raw) return null;
  const share = parseJsonRecord(shareRecord, `share ${id}`, raw);
  if (hasEnded(share, now, parseCount(`sharing epoch of ${ws}`, epoch))) {
    await revokeShare(ws, id);
    return null;
  }
  return { ...share, views: parseCount(`views of share ${id}`, views) };
}

export async function countShares(ws: string): Promise<number> {
  return Object.keys(await (await kv()).hgetall(keys.all(ws))).length;
}

/** Ends a link at once: its token stops resolving before the record goes. */
export async function revokeShare(ws: string, id: string): Promise<boolean> {
  const store = await kv();
  const raw = await store.hget(keys.all(ws), id);
  if (!raw) return false;
  const share = parseJsonRecord(shareRecord, `share ${id}`, raw);
  await store.del(keys.byToken(share.tokenDigest));
  await store
    .multi()
    .hdel(keys.all(ws), id)
    .hdel(keys.views(ws), id)
    .srem(keys.of(ws, share.kind, share.targetId), id)
    .exec();
  return true;
}

/** Adds links made before the per-target sets existed to them, once per workspace. */
async function ensureTargetIndex(ws: string): Promise<void> {
  const store = await kv();
  if (await store.exists(keys.ofComplete(ws))) return;
  const m = store.multi();
  for (const s of await readJsonHash(keys.all(ws), shareRecord, "share"))
    m.sadd(keys.of(ws, s.kind, s.targetId), s.id);
  m.set(keys.ofComplete(ws), "1");
  await m.exec();
}

/** Ends every link to one recording or playlist (it was deleted), or every link when none is named. */
export async function revokeSharesOf(ws: string, target?: Pick<Share, "kind" | "targetId">): Promise<void> {
  if (!target) {
    for (const s of await readJsonHash(keys.all(ws), shareRecord, "share")) await revokeShare(ws, s.id);
    return;
  }
  await ensureTargetIndex(ws);
  const store = await kv();
  for (const id of await store.smembers(keys.of(ws, target.kind, target.targetId))) {
    if (!(await revokeShare(ws, id))) await store.srem(keys.of(ws, target.kind, target.targetId), id);
  }
}
