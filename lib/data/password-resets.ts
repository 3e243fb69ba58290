import { hashToken, newToken } from "@/lib/ids";
import { kv } from "@/lib/storage/kv";

export const RESET_TTL_MS = 60 * 60 * 1000;

const key = (tokenHash: string) => `reset:${tokenHash}`;

/** A reset token (192 random bits) for a user; stored hashed, valid for an hour. */
export async function createPasswordReset(userId: string): Promise<string> {
  const token = newToken("rst", 192);
  await (await kv()).set(key(hashToken(token)), userId, { px: RESET_TTL_MS });
  return token;
}

export async function peekPasswordReset(token: string): Promise<string | null> {
  if (!/^rst_[A-Za-z0-9_-]{20,64}$/.test(token)) return null;
  return (await kv()).get(key(hashToken(token)));
}

/** The user id, once: a second use of the same token gets null. */
export async function consumePasswordReset(token: string): Promise<string | null> {
  const userId = await peekPasswordReset(token);
  if (!userId) return null;
  const deleted = await (await kv()).del(key(hashToken(token)));
  return deleted === 1 ? userId : null;
}
