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
import { formatDateTime } from "@/lib/format";
import { useApiKeys, useCreateApiKey, useRevokeApiKey, useRotateProjectKey } from "@/lib/queries/keys";
import { CopyButton } from "./copy-button";

const newKey = z.object({
  name: z.string().trim().min(1, "Name the key after what uses it.").max(100),
  scope: z.enum(["read", "write"]),
});

const columns: TableColumn[] = [
  { id: "name", header: "Name", sortable: true, className: "font-medium" },
  { id: "key", header: "Key", className: "font-mono text-xs" },
  { id: "scope", header: "Scope" },
  { id: "used", header: "Last used", sortable: true, className: "text-zinc-500" },
  { id: "actions", header: <span className="sr-only">Actions</span>, align: "right" },
];

export function KeysSettings({ slug, canRotate }: { slug: string; canRotate: boolean }) {
  const [created, setCreated] = useState<string | null>(null);
  const keys = useApiKeys(slug);
  const rotate = useRotateProjectKey(slug);
  const create = useCreateApiKey(slug, setCreated);
  const revoke = useRevokeApiKey(slug);
  const form = useZodForm(newKey, { name: "", scope: "read" });

  if (keys.isPending) return <p className="text-sm text-zinc-500">Loading keys…</p>;
  if (keys.isError) return <Alert>{errorMessage(keys.error)}</Alert>;
  const { projectKey, personalKeys } = keys.data;
  return (
    <>
      <Card
        title="Project key"
        description="The SDK sends it with every recording. It is public by nature (it sits in your page), so it can only send recordings, never read them."
        actions={
          canRotate && (
            <ConfirmDialog
              trigger={<Button variant="secondary">Rotate</Button>}
              title="Rotate the project key?"
              question="Make a new project key? The current one keeps working for 24 hours, so update your pages' snippet within a day."
              confirmLabel="Make a new key"
              pendingLabel="Rotating…"
              tone="primary"
              onConfirm={() => rotate.mutateAsync()}
            />
          )
        }
      >
        <div className="flex flex-wrap items-center gap-2">
          <code
            className="rounded-md bg-zinc-100 px-2 py-1 font-mono text-sm dark:bg-zinc-800"
            data-testid="project-key"
          >
            {projectKey.current}
          </code>
          <CopyButton value={projectKey.current} />
        </div>
        {projectKey.previous && (
          <p className="mt-2 text-xs text-zinc-500">
            The previous key {projectKey.previous.slice(0, 10)}… works until{" "}
            {formatDateTime(projectKey.previousExpiresAt!)}.
          </p>
        )}
      </Card>
      <Card
        title="Personal API keys"
        description="For scripts and tools: Authorization: Bearer rk_… They act with your role in this workspace."
      >
        <Form
          form={form}
          className="mb-4 grid gap-3 sm:grid-cols-[1fr_10rem_auto] sm:items-start"
          onSubmit={async (values) => {
            await create.mutateAsync(values);
            form.reset();
          }}
        >
          <TextField name="name" label="Name" placeholder="Support tool" />
          <SelectField
            name="scope"
            label="Scope"
            options={[
              { value: "read", label: "read" },
              { value: "write", label: "read and write" },
            ]}
          />
          <div className="sm:pt-7">
            <SubmitButton pending="Creating…">Create key</SubmitButton>
          </div>
          <div className="sm:col-span-3">
            <FormError />
          </div>
        </Form>
        {created && (
          <div
            className="mb-4 space-y-2 rounded-lg bg-amber-50 p-3 text-sm text-amber-900 dark:bg-amber-950/40 dark:text-amber-200"
            data-testid="new-key"
          >
            <p>Copy the key now: it is shown only once.</p>
            <div className="flex gap-2">
              <input
                readOnly
                value={created}
                aria-label="New API key"
                className={controlClass("sm", "min-w-0 flex-1 font-mono text-xs")}
              />
              <CopyButton value={created} />
            </div>
          </div>
        )}
        <DataTable
          label="Personal API keys"
          columns={columns}
          empty="No personal keys yet."
          rows={personalKeys.map((k) => ({
            id: k.id,
            sort: { name: k.name.toLowerCase(), used: k.lastUsedAt ?? 0 },
            cells: {
              name: k.name,
              key: k.hint,
              scope: (
                <span className="flex gap-1">
                  {k.scopes.map((s) => (
                    <Badge key={s} tone={s === "write" ? "warning" : "neutral"}>
                      {s}
                    </Badge>
                  ))}
                </span>
              ),
              used: k.lastUsedAt ? formatDateTime(k.lastUsedAt) : "never",
              actions: (
                <ConfirmDialog
                  trigger={<Button variant="ghost">Revoke</Button>}
                  title={`Revoke "${k.name}"?`}
                  question="Scripts using this key stop working at once. This cannot be undone."
                  confirmLabel="Revoke key"
                  pendingLabel="Revoking…"
                  onConfirm={() => revoke.mutateAsync(k.id)}
                />
              ),
            },
          }))}
        />
      </Card>
    </>
  );
}
