import { handleCapture, preflight, wrongMethod } from "@/lib/dropin/capture";

/** posthog-js capture endpoint, mapped onto our ingest (lib/dropin, docs/SDK.md "Using posthog-js"). */
export const POST = handleCapture;
export const OPTIONS = preflight;
export { wrongMethod as DELETE, wrongMethod as GET, wrongMethod as PATCH, wrongMethod as PUT };
