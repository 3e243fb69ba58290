import { ApiError } from "@/lib/api/errors";
import { resolveProjectKey } from "@/lib/data/keys";

/**
 * The workspace of a posthog-js token, which is our project's public key, resolved as our own
 * ingest and config routes resolve `?k=` today. The drop-in's one place for it.
 */
export async function dropinWorkspace(token: string | null | undefined): Promise<string> {
  if (!token) {
    throw new ApiError(
      "unauthorized",
      "Missing project key: posthog.init(token, …) must be given the project's public key (pk_…).",
    );
  }
  const workspaceId = await resolveProjectKey(token);
  if (!workspaceId) {
    throw new ApiError(
      "unauthorized",
      "Unknown project key. It may have been rotated out; copy the current one from Settings → API keys.",
    );
  }
  return workspaceId;
}
