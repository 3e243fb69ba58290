import { withWorkspace } from "@/lib/api/with-workspace";
import { importRecording } from "@/lib/rrweb-file/import";

/** Imports an rrweb events file (JSON or .json.gz) as a new recording (docs/API.md "Export and import"). */
export const POST = withWorkspace(
  async ({ workspace, request, searchParams }) =>
    Response.json(await importRecording(workspace.id, request, searchParams.get("person")), { status: 201 }),
  { permission: "recordings:import" },
);
