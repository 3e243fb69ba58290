import { readQuery } from "@/lib/api/query";
import { recordingsQuery } from "@/lib/api/schemas";
import { withWorkspace } from "@/lib/api/with-workspace";
import { annotateSessions } from "@/lib/search/annotate";
import { querySessions } from "@/lib/search/engine";
import { parseSearch } from "@/lib/search/parse";

/** Recordings matching a search (docs/SEARCH.md), in the chosen order, a page at a time. */
export const GET = withWorkspace(
  async ({ workspace, actor, searchParams }) => {
    const parsed = readQuery(searchParams, recordingsQuery);
    // A search that does not parse leaves as a 400 pointing at the character (lib/api/errors.ts).
    const filter = parseSearch(parsed.q);
    const page = await querySessions(workspace.id, filter, parsed);
    return Response.json({
      sessions: await annotateSessions(workspace.id, page.sessions, actor.userId),
      nextCursor: page.nextCursor,
    });
  },
  { permission: "recordings:read" },
);
