import { kv } from "@/lib/storage/kv";
import { forgetPerson, personIndexKey } from "./persons";
import { deleteSession, getSessions, type SessionRecord } from "./sessions";

/**
 * Operations that span persons and their sessions. They live here so that persons.ts and
 * sessions.ts need not import each other: sessions.ts writes person entries when a batch arrives,
 * and this module reads and deletes a person's sessions. (Merging two persons rewrites only keys,
 * through session-keys.ts, and stays in persons.ts.)
 */

/** How much of a person's history the profile totals read (newest sessions first). */
export const PROFILE_SESSION_LIMIT = 1000;

export interface PersonProfile {
  totalMs: number;
  activeMs: number;
  devices: string[];
  countries: string[];
  /** The totals cover only the newest PROFILE_SESSION_LIMIT sessions. */
  partial: boolean;
}

/** Totals over a person's sessions for the person page's header. */
export async function personProfile(ws: string, distinctId: string): Promise<PersonProfile> {
  const ids = await (await kv()).zrange(personIndexKey(ws, distinctId), {
    by: "rank",
    start: 0,
    stop: PROFILE_SESSION_LIMIT,
    rev: true,
  });
  const sessions: SessionRecord[] = await getSessions(ws, ids.slice(0, PROFILE_SESSION_LIMIT));
  const devices = new Set<string>();
  const countries = new Set<string>();
  let totalMs = 0;
  let activeMs = 0;
  for (const s of sessions) {
    totalMs += s.durationMs;
    activeMs += s.fields.activeMs;
    devices.add([s.fields.device, s.fields.browser, s.fields.os].filter(Boolean).join(" · "));
    if (s.fields.country && s.fields.country !== "unknown") countries.add(s.fields.country);
  }
  return {
    totalMs,
    activeMs,
    devices: [...devices].filter(Boolean),
    countries: [...countries],
    partial: ids.length > PROFILE_SESSION_LIMIT,
  };
}

/**
 * Deletes a person (GDPR): every session they were recorded in (chunks, indexes, events), their
 * events, properties, aliases and list entries. Resumable: a rerun finds what is left and removes it.
 */
export async function deletePerson(ws: string, distinctId: string): Promise<{ sessions: number }> {
  const sessions = await deletePersonRecordings(ws, distinctId);
  await forgetPerson(ws, distinctId);
  return { sessions };
}

/** Deletes every recording of a person (with its events); the last one also forgets the person. */
export async function deletePersonRecordings(ws: string, distinctId: string): Promise<number> {
  const sids = await (await kv()).zrange(personIndexKey(ws, distinctId), { by: "rank", start: 0, stop: -1 });
  for (const sid of sids) await deleteSession(ws, sid);
  return sids.length;
}
