import { z } from "zod";
import { newId } from "@/lib/ids";
import { kv } from "@/lib/storage/kv";
import { readJsonHash } from "./json-hash";
import { personKeys, personProperties } from "./persons";
import { authoredFields } from "./record";
import { sessionKeys } from "./session-keys";

/**
 * Cohorts: saved person filters ("new users in the last 7 days", `plan = growth`), usable as a
 * recordings filter and as `cohort:<name>` in the search language. Members are computed when
 * asked, from the person indexes, so a cohort is always current.
 */

const cohortsKey = (ws: string) => `{w:${ws}}:cohorts`;

export const MAX_COHORTS = 100;
/** Persons a cohort may hold for search; beyond it the cohort is too broad to be useful as a filter. */
export const MAX_COHORT_MEMBERS = 100_000;

export const cohortDefinition = z
  .object({
    name: z
      .string()
      .trim()
      .min(1, "Name the cohort.")
      .max(60)
      .regex(/^[^"\\]+$/, "A cohort name cannot contain quotes or backslashes."),
    properties: z
      .array(
        z.object({
          key: z.string().trim().min(1, "Name the property.").max(100),
          op: z.enum(["equals", "not_equals"]),
          value: z.string().max(500),
        }),
      )
      .max(10),
    /** Persons first seen within the last N days. */
    firstSeenWithinDays: z.number().int().min(1).max(3650).optional(),
    /** Persons with at least N sessions. */
    minSessions: z.number().int().min(1).max(100_000).optional(),
  })
  .refine((d) => d.properties.length > 0 || d.firstSeenWithinDays || d.minSessions, {
    message: "Give the cohort at least one condition.",
  });
export type CohortDefinition = z.infer<typeof cohortDefinition>;

// The definition carries a refinement, which zod does not extend: the two parts are intersected.
const cohortRecord = z.object(authoredFields).and(cohortDefinition);
export type Cohort = z.infer<typeof cohortRecord>;

export async function listCohorts(ws: string): Promise<Cohort[]> {
  return (await readJsonHash(cohortsKey(ws), cohortRecord, "cohort")).sort((a, b) =>
    a.name.localeCompare(b.name),
  );
}

export async function cohortByName(ws: string, name: string): Promise<Cohort | null> {
  const wanted = name.trim().toLowerCase();
  return (await listCohorts(ws)).find((c) => c.name.toLowerCase() === wanted) ?? null;
}

export async function saveCohort(
  ws: string,
  def: CohortDefinition,
  by: { userId: string; existing?: Cohort },
): Promise<Cohort> {
  const now = Date.now();
  const cohort: Cohort = {
    ...def,
    id: by.existing?.id ?? newId("c"),
    createdBy: by.existing?.createdBy ?? by.userId,
    createdAt: by.existing?.createdAt ?? now,
    updatedAt: now,
  };
  await (await kv()).hset(cohortsKey(ws), { [cohort.id]: JSON.stringify(cohort) });
  return cohort;
}

export async function deleteCohort(ws: string, id: string): Promise<boolean> {
  return (await (await kv()).hdel(cohortsKey(ws), id)) > 0;
}

/**
 * The persons in a cohort now: candidates from the narrowest index (a property value's persons,
 * or those first seen in the window), then every condition checked on each. `truncated` when the
 * candidates exceed MAX_COHORT_MEMBERS.
 */
export async function cohortMembers(
  ws: string,
  def: CohortDefinition,
  now = Date.now(),
): Promise<{ members: string[]; truncated: boolean }> {
  const store = await kv();
  const equal = def.properties.find((p) => p.op === "equals");
  const since = def.firstSeenWithinDays ? now - def.firstSeenWithinDays * 86_400_000 : null;
  const range = { by: "score" as const, min: since ?? ("-inf" as const), max: "+inf" as const, rev: true };
  const candidates = equal
    ? await store.zrange(personKeys.propIndex(ws, equal.key, equal.value), {
        ...range,
        min: "-inf",
        count: MAX_COHORT_MEMBERS + 1,
      })
    : await store.zrange(since !== null ? personKeys.firstSeen(ws) : personKeys.lastSeen(ws), {
        ...range,
        count: MAX_COHORT_MEMBERS + 1,
      });
  const truncated = candidates.length > MAX_COHORT_MEMBERS;
  const ids = candidates.slice(0, MAX_COHORT_MEMBERS);
  const props = def.properties.length
    ? await personProperties(ws, ids)
    : new Map<string, Record<string, string>>();
  const p = store.pipeline();
  for (const id of ids) p.zscore(personKeys.firstSeen(ws), id).zcard(sessionKeys.index(ws, "person", id));
  const facts = ids.length && (since !== null || def.minSessions) ? await p.exec<(number | null)[]>() : [];
  const members = ids.filter((id, i) => {
    const mine = props.get(id) ?? {};
    for (const c of def.properties) {
      const v = (mine[c.key] ?? "").toLowerCase();
      if (c.op === "equals" ? v !== c.value.toLowerCase() : v === c.value.toLowerCase()) return false;
    }
    if (since !== null && ((facts[i * 2] as number | null) ?? -1) < since) return false;
    if (def.minSessions && ((facts[i * 2 + 1] as number | null) ?? 0) < def.minSessions) return false;
    return true;
  });
  return { members, truncated };
}
