"use client";

import { useQuery } from "@tanstack/react-query";
import { api } from "@/lib/api/client";
import { formatNumber } from "@/lib/format";
import { apiBase, workspaceKey } from "./keys-of";
import { useApiMutation } from "./mutation";

/** How many recordings the next purge would delete under a proposed retention (before saving it). */
export function useRetentionImpact(slug: string, change: { days: number; shorten: boolean } | null) {
  return useQuery({
    queryKey: [...workspaceKey(slug), "retention-impact", change?.days, change?.shorten],
    enabled: change !== null,
    queryFn: () =>
      api<{ wouldDelete: number }>(
        `${apiBase(slug)}/settings/retention?${new URLSearchParams({ days: String(change!.days), shortenExisting: change!.shorten ? "1" : "0" })}`,
      ),
  });
}

/** The retention page is a server component: it owns the overview, so changes refresh it. */
export function useSaveRetention(slug: string) {
  return useApiMutation({
    mutationFn: (body: { days: number; shortenExisting: boolean }) =>
      api(`${apiBase(slug)}/settings/retention`, { method: "PUT", body }),
    refreshServer: true,
    success: () => "Saved.",
  });
}

export function usePurgeNow(slug: string) {
  return useApiMutation({
    mutationFn: () =>
      api<{ ok: boolean; sessions?: number; complete?: boolean; message?: string }>(
        `${apiBase(slug)}/settings/retention/purge`,
        { method: "POST" },
      ),
    refreshServer: true,
    success: (r) =>
      r.ok
        ? `Deleted ${formatNumber(r.sessions ?? 0)} expired recordings${r.complete ? "." : "; stopped at its time limit — run it again or let the schedule carry on."}`
        : (r.message ?? "The purge did not run."),
  });
}
