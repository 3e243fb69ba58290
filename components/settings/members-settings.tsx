"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Alert, Field, Select } from "@/components/ui/field";
import { api, errorMessage } from "@/lib/api/client";
import { can, ROLES, type Role } from "@/lib/auth/permissions";
import { formatDate, formatDateTime } from "@/lib/format";
import { CopyButton } from "./copy-button";

interface Member {
  userId: string;
  role: Role;
  email: string;
  name: string;
}
interface Invite {
  id: string;
  email: string;
  role: Role;
  expiresAt: number;
  /** Null when the server can no longer show it (made before links were kept, or its secret changed). */
  url?: string | null;
}
interface AuditEntry {
  id: string;
  at: number;
  action: string;
  actorEmail: string | null;
  target?: string;
  detail?: Record<string, unknown>;
}

export function MembersSettings({ slug, myId, myRole }: { slug: string; myId: string; myRole: Role }) {
  const base = `/api/v1/workspaces/${slug}`;
  const qc = useQueryClient();
  const [notice, setNotice] = useState<{ tone: "error" | "success"; text: string } | null>(null);
  const [inviteLink, setInviteLink] = useState<{ email: string; url: string; emailed: boolean } | null>(null);
  const members = useQuery({
    queryKey: [base, "members"],
    queryFn: () => api<{ members: Member[] }>(`${base}/members`),
  });
  const invites = useQuery({
    queryKey: [base, "invites"],
    queryFn: () => api<{ invites: Invite[] }>(`${base}/invites`),
  });
  const audit = useQuery({
    queryKey: [base, "audit"],
    queryFn: () => api<{ entries: AuditEntry[] }>(`${base}/audit`),
  });
  const refresh = () => qc.invalidateQueries({ queryKey: [base] });
  const grantable: Role[] = can(myRole, "members:admin") ? [...ROLES] : ["viewer", "member"];
  const owners = members.data?.members.filter((m) => m.role === "owner").length ?? 0;

  const invite = useMutation({
    mutationFn: (body: { email: string; role: Role }) =>
      api<{ url: string; emailed: boolean; invite: Invite }>(`${base}/invites`, { method: "POST", body }),
    onSuccess: (res) => {
      setInviteLink({ email: res.invite.email, url: res.url, emailed: res.emailed });
      setNotice(null);
      refresh();
    },
    onError: (e) => setNotice({ tone: "error", text: errorMessage(e) }),
  });
  const act = useMutation({
    mutationFn: (call: { path: string; method: string; body?: unknown; done: string }) =>
      api(call.path, call),
    onSuccess: (_r, call) => {
      setNotice({ tone: "success", text: call.done });
      refresh();
    },
    onError: (e) => setNotice({ tone: "error", text: errorMessage(e) }),
  });

  function submitInvite(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    invite.mutate({ email: String(form.get("email") ?? ""), role: String(form.get("role")) as Role });
  }

  return (
    <>
      {notice && <Alert tone={notice.tone}>{notice.text}</Alert>}
      <Card title="Invite a teammate" description="They get a link that works once, for 7 days.">
        <form className="grid gap-3 sm:grid-cols-[1fr_10rem_auto] sm:items-end" onSubmit={submitInvite}>
          <Field label="Email" name="email" type="email" required placeholder="teammate@example.com" />
          <Select label="Role" name="role" defaultValue="member">
            {grantable.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </Select>
          <Button type="submit" disabled={invite.isPending}>
            {invite.isPending ? "Inviting…" : "Invite"}
          </Button>
        </form>
        {inviteLink && (
          <div
            className="mt-4 space-y-2 rounded-lg bg-zinc-50 p-3 text-sm dark:bg-zinc-800/60"
            data-testid="invite-link"
          >
            <p>
              {inviteLink.emailed
                ? `Emailed to ${inviteLink.email}. `
                : `Email is not set up on this server: send ${inviteLink.email} this link yourself. `}
              It is shown only now.
            </p>
            <div className="flex gap-2">
              <input
                readOnly
                value={inviteLink.url}
                className="min-w-0 flex-1 rounded-md border border-zinc-300 bg-white px-2 py-1 font-mono text-xs dark:border-zinc-700 dark:bg-zinc-900"
                aria-label="Invite link"
              />
              <CopyButton value={inviteLink.url} />
            </div>
          </div>
        )}
      </Card>

      <Card title="Members">
        {members.isPending ? (
          <p className="text-sm text-zinc-500">Loading members…</p>
        ) : members.isError ? (
          <Alert>{errorMessage(members.error)}</Alert>
        ) : (
          <table className="w-full text-left text-sm">
            <thead className="text-xs uppercase text-zinc-500">
              <tr>
                <th className="py-2 font-medium">Person</th>
                <th className="py-2 font-medium">Role</th>
                <th className="py-2" />
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-200 dark:divide-zinc-800">
              {members.data.members.map((m) => {
                const editable =
                  m.userId !== myId &&
                  (can(myRole, "members:admin") || (m.role !== "owner" && m.role !== "admin"));
                return (
                  <tr key={m.userId} data-testid={`member-${m.email}`}>
                    <td className="py-2">
                      <div className="font-medium">{m.name || m.email}</div>
                      {m.name && <div className="text-xs text-zinc-500">{m.email}</div>}
                    </td>
                    <td className="py-2">
                      {editable ? (
                        <select
                          aria-label={`Role of ${m.email}`}
                          value={m.role}
                          onChange={(e) =>
                            act.mutate({
                              path: `${base}/members/${m.userId}`,
                              method: "PATCH",
                              body: { role: e.target.value },
                              done: `${m.email} is now ${e.target.value}.`,
                            })
                          }
                          className="rounded-md border border-zinc-300 bg-white px-2 py-1 dark:border-zinc-700 dark:bg-zinc-900"
                        >
                          {(grantable.includes(m.role) ? grantable : [m.role, ...grantable]).map((r) => (
                            <option key={r} value={r}>
                              {r}
                            </option>
                          ))}
                        </select>
                      ) : (
                        <span className="capitalize">{m.role}</span>
                      )}
                    </td>
                    <td className="py-2 text-right">
                      {(editable || (m.userId === myId && !(m.role === "owner" && owners <= 1))) && (
                        <Button
                          variant="ghost"
                          onClick={() => {
                            const self = m.userId === myId;
                            if (
                              !window.confirm(
                                self ? "Leave this workspace?" : `Remove ${m.email} from this workspace?`,
                              )
                            )
                              return;
                            act.mutate({
                              path: `${base}/members/${m.userId}`,
                              method: "DELETE",
                              done: self ? "You left the workspace." : `${m.email} was removed.`,
                            });
                          }}
                        >
                          {m.userId === myId ? "Leave" : "Remove"}
                        </Button>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </Card>

      <Card title="Pending invites">
        {invites.isPending ? (
          <p className="text-sm text-zinc-500">Loading invites…</p>
        ) : invites.data?.invites.length ? (
          <ul className="divide-y divide-zinc-200 text-sm dark:divide-zinc-800">
            {invites.data.invites.map((i) => (
              <li key={i.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
                <span>
                  {i.email} · {i.role} · expires {formatDate(i.expiresAt)}
                </span>
                <span className="flex items-center gap-1">
                  {i.url ? (
                    <CopyButton
                      value={i.url}
                      label="Copy link"
                      ariaLabel={`Copy invite link for ${i.email}`}
                    />
                  ) : (
                    <span className="text-xs text-zinc-500">
                      link shown once: revoke and invite again for a new one
                    </span>
                  )}
                  <Button
                    variant="ghost"
                    onClick={() =>
                      act.mutate({
                        path: `${base}/invites/${i.id}`,
                        method: "DELETE",
                        done: `The invite to ${i.email} was revoked.`,
                      })
                    }
                  >
                    Revoke
                  </Button>
                </span>
              </li>
            ))}
          </ul>
        ) : (
          <p className="text-sm text-zinc-500">No pending invites.</p>
        )}
      </Card>

      <Card title="Audit trail" description="Membership, role, key and settings changes, newest first.">
        {audit.data?.entries.length ? (
          <ul className="max-h-80 divide-y divide-zinc-200 overflow-auto text-sm dark:divide-zinc-800">
            {audit.data.entries.map((e) => (
              <li key={e.id} className="flex flex-wrap justify-between gap-2 py-1.5">
                <span>
                  <strong className="font-medium">{e.actorEmail ?? "someone"}</strong>{" "}
                  {e.action.replace(/[._]/g, " ")}
                  {e.detail ? <span className="text-zinc-500"> {JSON.stringify(e.detail)}</span> : null}
                </span>
                <time className="text-zinc-500" dateTime={new Date(e.at).toISOString()}>
                  {formatDateTime(e.at)}
                </time>
              </li>
            ))}
          </ul>
        ) : (
          <p className="text-sm text-zinc-500">{audit.isPending ? "Loading…" : "Nothing recorded yet."}</p>
        )}
      </Card>
    </>
  );
}
