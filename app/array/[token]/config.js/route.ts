import { preflight } from "@/lib/dropin/capture";
import { remoteConfigRoute } from "@/lib/dropin/remote-config";

/** posthog-js remote config, script form: the first one posthog-js asks for. */
export const GET = remoteConfigRoute("script");

export const OPTIONS = preflight;
