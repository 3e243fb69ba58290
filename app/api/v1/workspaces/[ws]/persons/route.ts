import { readQuery } from "@/lib/api/query";
import { personsQuery } from "@/lib/api/schemas";
import { withWorkspace } from "@/lib/api/with-workspace";
import { listPersons } from "@/lib/data/persons";

/** Persons, most recently seen (or most sessions) first; `q` is part of an id or `key=value`. */
export const GET = withWorkspace(
  async ({ workspace, searchParams }) => {
    const { q, sort, cursor, limit } = readQuery(searchParams, personsQuery);
    return Response.json(await listPersons(workspace.id, { sort, limit, cursor, search: q }));
  },
  { permission: "persons:read" },
);
