"use client";

import { useQuery } from "@tanstack/react-query";
import type { FunnelSummary } from "@/lib/analytics/funnel-summary";
import type { FunnelResult } from "@/lib/analytics/run-funnel";
import { api } from "@/lib/api/client";
import type { FunnelDefinition, SavedFunnel } from "@/lib/data/funnels";
import { apiBase, workspaceKey } from "./keys-of";
import { useApiMutation } from "./mutation";

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

export type FunnelRun = FunnelResult & { from: number; to: number };

/** Computes a funnel without saving it; the editor shows the figures, so no toast on success. */
export function useRunFunnel(slug: string) {
  return useApiMutation({
    mutationFn: (query: Omit<FunnelDefinition, "name">) =>
      api<FunnelRun>(`${apiBase(slug)}/funnels/run`, { method: "POST", body: query }),
    success: null,
  });
}

/**
 * Saves a new funnel (no id) or changes a saved one. The funnels list is rendered on the server and
 * each row's summary is a client query: both are refreshed.
 */
export function useSaveFunnel(slug: string, id: string | undefined, onSaved: (funnel: SavedFunnel) => void) {
  return useApiMutation({
    mutationFn: (def: FunnelDefinition) =>
      api<{ funnel: SavedFunnel }>(
        id ? `${apiBase(slug)}/funnels/${encodeURIComponent(id)}` : `${apiBase(slug)}/funnels`,
        { method: id ? "PUT" : "POST", body: def },
      ).then((r) => r.funnel),
    invalidates: () => [funnelKeys.all(slug)],
    refreshServer: true,
    success: null,
    onSuccess: onSaved,
  });
}

export function useDeleteFunnel(slug: string, id: string, onDeleted: () => void) {
  return useApiMutation({
    mutationFn: () => api(`${apiBase(slug)}/funnels/${encodeURIComponent(id)}`, { method: "DELETE" }),
    invalidates: () => [funnelKeys.all(slug)],
    refreshServer: true,
    success: () => "Funnel deleted.",
    onSuccess: onDeleted,
  });
}
