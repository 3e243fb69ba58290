"use client";

import { api } from "@/lib/api/client";
import { apiBase } from "./keys-of";
import { useApiMutation } from "./mutation";

/** The sharing settings page is a server component: it owns the policy and links, so changes refresh it. */
export function useSaveSharingPolicy(slug: string) {
  return useApiMutation({
    mutationFn: (body: { enabled: boolean; allowNever: boolean }) =>
      api(`${apiBase(slug)}/settings/sharing`, { method: "PUT", body }),
    refreshServer: true,
    success: () => "Saved.",
  });
}

export function useRevokeShare(slug: string) {
  return useApiMutation({
    mutationFn: (id: string) =>
      api(`${apiBase(slug)}/shares/${encodeURIComponent(id)}`, { method: "DELETE" }),
    refreshServer: true,
    success: () => "The link was revoked; it stops working at once.",
  });
}
