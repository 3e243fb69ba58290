import { preflight } from "@/lib/dropin/capture";
import { remoteConfigResponse } from "@/lib/dropin/remote-config";

/** posthog-js remote config, JSON form (docs/SDK.md "Using posthog-js"). */
export async function GET(
  _request: Request,
  context: { params: Promise<{ token: string }> },
): Promise<Response> {
  return remoteConfigResponse((await context.params).token, "json");
}

export const OPTIONS = preflight;
