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
  const base = `/api/v1/workspaces/${workspace}/persons/${encodeURIComponent(distinctId)}`;
  return (
    <div className="max-w-sm space-y-1">
      {sessions > 0 && (
        <ConfirmDelete
          label="Delete their recordings"
          question={`Delete all ${sessions} recording${sessions === 1 ? "" : "s"} of ${distinctId} with their events? The person goes too when nothing of theirs is left. This cannot be undone.`}
          onConfirm={async () => {
            const { sessions: deleted } = await api<{ sessions: number }>(`${base}/recordings`, {
              method: "DELETE",
            });
            // Land on this person's page saying what happened, even when nothing of theirs is left.
            router.replace(`/${workspace}/persons/${encodeURIComponent(distinctId)}?deleted=${deleted}`);
            router.refresh();
          }}
        />
      )}
      <ConfirmDelete
        label="Delete everything from this id"
        question={`Delete ${distinctId} with all ${sessions} recording${sessions === 1 ? "" : "s"}, their events and properties? This is for erasure requests and cannot be undone.`}
        onConfirm={async () => {
          await api(base, { method: "DELETE" });
          router.push(`/${workspace}/persons`);
          router.refresh();
        }}
      />
    </div>
  );
}
