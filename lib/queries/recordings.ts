"use client";

import { useQuery } from "@tanstack/react-query";
import { api } from "@/lib/api/client";
import { apiBase, workspaceKey } from "./keys-of";

export const recordingKeys = {
  all: (slug: string) => [...workspaceKey(slug), "recordings"] as const,
  newSince: (slug: string, search: string) => [...recordingKeys.all(slug), "new", search] as const,
};

/**
 * Sessions matching a search that started after the list was rendered, polled every 10 s. The list
 * itself is server-rendered, so showing them is a router.refresh (the list owns no client cache).
 */
export function useNewRecordings(slug: string, q: string, since: number) {
  const search = `${q} after:${new Date(since).toISOString()}`.trim();
  return useQuery({
    queryKey: recordingKeys.newSince(slug, search),
    queryFn: () =>
      api<{ sessions: unknown[]; nextCursor: string | null }>(
        `${apiBase(slug)}/recordings?${new URLSearchParams({ q: search, limit: "50" })}`,
      ),
    refetchInterval: 10_000,
  });
}
