import { createHash } from "node:crypto";

/** The digest a batch is remembered by: of its JSON text, so plain and gzipped sends agree. */
export function contentDigest(text: string): string {
  return createHash("sha256").update(text).digest("base64url").slice(0, 32);
}
