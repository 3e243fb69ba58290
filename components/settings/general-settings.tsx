"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { z } from "zod";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { Form, FormError, SubmitButton, TextField, useZodForm } from "@/components/ui/form";
import { api } from "@/lib/api/client";
import { useApiMutation } from "@/lib/queries/mutation";

/** What the form checks before sending; the server checks again (lib/api/schemas.ts updateWorkspaceBody). */
const workspaceFields = z.object({
  name: z.string().trim().min(1, "Give the workspace a name.").max(60, "At most 60 characters."),
  slug: z.string().trim().min(1, "Give the workspace an address.").max(40, "At most 40 characters."),
});

export function GeneralSettings({
  workspace,
  canDelete,
}: {
  workspace: { name: string; slug: string };
  canDelete: boolean;
}) {
  const router = useRouter();
  const [confirm, setConfirm] = useState("");
  const path = `/api/v1/workspaces/${workspace.slug}`;
  const form = useZodForm(workspaceFields, { name: workspace.name, slug: workspace.slug });
  // The page's server component rendered the workspace: refresh it there (no client cache holds it).
  const save = useApiMutation({
    mutationFn: ({ name, slug }: z.infer<typeof workspaceFields>) =>
      api<{ workspace: { slug: string } }>(path, {
        method: "PATCH",
        body: { ...(name !== workspace.name && { name }), ...(slug !== workspace.slug && { slug }) },
      }),
    refreshServer: true,
    success: () => "Saved.",
    onSuccess: ({ workspace: saved }) => {
      if (saved.slug !== workspace.slug) router.replace(`/${saved.slug}/settings/general`);
    },
  });
  const remove = useApiMutation({
    mutationFn: () => api(path, { method: "DELETE", body: { confirm } }),
    success: null,
    onSuccess: () => router.push("/workspaces?choose=1"),
  });

  return (
    <>
      <Card title="Workspace" description="The name people see, and the address in every dashboard link.">
        <Form form={form} className="max-w-md space-y-4" onSubmit={(values) => save.mutateAsync(values)}>
          <FormError />
          <TextField name="name" label="Name" />
          <TextField name="slug" label="Address" hint="Old links stop working when it changes." />
          <SubmitButton pending="Saving…">Save</SubmitButton>
        </Form>
      </Card>
      {canDelete && (
        <Card
          title="Delete workspace"
          description="Removes every recording, member, key and setting of this workspace. This cannot be undone."
        >
          <div className="max-w-md space-y-3">
            <Field
              label={`Type "${workspace.name}" to confirm`}
              value={confirm}
              onChange={(e) => setConfirm(e.target.value)}
            />
            <Button
              variant="danger"
              disabled={remove.isPending || confirm !== workspace.name}
              onClick={() => remove.mutate()}
            >
              {remove.isPending ? "Deleting…" : "Delete this workspace"}
            </Button>
          </div>
        </Card>
      )}
    </>
  );
}
