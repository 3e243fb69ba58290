import { z } from "zod";
import { ApiError } from "@/lib/api/errors";
import { withWorkspace } from "@/lib/api/with-workspace";
import { listRecentSessions } from "@/lib/data/sessions";

const query = z.object({
  cursor: z
    .string()
    .regex(/^\d+:[A-Za-z0-9_-]{1,64}$/, "cursor must be one returned by a previous page")
    .nullish(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/** Recordings, newest first, a page at a time. */
export const GET = withWorkspace(
  async ({ workspace, searchParams }) => {
    const parsed = query.safeParse({
      cursor: searchParams.get("cursor"),
      limit: searchParams.get("limit") ?? undefined,
    });
    if (!parsed.success) throw new ApiError("bad_request", parsed.error.issues[0]!.message);
    return Response.json(await listRecentSessions(workspace.id, parsed.data));
  },
  { permission: "recordings:read" },
);
