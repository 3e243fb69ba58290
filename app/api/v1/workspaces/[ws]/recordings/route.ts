import { z } from "zod";
import { readQuery } from "@/lib/api/query";
import { withWorkspace } from "@/lib/api/with-workspace";
import { annotateSessions } from "@/lib/search/annotate";
import { querySessions, SORT_OPTIONS } from "@/lib/search/engine";
import { parseSearch } from "@/lib/search/parse";

const query = z.object({
  q: z.string().max(2000).default(""),
  sort: z.enum(SORT_OPTIONS, `sort must be one of ${SORT_OPTIONS.join(", ")}`).default("recent"),
  cursor: z
    .string()
    .regex(/^-?\d+(\.\d+)?:[A-Za-z0-9_-]{1,64}$/, "cursor must be one returned by a previous page")
    .nullish(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/** Recordings matching a search (docs/SEARCH.md), in the chosen order, a page at a time. */
export const GET = withWorkspace(
  async ({ workspace, actor, searchParams }) => {
    const parsed = readQuery(searchParams, query);
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
