"use client";

import { useQuery } from "@tanstack/react-query";
import { api } from "@/lib/api/client";
import type { Role } from "@/lib/auth/permissions";
import { apiBase, workspaceKey } from "./keys-of";
import { useApiMutation } from "./mutation";

export interface Member {
  userId: string;
  role: Role;
  email: string;
  name: string;
}
export interface Invite {
  id: string;
  email: string;
  role: Role;
  expiresAt: number;
  /** Null when the server can no longer show it (made before links were kept, or its secret changed). */
  url?: string | null;
}
export interface AuditEntry {
  id: string;
  at: number;
  action: string;
  actorEmail: string | null;
  target?: string;
  detail?: Record<string, unknown>;
}

export const memberKeys = {
  members: (slug: string) => [...workspaceKey(slug), "members"] as const,
  invites: (slug: string) => [...workspaceKey(slug), "invites"] as const,
  audit: (slug: string) => [...workspaceKey(slug), "audit"] as const,
};

/** Every membership change shows in the audit trail, so each one refreshes it too. */
const touched = (slug: string) => [
  memberKeys.members(slug),
  memberKeys.invites(slug),
  memberKeys.audit(slug),
];

export function useMembers(slug: string) {
  return useQuery({
    queryKey: memberKeys.members(slug),
    queryFn: () => api<{ members: Member[] }>(`${apiBase(slug)}/members`),
  });
}

export function useInvites(slug: string) {
  return useQuery({
    queryKey: memberKeys.invites(slug),
    queryFn: () => api<{ invites: Invite[] }>(`${apiBase(slug)}/invites`),
  });
}

export function useAudit(slug: string) {
  return useQuery({
    queryKey: memberKeys.audit(slug),
    queryFn: () => api<{ entries: AuditEntry[] }>(`${apiBase(slug)}/audit`),
  });
}

export function useInvite(
  slug: string,
  onInvited: (link: { email: string; url: string; emailed: boolean }) => void,
) {
  return useApiMutation({
    mutationFn: (body: { email: string; role: Role }) =>
      api<{ url: string; emailed: boolean; invite: Invite }>(`${apiBase(slug)}/invites`, {
        method: "POST",
        body,
      }),
    invalidates: () => touched(slug),
    success: null,
    onSuccess: (res) => onInvited({ email: res.invite.email, url: res.url, emailed: res.emailed }),
  });
}

export function useChangeRole(slug: string) {
  return useApiMutation({
    mutationFn: (m: { userId: string; email: string; role: Role }) =>
      api(`${apiBase(slug)}/members/${encodeURIComponent(m.userId)}`, {
        method: "PATCH",
        body: { role: m.role },
      }),
    invalidates: () => touched(slug),
    success: (_r, m) => `${m.email} is now ${m.role}.`,
  });
}

export function useRemoveMember(slug: string) {
  return useApiMutation({
    mutationFn: (m: { userId: string; email: string; self: boolean }) =>
      api(`${apiBase(slug)}/members/${encodeURIComponent(m.userId)}`, { method: "DELETE" }),
    invalidates: () => touched(slug),
    success: (_r, m) => (m.self ? "You left the workspace." : `${m.email} was removed.`),
  });
}

export function useRevokeInvite(slug: string) {
  return useApiMutation({
    mutationFn: (i: { id: string; email: string }) =>
      api(`${apiBase(slug)}/invites/${encodeURIComponent(i.id)}`, { method: "DELETE" }),
    invalidates: () => touched(slug),
    success: (_r, i) => `The invite to ${i.email} was revoked.`,
  });
}
