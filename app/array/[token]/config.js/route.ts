import { preflight } from "@/lib/dropin/capture";
import { remoteConfigResponse } from "@/lib/dropin/remote-config";

/** posthog-js remote config, script form: the first one posthog-js asks for. */
export async function GET(
  _request: Request,
  context: { params: Promise<{ token: string }> },
): Promise<Response> {
  return remoteConfigResponse((await context.params).token, "script");
}

export const OPTIONS = preflight;
