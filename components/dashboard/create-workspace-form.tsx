"use client";

import { useRouter } from "next/navigation";
import { Button } from "@/components/ui/button";
import { Alert, Field } from "@/components/ui/field";
import { useSubmit } from "@/components/ui/use-submit";
import { api } from "@/lib/api/client";

export function CreateWorkspaceForm() {
  const router = useRouter();
  const { pending, error, submit } = useSubmit(
    (form) =>
      api<{ workspace: { slug: string } }>("/api/v1/workspaces", {
        method: "POST",
        body: { name: String(form.get("name") ?? "") },
      }),
    ({ workspace }) => router.push(`/${workspace.slug}/recordings`),
  );

  return (
    <form className="space-y-3" onSubmit={submit} noValidate>
      {error && <Alert>{error}</Alert>}
      <Field label="New workspace name" name="name" required placeholder="Acme Inc." />
      <Button type="submit" disabled={pending}>
        {pending ? "Creating…" : "Create workspace"}
      </Button>
    </form>
  );
}
