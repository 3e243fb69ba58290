"use client";

import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Alert } from "@/components/ui/field";
import { api, errorMessage } from "@/lib/api/client";

interface LinkRow {
  id: string;
  kind: "recording" | "playlist";
  targetId: string;
  label: string;
  creator: string;
  createdAt: number;
  expiresAt: number | null;
  views: number;
  showPerson: boolean;
  canRevoke: boolean;
}

const day = (at: number) => new Date(at).toISOString().slice(0, 16).replace("T", " ");

/** Whether links may leave the workspace, and every link that works now with its revoke button. */
export function SharingSettings({
  workspace,
  policy,
  canWrite,
  links,
}: {
  workspace: string;
  policy: { enabled: boolean; allowNever: boolean };
  canWrite: boolean;
  links: LinkRow[];
}) {
  const router = useRouter();
  const [enabled, setEnabled] = useState(policy.enabled);
  const [allowNever, setAllowNever] = useState(policy.allowNever);
  const save = useMutation({
    mutationFn: () =>
      api(`/api/v1/workspaces/${workspace}/settings/sharing`, {
        method: "PUT",
        body: { enabled, allowNever },
      }),
    onSuccess: () => router.refresh(),
  });
  const revoke = useMutation({
    mutationFn: (id: string) => api(`/api/v1/workspaces/${workspace}/shares/${id}`, { method: "DELETE" }),
    onSuccess: () => router.refresh(),
  });
  return (
    <>
      <Card
        title="Sharing outside the workspace"
        description="Off by default. When on, members can make links to a recording or a playlist that anyone can open until the link expires or is revoked. Turning it off stops every link at once."
      >
        <form
          className="max-w-xl space-y-3"
          onSubmit={(e) => {
            e.preventDefault();
            save.mutate();
          }}
        >
          {save.isError && <Alert>{errorMessage(save.error)}</Alert>}
          {save.isSuccess && <Alert tone="success">Saved.</Alert>}
          <fieldset disabled={!canWrite} className="space-y-2 text-sm">
            <label className="flex gap-2">
              <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} />
              Allow share links
            </label>
            <label className="flex gap-2">
              <input
                type="checkbox"
                checked={allowNever}
                disabled={!enabled}
                onChange={(e) => setAllowNever(e.target.checked)}
              />
              Allow links that never expire (otherwise 1, 7 or 30 days)
            </label>
          </fieldset>
          {canWrite ? (
            <Button type="submit" disabled={save.isPending}>
              {save.isPending ? "Saving…" : "Save"}
            </Button>
          ) : (
            <p className="text-sm text-zinc-500">Only admins and owners change this.</p>
          )}
        </form>
      </Card>
      <Card
        title="Active links"
        description="Every link that works now. Tokens are stored hashed and cannot be shown again."
      >
        {revoke.isError && <Alert>{errorMessage(revoke.error)}</Alert>}
        {links.length === 0 ? (
          <p className="text-sm text-zinc-600 dark:text-zinc-400" data-testid="no-links">
            No active links.
          </p>
        ) : (
          <table className="w-full text-left text-sm" data-testid="share-links">
            <thead className="text-xs uppercase text-zinc-500">
              <tr className="border-b border-zinc-200 dark:border-zinc-800">
                <th className="py-2 pr-3 font-medium">Shares</th>
                <th className="py-2 pr-3 font-medium">Created by</th>
                <th className="py-2 pr-3 font-medium">Expires (UTC)</th>
                <th className="py-2 pr-3 font-medium">Views</th>
                <th className="py-2 font-medium" />
              </tr>
            </thead>
            <tbody>
              {links.map((l) => (
                <tr key={l.id} className="border-b border-zinc-100 dark:border-zinc-800">
                  <td className="py-2 pr-3">
                    <Link
                      href={
                        l.kind === "playlist"
                          ? `/${workspace}/playlists/${l.targetId}`
                          : `/${workspace}/recordings/${l.targetId}`
                      }
                      className="text-brand-600 hover:underline"
                    >
                      {l.label}
                    </Link>
                    {l.showPerson && <span className="ml-2 text-xs text-zinc-500">shows the person</span>}
                  </td>
                  <td className="py-2 pr-3">
                    {l.creator}
                    <span className="block text-xs text-zinc-500">{day(l.createdAt)}</span>
                  </td>
                  <td className="py-2 pr-3">{l.expiresAt ? day(l.expiresAt) : "never"}</td>
                  <td className="py-2 pr-3 tabular-nums">{l.views}</td>
                  <td className="py-2 text-right">
                    {l.canRevoke && (
                      <Button
                        variant="danger"
                        className="px-2.5 py-1"
                        disabled={revoke.isPending}
                        onClick={() => revoke.mutate(l.id)}
                      >
                        Revoke
                      </Button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>
    </>
  );
}
