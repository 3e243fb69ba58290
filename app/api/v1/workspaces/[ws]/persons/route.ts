import { z } from "zod";
import { readQuery } from "@/lib/api/query";
import { withWorkspace } from "@/lib/api/with-workspace";
import { listPersons, PERSON_SORTS } from "@/lib/data/persons";

const query = z.object({
  q: z.string().max(300).default(""),
  sort: z.enum(PERSON_SORTS, "sort must be last or sessions").default("last"),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/** Persons, most recently seen (or most sessions) first; `q` is part of an id or `key=value`. */
export const GET = withWorkspace(
  async ({ workspace, searchParams }) => {
    const { q, sort, cursor, limit } = readQuery(searchParams, query);
    return Response.json(await listPersons(workspace.id, { sort, limit, cursor, search: q }));
  },
  { permission: "persons:read" },
);
