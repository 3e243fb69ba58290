"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Alert, Field, Select } from "@/components/ui/field";
import { api, errorMessage } from "@/lib/api/client";
import { SORT_LABELS } from "@/lib/search/sorts";

const SORTS = Object.entries(SORT_LABELS);

export interface PlaylistFields {
  name: string;
  description: string;
  query: string;
  sort: string;
}

/**
 * Creates or edits a playlist. From the recordings page it carries that page's search ("Save as
 * playlist"); a playlist without a search holds only recordings pinned to it.
 */
export function PlaylistForm({
  workspace,
  initial,
  playlistId,
  submitLabel,
  onDone,
}: {
  workspace: string;
  initial: PlaylistFields;
  playlistId?: string;
  submitLabel: string;
  onDone?: () => void;
}) {
  const router = useRouter();
  const [fields, setFields] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (k: keyof PlaylistFields) => (e: { target: { value: string } }) =>
    setFields((f) => ({ ...f, [k]: e.target.value }));
  return (
    <form
      className="space-y-3"
      onSubmit={async (e) => {
        e.preventDefault();
        setBusy(true);
        setError(null);
        try {
          const base = `/api/v1/workspaces/${workspace}/playlists`;
          const { playlist } = await api<{ playlist: { id: string } }>(
            playlistId ? `${base}/${playlistId}` : base,
            { method: playlistId ? "PUT" : "POST", body: fields },
          );
          onDone?.();
          router.push(`/${workspace}/playlists/${playlist.id}`);
          router.refresh();
        } catch (err) {
          setError(errorMessage(err));
        } finally {
          setBusy(false);
        }
      }}
    >
      {error && <Alert>{error}</Alert>}
      <Field
        label="Name"
        value={fields.name}
        onChange={set("name")}
        required
        maxLength={100}
        placeholder="Checkout rage clicks"
      />
      <Field
        label="Description"
        value={fields.description}
        onChange={set("description")}
        maxLength={500}
        placeholder="What the team should look for"
      />
      <Field
        label="Search"
        value={fields.query}
        onChange={set("query")}
        maxLength={2000}
        placeholder="signal:rage page:/checkout"
        hint="Recordings matching it now and later join the playlist. Leave empty to only pin recordings by hand."
      />
      <Select label="Order" value={fields.sort} onChange={set("sort")}>
        {SORTS.map(([v, label]) => (
          <option key={v} value={v}>
            {label}
          </option>
        ))}
      </Select>
      <div className="flex gap-2">
        <Button type="submit" disabled={busy || !fields.name.trim()}>
          {busy ? "Saving…" : submitLabel}
        </Button>
        {onDone && (
          <Button variant="ghost" onClick={onDone}>
            Cancel
          </Button>
        )}
      </div>
    </form>
  );
}

/** "Save as playlist" on the recordings page: the current search and order, named. */
export function SaveAsPlaylist({
  workspace,
  query,
  sort,
}: {
  workspace: string;
  query: string;
  sort: string;
}) {
  const [open, setOpen] = useState(false);
  return (
    <Dialog
      open={open}
      onOpenChange={setOpen}
      title="Save as playlist"
      description="The search and order of this page, named, for everyone in the workspace."
      trigger={
        <Button variant="secondary" data-testid="save-as-playlist">
          Save as playlist
        </Button>
      }
    >
      <PlaylistForm
        workspace={workspace}
        initial={{ name: "", description: "", query, sort }}
        submitLabel="Save playlist"
        onDone={() => setOpen(false)}
      />
    </Dialog>
  );
}
