"use client";

import { useQuery } from "@tanstack/react-query";
import type { FunnelSummary } from "@/lib/analytics/funnel-summary";
import { api } from "@/lib/api/client";
import type { FunnelDefinition } from "@/lib/data/funnels";
import { apiBase, workspaceKey } from "./keys-of";

/** Which persons behind a funnel bar: those who reached a step, or dropped off before it. */
export interface PersonsRequest {
  step: number;
  outcome: "converted" | "dropped";
  breakdownValue?: string;
}

export interface FunnelPersonsAnswer {
  persons: { distinctId: string; reachedStep: number; at: number; sessionId: string; offsetMs: number }[];
  total: number;
}

export const funnelKeys = {
  all: (slug: string) => [...workspaceKey(slug), "funnels"] as const,
  summary: (slug: string, id: string) => [...funnelKeys.all(slug), id, "summary"] as const,
  persons: (slug: string, funnel: Omit<FunnelDefinition, "name">, request: PersonsRequest) =>
    [...funnelKeys.all(slug), "persons", funnel, request] as const,
};

/** A saved funnel's conversion and trend; a minute old is fresh enough for a list row. */
export function useFunnelSummary(slug: string, funnelId: string) {
  return useQuery({
    queryKey: funnelKeys.summary(slug, funnelId),
    queryFn: () =>
      api<{ summary: FunnelSummary }>(
        `${apiBase(slug)}/funnels/${encodeURIComponent(funnelId)}/summary`,
      ).then((r) => r.summary),
    staleTime: 60_000,
  });
}

export function useFunnelPersons(
  slug: string,
  funnel: Omit<FunnelDefinition, "name">,
  request: PersonsRequest,
) {
  return useQuery({
    queryKey: funnelKeys.persons(slug, funnel, request),
    queryFn: () =>
      api<FunnelPersonsAnswer>(`${apiBase(slug)}/funnels/persons`, {
        method: "POST",
        body: { funnel, ...request, limit: 200 },
      }),
  });
}
