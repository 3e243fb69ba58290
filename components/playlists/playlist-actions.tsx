"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmDelete } from "@/components/ui/confirm-delete";
import { Dialog } from "@/components/ui/dialog";
import { api, errorMessage } from "@/lib/api/client";
import { type PlaylistFields, PlaylistForm } from "./playlist-form";

/** Editing and deleting a playlist (members and up). */
export function PlaylistActions({
  workspace,
  playlistId,
  initial,
}: {
  workspace: string;
  playlistId: string;
  initial: PlaylistFields;
}) {
  const router = useRouter();
  const [editing, setEditing] = useState(false);
  return (
    <div className="flex items-center gap-3">
      <Dialog
        open={editing}
        onOpenChange={setEditing}
        title="Edit playlist"
        trigger={<Button variant="secondary">Edit</Button>}
      >
        <PlaylistForm
          workspace={workspace}
          playlistId={playlistId}
          initial={initial}
          submitLabel="Save changes"
          onDone={() => setEditing(false)}
        />
      </Dialog>
      <ConfirmDelete
        label="Delete playlist"
        question="Delete this playlist for everyone? Its recordings stay; its share links stop working."
        onConfirm={async () => {
          await api(`/api/v1/workspaces/${workspace}/playlists/${playlistId}`, { method: "DELETE" });
          router.push(`/${workspace}/playlists`);
          router.refresh();
        }}
      />
    </div>
  );
}

/** Pin or unpin one recording (the player's "Add to playlist" and the playlist's rows). */
export function PinToggle({
  workspace,
  playlistId,
  sessionId,
  pinned,
  label,
}: {
  workspace: string;
  playlistId: string;
  sessionId: string;
  pinned: boolean;
  /** What a pinned toggle reads (default "Unpin"). */
  label?: string;
}) {
  const router = useRouter();
  const [state, setState] = useState(pinned);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <span className="inline-flex items-center gap-2">
      <button
        type="button"
        disabled={busy}
        aria-pressed={state}
        className="rounded-md border border-zinc-300 px-2 py-0.5 text-xs hover:bg-zinc-50 disabled:opacity-50 dark:border-zinc-700 dark:hover:bg-zinc-800"
        onClick={async () => {
          setBusy(true);
          setError(null);
          try {
            await api(`/api/v1/workspaces/${workspace}/playlists/${playlistId}/recordings/${sessionId}`, {
              method: state ? "DELETE" : "PUT",
            });
            setState(!state);
            router.refresh();
          } catch (err) {
            setError(errorMessage(err));
          } finally {
            setBusy(false);
          }
        }}
      >
        {state ? (label ?? "Unpin") : "Pin"}
      </button>
      {error && (
        <span role="alert" className="text-xs text-red-600">
          {error}
        </span>
      )}
    </span>
  );
}
