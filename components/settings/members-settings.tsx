"use client";

import { useState } from "react";
import { z } from "zod";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { controlClass } from "@/components/ui/control";
import { DataTable, type TableColumn } from "@/components/ui/data-table";
import { Alert } from "@/components/ui/field";
import { Form, FormError, SelectField, SubmitButton, TextField, useZodForm } from "@/components/ui/form";
import { errorMessage } from "@/lib/api/client";
import { can, ROLES, type Role } from "@/lib/auth/permissions";
import { formatDate, formatDateTime } from "@/lib/format";
import {
  type Member,
  useAudit,
  useChangeRole,
  useInvite,
  useInvites,
  useMembers,
  useRemoveMember,
  useRevokeInvite,
} from "@/lib/queries/members";
import { CopyButton } from "./copy-button";

const inviteSchema = z.object({
  email: z.string().trim().email("Enter an email address, like teammate@example.com."),
  role: z.enum(ROLES),
});

const memberColumns: TableColumn[] = [
  { id: "person", header: "Person", sortable: true },
  { id: "role", header: "Role", sortable: true },
  { id: "actions", header: <span className="sr-only">Actions</span>, align: "right" },
];

const roleTone = { owner: "brand", admin: "warning", member: "neutral", viewer: "neutral" } as const;

export function MembersSettings({ slug, myId, myRole }: { slug: string; myId: string; myRole: Role }) {
  const [inviteLink, setInviteLink] = useState<{ email: string; url: string; emailed: boolean } | null>(null);
  const members = useMembers(slug);
  const invites = useInvites(slug);
  const audit = useAudit(slug);
  const invite = useInvite(slug, setInviteLink);
  const changeRole = useChangeRole(slug);
  const remove = useRemoveMember(slug);
  const revokeInvite = useRevokeInvite(slug);
  const grantable: Role[] = can(myRole, "members:admin") ? [...ROLES] : ["viewer", "member"];
  const owners = members.data?.members.filter((m) => m.role === "owner").length ?? 0;
  const form = useZodForm(inviteSchema, { email: "", role: "member" });

  function memberRow(m: Member) {
    const self = m.userId === myId;
    const editable = !self && (can(myRole, "members:admin") || (m.role !== "owner" && m.role !== "admin"));
    const removable = editable || (self && !(m.role === "owner" && owners <= 1));
    return {
      id: m.userId,
      testId: `member-${m.email}`,
      sort: { person: (m.name || m.email).toLowerCase(), role: ROLES.indexOf(m.role) },
      cells: {
        person: (
          <>
            <div className="font-medium">{m.name || m.email}</div>
            {m.name && <div className="text-xs text-zinc-500">{m.email}</div>}
          </>
        ),
        role: editable ? (
          <select
            aria-label={`Role of ${m.email}`}
            value={m.role}
            disabled={changeRole.isPending}
            onChange={(e) =>
              changeRole.mutate({ userId: m.userId, email: m.email, role: e.target.value as Role })
            }
            className={controlClass("sm")}
          >
            {(grantable.includes(m.role) ? grantable : [m.role, ...grantable]).map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        ) : (
          <Badge tone={roleTone[m.role]}>{m.role}</Badge>
        ),
        actions: removable && (
          <ConfirmDialog
            trigger={<Button variant="ghost">{self ? "Leave" : "Remove"}</Button>}
            title={self ? "Leave this workspace?" : `Remove ${m.email}?`}
            question={
              self
                ? "You lose access to its recordings at once; an owner or admin can invite you again."
                : `${m.email} loses access to this workspace at once.`
            }
            confirmLabel={self ? "Leave" : "Remove"}
            pendingLabel={self ? "Leaving…" : "Removing…"}
            onConfirm={() => remove.mutateAsync({ userId: m.userId, email: m.email, self })}
          />
        ),
      },
    };
  }

  return (
    <>
      <Card title="Invite a teammate" description="They get a link that works once, for 7 days.">
        <Form
          form={form}
          className="grid gap-3 sm:grid-cols-[1fr_10rem_auto] sm:items-start"
          onSubmit={(values) => invite.mutateAsync(values)}
        >
          <TextField name="email" label="Email" type="email" placeholder="teammate@example.com" />
          <SelectField name="role" label="Role" options={grantable.map((r) => ({ value: r, label: r }))} />
          <div className="sm:pt-7">
            <SubmitButton pending="Inviting…">Invite</SubmitButton>
          </div>
          <div className="sm:col-span-3">
            <FormError />
          </div>
        </Form>
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
                className={controlClass("sm", "min-w-0 flex-1 font-mono text-xs")}
                aria-label="Invite link"
              />
              <CopyButton value={inviteLink.url} />
            </div>
          </div>
        )}
      </Card>

      <Card title="Members">
        {members.isError ? (
          <Alert>{errorMessage(members.error)}</Alert>
        ) : (
          <DataTable
            label="Members"
            columns={memberColumns}
            loading={members.isPending}
            empty="No members."
            rows={(members.data?.members ?? []).map(memberRow)}
          />
        )}
      </Card>

      <Card title="Pending invites">
        {invites.isPending ? (
          <p className="text-sm text-zinc-500">Loading invites…</p>
        ) : invites.data?.invites.length ? (
          <ul className="divide-y divide-zinc-200 text-sm dark:divide-zinc-800">
            {invites.data.invites.map((i) => (
              <li key={i.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
                <span className="flex items-center gap-2">
                  {i.email} <Badge>{i.role}</Badge>
                  <span className="text-zinc-500">expires {formatDate(i.expiresAt)}</span>
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
                    disabled={revokeInvite.isPending}
                    onClick={() => revokeInvite.mutate({ id: i.id, email: i.email })}
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
