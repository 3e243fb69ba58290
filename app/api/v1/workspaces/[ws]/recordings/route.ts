import { ApiError } from "@/lib/api/errors";
import { recordingsQuery } from "@/lib/api/schemas";
import { withWorkspace } from "@/lib/api/with-workspace";
import { annotateSessions } from "@/lib/search/annotate";
import { querySessions } from "@/lib/search/engine";
import { parseSearch, SearchSyntaxError } from "@/lib/search/parse";

/** Recordings matching a search (docs/SEARCH.md), in the chosen order, a page at a time. */
export const GET = withWorkspace(
  async ({ workspace, actor, searchParams }) => {
    const parsed = recordingsQuery.safeParse({
      q: searchParams.get("q") ?? undefined,
      sort: searchParams.get("sort") ?? undefined,
      cursor: searchParams.get("cursor"),
      limit: searchParams.get("limit") ?? undefined,
    });
    if (!parsed.success) throw new ApiError("bad_request", parsed.error.issues[0]!.message);
    let filter: ReturnType<typeof parseSearch>;
    try {
      filter = parseSearch(parsed.data.q);
    } catch (error) {
      if (error instanceof SearchSyntaxError) {
        throw new ApiError(
          "bad_request",
          `Search: ${error.message} (at character ${error.position + 1}${error.expected ? `; expected ${error.expected}` : ""})`,
        );
      }
      throw error;
    }
    const page = await querySessions(workspace.id, filter, parsed.data);
    return Response.json({
      sessions: await annotateSessions(workspace.id, page.sessions, actor.userId),
      nextCursor: page.nextCursor,
    });
  },
  { permission: "recordings:read" },
);
