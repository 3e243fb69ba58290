"use client";

import { useQuery } from "@tanstack/react-query";
import { api } from "@/lib/api/client";
import { apiBase, workspaceKey } from "./keys-of";

export const personKeys = {
  all: (slug: string) => [...workspaceKey(slug), "persons"] as const,
  search: (slug: string, text: string, limit: number) =>
    [...personKeys.all(slug), "search", text, limit] as const,
};

/** Persons whose id or shown name contains the text, seen last first (the person picker's typed search). */
export function usePersonSearch(slug: string | undefined, text: string, limit: number) {
  return useQuery({
    queryKey: personKeys.search(slug ?? "", text, limit),
    queryFn: () =>
      api<{ persons: { distinctId: string; sessionCount: number }[] }>(
        `${apiBase(slug!)}/persons?${new URLSearchParams({ q: text, limit: String(limit) })}`,
      ),
    enabled: Boolean(slug && text),
    staleTime: 30_000,
  });
}
