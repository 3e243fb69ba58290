import { activityOf, type SessionRecord } from "@/lib/data/sessions";
import { tagsOf } from "@/lib/data/tags";
import { watchedBy } from "@/lib/data/watched";

/** A row of the recordings list: the session plus what teammates added to it. */
export interface ListedSession extends SessionRecord {
  tags: string[];
  /** Whether the asking user has opened it in the player. */
  watched: boolean;
  /** Activity across the session's length, in equal slices (the row's sparkline). */
  activity: number[];
}

const SPARK_SLICES = 24;

/** Per-minute counts → SPARK_SLICES counts spread over the session from its start to its end. */
export function activitySlices(perMinute: [number, number][], startedAt: number, endedAt: number): number[] {
  const slices = new Array<number>(SPARK_SLICES).fill(0);
  const span = Math.max(endedAt - startedAt, 60_000);
  for (const [minute, count] of perMinute) {
    const at = Math.min(Math.max(minute * 60_000 + 30_000, startedAt), startedAt + span - 1);
    slices[Math.floor(((at - startedAt) / span) * SPARK_SLICES)]! += count;
  }
  return slices;
}

export async function annotateSessions(
  ws: string,
  sessions: SessionRecord[],
  userId: string,
): Promise<ListedSession[]> {
  const ids = sessions.map((s) => s.id);
  const [tags, watched, activity] = await Promise.all([
    tagsOf(ws, ids),
    watchedBy(ws, ids, userId),
    activityOf(ws, ids),
  ]);
  return sessions.map((s) => ({
    ...s,
    tags: tags.get(s.id) ?? [],
    watched: watched.has(s.id),
    activity: activitySlices(activity.get(s.id) ?? [], s.startedAt, s.endedAt),
  }));
}
