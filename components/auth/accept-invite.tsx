"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/field";
import { api, errorMessage } from "@/lib/api/client";

export function AcceptInvite({
  token,
  workspaceName,
  role,
}: {
  token: string;
  workspaceName: string;
  role: string;
}) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function accept() {
    setPending(true);
    setError(null);
    try {
      const { workspace } = await api<{ workspace: { slug: string } }>(
        `/api/v1/invites/${encodeURIComponent(token)}`,
        { method: "POST" },
      );
      router.push(`/${workspace.slug}/recordings`);
      router.refresh();
    } catch (e) {
      setError(errorMessage(e));
      setPending(false);
    }
  }

  return (
    <div className="space-y-4">
      <h1 className="text-xl font-semibold">Join {workspaceName}</h1>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        You are invited as <strong>{role}</strong>.
      </p>
      {error && <Alert>{error}</Alert>}
      <Button className="w-full" onClick={accept} disabled={pending}>
        {pending ? "Joining…" : `Join ${workspaceName}`}
      </Button>
    </div>
  );
}
