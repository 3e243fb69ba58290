import { preflight } from "@/lib/dropin/capture";
import { emptyFlags } from "@/lib/dropin/remote-config";

/** posthog-js feature flags: Rewind has none, so an empty, valid answer. */
export const POST = emptyFlags;
export const GET = emptyFlags;
export const OPTIONS = preflight;
