import { createHash, randomBytes } from "node:crypto";

/** Ids are safe in KV keys, blob keys and URLs: [A-Za-z0-9_-]. */
export const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

export function newId(prefix: string): string {
  return `${prefix}_${randomBytes(10).toString("base64url")}`;
}

/** A secret token with `bits` of randomness, base64url, behind a readable prefix. */
export function newToken(prefix: string, bits = 192): string {
  return `${prefix}_${randomBytes(Math.ceil(bits / 8)).toString("base64url")}`;
}

/** Tokens are stored only as this digest, so a leaked store does not leak working links or keys. */
export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("base64url");
}
