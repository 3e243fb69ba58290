import { ApiError } from "@/lib/api/errors";

/**
 * The drop-in's refusal of a missing or unknown token: posthog-js's token is our project's public
 * key, resolved by withProjectKey like the SDK's `?k=`; only the hint for a missing one differs.
 */
export function refuseDropinToken(reason: "missing" | "unknown"): ApiError {
  return reason === "missing"
    ? new ApiError(
        "unauthorized",
        "Missing project key: posthog.init(token, …) must be given the project's public key (pk_…).",
      )
    : new ApiError(
        "unauthorized",
        "Unknown project key. It may have been rotated out; copy the current one from Settings → API keys.",
      );
}
