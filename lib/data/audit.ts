import { createHash } from "node:crypto";
import { z } from "zod";
import { newId } from "@/lib/ids";
import { kv } from "@/lib/storage/kv";
import { parseJsonRecord } from "./json-hash";
import { skipCorrupt } from "./record";

const auditEntry = z.object({
  id: z.string(),
  at: z.number(),
  actorId: z.string(),
  action: z.string(),
  target: z.string().optional(),
  detail: z.record(z.string(), z.unknown()).optional(),
});
export type AuditEntry = z.infer<typeof auditEntry>;

const key = (ws: string) => `{w:${ws}}:audit`;
const KEEP = 5000;

export async function recordAudit(ws: string, entry: Omit<AuditEntry, "id" | "at">): Promise<void> {
  const full: AuditEntry = { id: newId("a"), at: Date.now(), ...entry };
  const store = await kv();
  await store.zadd(key(ws), { score: full.at, member: JSON.stringify(full) });
  // Keep the newest entries only; the trim is cheap and bounded.
  const size = await store.zcard(key(ws));
  if (size > KEEP) {
    const oldest = await store.zrange(key(ws), { by: "rank", start: 0, stop: size - KEEP - 1 });
    if (oldest.length) await store.zrem(key(ws), oldest);
  }
}

export async function listAudit(ws: string, limit = 100): Promise<AuditEntry[]> {
  const rows = await (await kv()).zrange(key(ws), { by: "rank", start: 0, stop: limit - 1, rev: true });
  return rows.flatMap((r) => skipCorrupt(() => parseJsonRecord(auditEntry, "audit entry", r), "audit log"));
}

/** How the audit log names a person whose data was erased: never the id itself, a short digest of it. */
export function erasedPersonTarget(distinctId: string): string {
  return `person ${createHash("sha256").update(distinctId).digest("hex").slice(0, 12)}`;
}
