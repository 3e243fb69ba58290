import { decodeParam, readQuery } from "@/lib/api/query";
import { personEventsQuery } from "@/lib/api/schemas";
import { withWorkspace } from "@/lib/api/with-workspace";
import { personEvents } from "@/lib/data/events";
import { sessionFacts } from "@/lib/data/sessions";

type Params = { ws: string; distinctId: string };

/** A person's events across all their sessions, newest first; each says where it is in its replay. */
export const GET = withWorkspace<Params>(
  async ({ workspace, params, searchParams }) => {
    const { name, cursor, limit } = readQuery(searchParams, personEventsQuery);
    const page = await personEvents(workspace.id, decodeParam(params.distinctId), { limit, cursor, name });
    const sessions = await sessionFacts(workspace.id, [...new Set(page.events.map((e) => e.sessionId))]);
    const events = page.events.map((e) => {
      const session = sessions.get(e.sessionId);
      return { ...e, offsetMs: session ? Math.max(0, e.at - session.startedAt) : null };
    });
    return Response.json({ events, nextCursor: page.nextCursor });
  },
  { permission: "persons:read" },
);
