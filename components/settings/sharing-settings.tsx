"use client";

import Link from "next/link";
import { useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { DataTable, type TableColumn } from "@/components/ui/data-table";
import { useRevokeShare, useSaveSharingPolicy } from "@/lib/queries/sharing";

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

const columns: TableColumn[] = [
  { id: "shares", header: "Shares", sortable: true },
  { id: "creator", header: "Created by", sortable: true },
  { id: "expires", header: "Expires (UTC)", sortable: true },
  { id: "views", header: "Views", sortable: true, className: "tabular-nums" },
  { id: "actions", header: <span className="sr-only">Actions</span>, align: "right" },
];

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
  const [enabled, setEnabled] = useState(policy.enabled);
  const [allowNever, setAllowNever] = useState(policy.allowNever);
  const save = useSaveSharingPolicy(workspace);
  const revoke = useRevokeShare(workspace);
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
            save.mutate({ enabled, allowNever });
          }}
        >
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
        <DataTable
          label="Active links"
          testId="share-links"
          emptyTestId="no-links"
          columns={columns}
          empty="No active links."
          rows={links.map((l) => ({
            id: l.id,
            sort: {
              shares: l.label.toLowerCase(),
              creator: l.creator,
              expires: l.expiresAt ?? Number.MAX_SAFE_INTEGER,
              views: l.views,
            },
            cells: {
              shares: (
                <>
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
                  {l.showPerson && (
                    <span className="ml-2">
                      <Badge tone="warning">shows the person</Badge>
                    </span>
                  )}
                </>
              ),
              creator: (
                <>
                  {l.creator}
                  <span className="block text-xs text-zinc-500">{day(l.createdAt)}</span>
                </>
              ),
              expires: l.expiresAt ? day(l.expiresAt) : "never",
              views: l.views,
              actions: l.canRevoke && (
                <Button
                  variant="danger"
                  className="px-2.5 py-1"
                  disabled={revoke.isPending}
                  onClick={() => revoke.mutate(l.id)}
                >
                  Revoke
                </Button>
              ),
            },
          }))}
        />
      </Card>
    </>
  );
}
