"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Alert, Field, Select } from "@/components/ui/field";
import { api, errorMessage } from "@/lib/api/client";
import { formatDateTime } from "@/lib/format";
import { CopyButton } from "./copy-button";

interface ProjectKey {
  current: string;
  previous: string | null;
  previousExpiresAt: number | null;
}
interface PersonalKey {
  id: string;
  name: string;
  scopes: string[];
  hint: string;
  createdAt: number;
  lastUsedAt: number | null;
  userId: string;
}

export function KeysSettings({ slug, canRotate }: { slug: string; canRotate: boolean }) {
  const base = `/api/v1/workspaces/${slug}/keys`;
  const qc = useQueryClient();
  const [notice, setNotice] = useState<{ tone: "error" | "success"; text: string } | null>(null);
  const [created, setCreated] = useState<string | null>(null);
  const keys = useQuery({
    queryKey: [base],
    queryFn: () => api<{ projectKey: ProjectKey; personalKeys: PersonalKey[] }>(base),
  });
  const refresh = () => qc.invalidateQueries({ queryKey: [base] });

  const rotate = useMutation({
    mutationFn: () => api(`${base}/project`, { method: "POST" }),
    onSuccess: () => {
      setNotice({ tone: "success", text: "New project key made. The old one keeps working for 24 hours." });
      refresh();
    },
    onError: (e) => setNotice({ tone: "error", text: errorMessage(e) }),
  });
  const create = useMutation({
    mutationFn: (body: { name: string; scope: string }) =>
      api<{ key: string }>(base, { method: "POST", body }),
    onSuccess: (res) => {
      setCreated(res.key);
      setNotice(null);
      refresh();
    },
    onError: (e) => setNotice({ tone: "error", text: errorMessage(e) }),
  });
  const revoke = useMutation({
    mutationFn: (id: string) => api(`${base}/${id}`, { method: "DELETE" }),
    onSuccess: () => {
      setNotice({ tone: "success", text: "The key was revoked; requests with it now fail." });
      refresh();
    },
    onError: (e) => setNotice({ tone: "error", text: errorMessage(e) }),
  });

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    create.mutate({ name: String(form.get("name") ?? ""), scope: String(form.get("scope") ?? "read") });
    event.currentTarget.reset();
  }

  if (keys.isPending) return <p className="text-sm text-zinc-500">Loading keys…</p>;
  if (keys.isError) return <Alert>{errorMessage(keys.error)}</Alert>;
  const { projectKey, personalKeys } = keys.data;
  return (
    <>
      {notice && <Alert tone={notice.tone}>{notice.text}</Alert>}
      <Card
        title="Project key"
        description="The SDK sends it with every recording. It is public by nature (it sits in your page), so it can only send recordings, never read them."
        actions={
          canRotate && (
            <Button
              variant="secondary"
              disabled={rotate.isPending}
              onClick={() =>
                window.confirm("Make a new project key? The current one keeps working for 24 hours.") &&
                rotate.mutate()
              }
            >
              Rotate
            </Button>
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
        <form className="mb-4 grid gap-3 sm:grid-cols-[1fr_10rem_auto] sm:items-end" onSubmit={submit}>
          <Field label="Name" name="name" required placeholder="Support tool" />
          <Select label="Scope" name="scope" defaultValue="read">
            <option value="read">read</option>
            <option value="write">read and write</option>
          </Select>
          <Button type="submit" disabled={create.isPending}>
            Create key
          </Button>
        </form>
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
                className="min-w-0 flex-1 rounded-md border border-amber-300 bg-white px-2 py-1 font-mono text-xs dark:bg-zinc-900"
              />
              <CopyButton value={created} />
            </div>
          </div>
        )}
        {personalKeys.length === 0 ? (
          <p className="text-sm text-zinc-500">No personal keys yet.</p>
        ) : (
          <table className="w-full text-left text-sm">
            <thead className="text-xs uppercase text-zinc-500">
              <tr>
                <th className="py-2 font-medium">Name</th>
                <th className="py-2 font-medium">Key</th>
                <th className="py-2 font-medium">Scope</th>
                <th className="py-2 font-medium">Last used</th>
                <th />
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-200 dark:divide-zinc-800">
              {personalKeys.map((k) => (
                <tr key={k.id}>
                  <td className="py-2 font-medium">{k.name}</td>
                  <td className="py-2 font-mono text-xs">{k.hint}</td>
                  <td className="py-2">{k.scopes.join(", ")}</td>
                  <td className="py-2 text-zinc-500">
                    {k.lastUsedAt ? formatDateTime(k.lastUsedAt) : "never"}
                  </td>
                  <td className="py-2 text-right">
                    <Button
                      variant="ghost"
                      onClick={() => window.confirm(`Revoke "${k.name}"?`) && revoke.mutate(k.id)}
                    >
                      Revoke
                    </Button>
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
