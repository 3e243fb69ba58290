"use client";

import { useRouter } from "next/navigation";
import { ConfirmDelete } from "@/components/ui/confirm-delete";
import { api } from "@/lib/api/client";

export function DeletePerson({
  workspace,
  distinctId,
  sessions,
}: {
  workspace: string;
  distinctId: string;
  sessions: number;
}) {
  const router = useRouter();
  return (
    <div className="max-w-sm">
      <ConfirmDelete
        label="Delete person"
        question={`Delete ${distinctId} with all ${sessions} recording${sessions === 1 ? "" : "s"}, their events and properties? This is for erasure requests and cannot be undone.`}
        onConfirm={async () => {
          await api(`/api/v1/workspaces/${workspace}/persons/${encodeURIComponent(distinctId)}`, {
            method: "DELETE",
          });
          router.push(`/${workspace}/persons`);
          router.refresh();
        }}
      />
    </div>
  );
}
