import { z } from "zod";
import { Conflict, Invalid, NotFound } from "@/lib/errors/domain";
import { ID_PATTERN, newId } from "@/lib/ids";
import { blob } from "@/lib/storage/blob";
import { kv } from "@/lib/storage/kv";
import { deleteWorkspaceAssets } from "./assets";
import { listInvites, revokeInvite } from "./invites";
import { createProjectKey, globalKeysOf } from "./keys";
import { addMember, memberRoles } from "./members";
import { parseOrCorrupt, skipCorruptAsync, stored } from "./record";
import { markNewWorkspaceIndexes } from "./sessions";
import { revokeSharesOf } from "./shares";
import { slugify, slugProblem } from "./slugs";
import { unlinkUserWorkspace, userWorkspaceIds } from "./users";

export const DEFAULT_RETENTION_DAYS = 30;
export const MAX_RETENTION_DAYS = 3650;

const days = z.coerce.number().int().min(0).max(MAX_RETENTION_DAYS);

/** A workspace's hash as stored (the name falls back to the slug for the oldest workspaces). */
const workspaceRecord = z
  .object({
    name: z.string().optional(),
    slug: z.string().min(1),
    createdAt: stored.time.default(0),
    retentionDays: days.default(DEFAULT_RETENTION_DAYS),
    /** When above 0, no recording is kept longer than this, whatever it was recorded under. */
    retentionCapDays: days.default(0),
  })
  .transform(({ name, retentionCapDays, ...w }) => ({
    ...w,
    name: name ?? w.slug,
    retentionCapDays: retentionCapDays > 0 ? retentionCapDays : null,
  }));

export type Workspace = { id: string } & z.output<typeof workspaceRecord>;

const keys = {
  workspace: (id: string) => `{w:${id}}:ws`,
  bySlug: (slug: string) => `ws:slug:${slug}`,
  all: (id: string) => `{w:${id}}:`,
  /** Every workspace id, for jobs that visit them all without a key scan. */
  ids: () => "ws:ids",
  /** Set once the workspaces made before `ids` existed are in it. */
  idsComplete: () => "ws:ids:complete",
};

/** The workspace of a stored hash, or null when there is none; Corrupt when it does not fit. */
function toWorkspace(id: string, hash: Record<string, string>): Workspace | null {
  if (Object.keys(hash).length === 0) return null;
  return { id, ...parseOrCorrupt(workspaceRecord, `workspace ${id}`, hash) };
}

export function workspaceNameProblem(name: string): string | null {
  const n = name.trim();
  if (n.length < 2) return "Give the workspace a name of at least 2 characters.";
  if (n.length > 60) return "Keep the workspace name under 60 characters.";
  return null;
}

/** Claims the first free slug from the name: acme, acme-2, acme-3… */
async function claimSlug(id: string, wanted: string): Promise<string> {
  const store = await kv();
  const base = slugProblem(wanted) ? slugify(`${wanted}-team`) : wanted;
  for (let n = 1; n < 1000; n++) {
    const candidate = n === 1 ? base : `${base.slice(0, 35)}-${n}`;
    if (slugProblem(candidate)) continue;
    if (await store.set(keys.bySlug(candidate), id, { nx: true })) return candidate;
  }
  throw new Conflict("Could not find a free address for this workspace; choose a different name.");
}

/**
 * Creates a workspace. Its writes span several hash slots (the slug and id lookups are global),
 * so no one transaction can hold them: the id is listed first (a crash later leaves an id the
 * jobs skip, never a workspace they miss), and a failure on the way undoes every write made.
 */
export async function createWorkspace(ownerId: string, name: string): Promise<Workspace> {
  const problem = workspaceNameProblem(name);
  if (problem) throw new Invalid(problem);
  const id = newId("w");
  const store = await kv();
  await store.sadd(keys.ids(), id);
  let slug: string | null = null;
  try {
    slug = await claimSlug(id, slugify(name));
    const fields = { name: name.trim(), slug, createdAt: Date.now(), retentionDays: DEFAULT_RETENTION_DAYS };
    await store.hset(keys.workspace(id), fields);
    await markNewWorkspaceIndexes(id);
    await addMember(id, ownerId, "owner");
    await createProjectKey(id);
    return { id, ...fields, retentionCapDays: null };
  } catch (error) {
    await eraseWorkspace(id, slug, [ownerId]).catch((undo: unknown) =>
      console.error(`[workspaces] could not undo the half-made workspace ${id}`, undo),
    );
    throw error;
  }
}

export async function getWorkspace(id: string): Promise<Workspace | null> {
  if (!ID_PATTERN.test(id)) return null;
  return toWorkspace(id, await (await kv()).hgetall(keys.workspace(id)));
}

/** Finds a workspace by its slug (as in URLs) or by its id (as API clients may prefer). */
export async function findWorkspace(slugOrId: string): Promise<Workspace | null> {
  if (!ID_PATTERN.test(slugOrId)) return null;
  const id = await (await kv()).get(keys.bySlug(slugOrId.toLowerCase()));
  return getWorkspace(id ?? slugOrId);
}

export async function workspacesOf(userId: string): Promise<Workspace[]> {
  const ids = await userWorkspaceIds(userId);
  const found = await Promise.all(ids.map((id) => skipCorruptAsync(() => getWorkspace(id), "workspaces")));
  return found
    .flat()
    .filter((w): w is Workspace => w !== null)
    .sort((a, b) => a.name.localeCompare(b.name));
}

export async function renameWorkspace(id: string, name: string): Promise<void> {
  const problem = workspaceNameProblem(name);
  if (problem) throw new Invalid(problem);
  await (await kv()).hset(keys.workspace(id), { name: name.trim() });
}

export async function changeSlug(id: string, slug: string): Promise<void> {
  const wanted = slug.trim().toLowerCase();
  const problem = slugProblem(wanted);
  if (problem) throw new Invalid(problem);
  const current = await getWorkspace(id);
  if (!current) throw new NotFound("No such workspace.");
  if (current.slug === wanted) return;
  const store = await kv();
  if (!(await store.set(keys.bySlug(wanted), id, { nx: true }))) {
    throw new Conflict(`The address "${wanted}" is taken. Choose another.`);
  }
  await store.hset(keys.workspace(id), { slug: wanted });
  await store.del(keys.bySlug(current.slug));
}

/**
 * How long new recordings are kept; with `shortenExisting`, recordings already kept longer are
 * also cut to it (the cap lasts until the next change).
 */
export async function setRetention(id: string, days: number, shortenExisting: boolean): Promise<void> {
  if (!Number.isInteger(days) || days < 1 || days > MAX_RETENTION_DAYS) {
    throw new Invalid(`Retention is a whole number of days from 1 to ${MAX_RETENTION_DAYS}.`);
  }
  const store = await kv();
  await store.hset(keys.workspace(id), { retentionDays: days, retentionCapDays: shortenExisting ? days : 0 });
}

/** Every workspace's id, for jobs that visit them all. */
export async function allWorkspaceIds(): Promise<string[]> {
  const store = await kv();
  if (!(await store.exists(keys.idsComplete()))) {
    // Workspaces made before the id set: found once through their slug lookups (one key scan).
    // The ids and the marker live in different slots: the marker is set only once the ids are in.
    const slugKeys = await store.scan("ws:slug:");
    const p = store.pipeline();
    for (const k of slugKeys) p.get(k);
    const ids = slugKeys.length ? await p.exec<(string | null)[]>() : [];
    const found = ids.filter((id): id is string => Boolean(id));
    if (found.length) await store.sadd(keys.ids(), found);
    await store.set(keys.idsComplete(), "1");
  }
  return (await store.smembers(keys.ids())).sort();
}

/**
 * Deletes a workspace and everything in it: its keyspace, the lookups that point into it,
 * its members' links to it, and every blob it stored.
 */
export async function deleteWorkspace(id: string): Promise<void> {
  const workspace = await getWorkspace(id);
  if (!workspace) throw new NotFound("No such workspace.");
  for (const invite of await listInvites(id)) await revokeInvite(id, invite.id);
  await revokeSharesOf(id);
  const blobs = await blob();
  const ours = (await blobs.list("rec/")).filter((b) => b.key.split("/")[2] === id).map((b) => b.key);
  if (ours.length) await blobs.delete(ours);
  await deleteWorkspaceAssets(id);
  await eraseWorkspace(id, workspace.slug, Object.keys(await memberRoles(id)));
}

/**
 * Removes every key of a workspace and the global lookups into it. The listed id goes once the
 * keys are gone (jobs still visit a workspace whose deletion stopped half way); the members'
 * links go last, as a link to a missing workspace is skipped everywhere.
 */
async function eraseWorkspace(id: string, slug: string | null, userIds: string[]): Promise<void> {
  const store = await kv();
  const lookups = await globalKeysOf(id);
  if (slug && (await store.get(keys.bySlug(slug))) === id) lookups.push(keys.bySlug(slug));
  if (lookups.length) await store.del(lookups);
  const scoped = await store.scan(keys.all(id));
  for (let i = 0; i < scoped.length; i += 500) await store.del(scoped.slice(i, i + 500));
  await store.srem(keys.ids(), id);
  for (const userId of userIds) await unlinkUserWorkspace(userId, id);
}
