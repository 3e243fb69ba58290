import { z } from "zod";
import { type FunnelQuery, funnelQuery } from "@/lib/analytics/funnel";
import { newId } from "@/lib/ids";
import { kv } from "@/lib/storage/kv";
import { readJsonField, readJsonHash } from "./json-hash";
import { authoredFields } from "./record";

/** Saved funnels: named definitions anyone in the workspace can open; members create and edit them. */

const funnelsKey = (ws: string) => `{w:${ws}}:funnels`;

export const MAX_FUNNELS = 200;

/** A saved funnel's time range: the last N days when it is run, or fixed dates. */
export const funnelRange = z.union([
  z.object({ kind: z.literal("last"), days: z.number().int().min(1).max(365) }),
  z.object({ kind: z.literal("between"), from: z.number().int().min(0), to: z.number().int().min(0) }),
]);
export type FunnelRange = z.infer<typeof funnelRange>;

export const funnelDefinition = funnelQuery.omit({ from: true, to: true }).extend({
  name: z.string().trim().min(1, "Name the funnel.").max(100),
  range: funnelRange,
});
export type FunnelDefinition = z.infer<typeof funnelDefinition>;

const savedFunnel = funnelDefinition.extend(authoredFields);
export type SavedFunnel = z.infer<typeof savedFunnel>;

export function queryOf(def: Omit<FunnelDefinition, "name">, now = Date.now()): FunnelQuery {
  const { range, ...rest } = def;
  const [from, to] = range.kind === "last" ? [now - range.days * 86_400_000, now] : [range.from, range.to];
  return { ...rest, from, to };
}

export async function listFunnels(ws: string): Promise<SavedFunnel[]> {
  return (await readJsonHash(funnelsKey(ws), savedFunnel, "funnel")).sort(
    (a, b) => b.updatedAt - a.updatedAt,
  );
}

export async function getFunnel(ws: string, id: string): Promise<SavedFunnel | null> {
  return readJsonField(funnelsKey(ws), id, savedFunnel, "funnel");
}

export async function countFunnels(ws: string): Promise<number> {
  return Object.keys(await (await kv()).hgetall(funnelsKey(ws))).length;
}

export async function saveFunnel(
  ws: string,
  def: FunnelDefinition,
  by: { userId: string; existing?: SavedFunnel },
): Promise<SavedFunnel> {
  const now = Date.now();
  const saved: SavedFunnel = {
    ...def,
    id: by.existing?.id ?? newId("f"),
    createdBy: by.existing?.createdBy ?? by.userId,
    createdAt: by.existing?.createdAt ?? now,
    updatedAt: now,
  };
  await (await kv()).hset(funnelsKey(ws), { [saved.id]: JSON.stringify(saved) });
  return saved;
}

export async function deleteFunnel(ws: string, id: string): Promise<boolean> {
  return (await (await kv()).hdel(funnelsKey(ws), id)) > 0;
}
