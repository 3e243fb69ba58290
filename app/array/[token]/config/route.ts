import { preflight } from "@/lib/dropin/capture";
import { remoteConfigRoute } from "@/lib/dropin/remote-config";

/** posthog-js remote config, JSON form (docs/SDK.md "Using posthog-js"). */
export const GET = remoteConfigRoute("json");

export const OPTIONS = preflight;
