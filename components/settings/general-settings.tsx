"use client";

import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Alert, Field } from "@/components/ui/field";
import { api, errorMessage } from "@/lib/api/client";

export function GeneralSettings({
  workspace,
  canDelete,
}: {
  workspace: { name: string; slug: string };
  canDelete: boolean;
}) {
  const router = useRouter();
  const [message, setMessage] = useState<{ tone: "error" | "success"; text: string } | null>(null);
  const [confirm, setConfirm] = useState("");
  const [pending, setPending] = useState(false);
  const path = `/api/v1/workspaces/${workspace.slug}`;

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const name = String(form.get("name") ?? "");
    const slug = String(form.get("slug") ?? "");
    setPending(true);
    setMessage(null);
    try {
      const { workspace: saved } = await api<{ workspace: { slug: string } }>(path, {
        method: "PATCH",
        body: { ...(name !== workspace.name && { name }), ...(slug !== workspace.slug && { slug }) },
      });
      setMessage({ tone: "success", text: "Saved." });
      if (saved.slug !== workspace.slug) router.replace(`/${saved.slug}/settings/general`);
      router.refresh();
    } catch (e) {
      setMessage({
        tone: "error",
        text: errorMessage(e, "Could not save. Try again."),
      });
    } finally {
      setPending(false);
    }
  }

  async function remove() {
    setPending(true);
    try {
      await api(path, { method: "DELETE", body: { confirm } });
      router.push("/workspaces?choose=1");
    } catch (e) {
      setMessage({
        tone: "error",
        text: errorMessage(e, "Could not delete. Try again."),
      });
      setPending(false);
    }
  }

  return (
    <>
      <Card title="Workspace" description="The name people see, and the address in every dashboard link.">
        <form className="max-w-md space-y-4" onSubmit={save}>
          {message && <Alert tone={message.tone}>{message.text}</Alert>}
          <Field label="Name" name="name" defaultValue={workspace.name} required />
          <Field
            label="Address"
            name="slug"
            defaultValue={workspace.slug}
            required
            hint="Old links stop working when it changes."
          />
          <Button type="submit" disabled={pending}>
            Save
          </Button>
        </form>
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
            <Button variant="danger" disabled={pending || confirm !== workspace.name} onClick={remove}>
              Delete this workspace
            </Button>
          </div>
        </Card>
      )}
    </>
  );
}
