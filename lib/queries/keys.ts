"use client";

import { useQuery } from "@tanstack/react-query";
import { api } from "@/lib/api/client";
import { apiBase, workspaceKey } from "./keys-of";
import { useApiMutation } from "./mutation";

export interface ProjectKey {
  current: string;
  previous: string | null;
  previousExpiresAt: number | null;
}
export interface PersonalKey {
  id: string;
  name: string;
  scopes: string[];
  hint: string;
  createdAt: number;
  lastUsedAt: number | null;
  userId: string;
}

export const apiKeyKeys = { all: (slug: string) => [...workspaceKey(slug), "keys"] as const };

export function useApiKeys(slug: string) {
  return useQuery({
    queryKey: apiKeyKeys.all(slug),
    queryFn: () => api<{ projectKey: ProjectKey; personalKeys: PersonalKey[] }>(`${apiBase(slug)}/keys`),
  });
}

export function useRotateProjectKey(slug: string) {
  return useApiMutation({
    mutationFn: () => api(`${apiBase(slug)}/keys/project`, { method: "POST" }),
    invalidates: () => [apiKeyKeys.all(slug)],
    success: () => "New project key made. The old one keeps working for 24 hours.",
  });
}

export function useCreateApiKey(slug: string, onCreated: (key: string) => void) {
  return useApiMutation({
    mutationFn: (body: { name: string; scope: "read" | "write" }) =>
      api<{ key: string }>(`${apiBase(slug)}/keys`, { method: "POST", body }),
    invalidates: () => [apiKeyKeys.all(slug)],
    success: null,
    onSuccess: (res) => onCreated(res.key),
  });
}

export function useRevokeApiKey(slug: string) {
  return useApiMutation({
    mutationFn: (id: string) => api(`${apiBase(slug)}/keys/${encodeURIComponent(id)}`, { method: "DELETE" }),
    invalidates: () => [apiKeyKeys.all(slug)],
    success: () => "The key was revoked; requests with it now fail.",
  });
}
