"use client";

import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { Button } from "@/components/ui/button";
import { Alert, Field } from "@/components/ui/field";
import { api, errorMessage } from "@/lib/api/client";

export function CreateWorkspaceForm() {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setPending(true);
    setError(null);
    try {
      const { workspace } = await api<{ workspace: { slug: string } }>("/api/v1/workspaces", {
        method: "POST",
        body: { name: String(new FormData(event.currentTarget).get("name") ?? "") },
      });
      router.push(`/${workspace.slug}/recordings`);
    } catch (e) {
      setError(errorMessage(e));
      setPending(false);
    }
  }

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
