"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { z } from "zod";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Form, FormError, SelectField, SubmitButton, TextField, useZodForm } from "@/components/ui/form";
import { api } from "@/lib/api/client";
import { useApiMutation } from "@/lib/queries/mutation";
import { SORT_LABELS, SORT_OPTIONS } from "@/lib/search/sorts";

const SORTS = SORT_OPTIONS.map((value) => ({ value, label: SORT_LABELS[value] }));

export interface PlaylistFields {
  name: string;
  description: string;
  query: string;
  sort: string;
}

/** What the form checks before sending; the server checks again (lib/data/playlists.ts playlistInput). */
const playlistFields = z.object({
  name: z.string().trim().min(1, "Name the playlist.").max(100, "Keep the name under 100 characters."),
  description: z.string().trim().max(500, "Keep the description under 500 characters."),
  query: z.string().trim().max(2000, "Keep the search under 2,000 characters."),
  sort: z.enum(SORT_OPTIONS, "Choose an order."),
});

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
  const form = useZodForm(playlistFields, initial);
  const base = `/api/v1/workspaces/${workspace}/playlists`;
  // The playlist pages are server-rendered: the one the form lands on is fetched fresh (refreshServer).
  const save = useApiMutation({
    mutationFn: (fields: z.infer<typeof playlistFields>) =>
      api<{ playlist: { id: string } }>(playlistId ? `${base}/${playlistId}` : base, {
        method: playlistId ? "PUT" : "POST",
        body: fields,
      }),
    refreshServer: true,
    success: null,
    onSuccess: ({ playlist }) => {
      onDone?.();
      router.push(`/${workspace}/playlists/${playlist.id}`);
    },
  });
  return (
    <Form form={form} className="space-y-3" onSubmit={(values) => save.mutateAsync(values)}>
      <FormError />
      <TextField name="name" label="Name" required maxLength={100} placeholder="Checkout rage clicks" />
      <TextField
        name="description"
        label="Description"
        maxLength={500}
        placeholder="What the team should look for"
      />
      <TextField
        name="query"
        label="Search"
        maxLength={2000}
        placeholder="signal:rage page:/checkout"
        hint="Recordings matching it now and later join the playlist. Leave empty to only pin recordings by hand."
      />
      <SelectField name="sort" label="Order" options={SORTS} />
      <div className="flex gap-2">
        <SubmitButton pending="Saving…">{submitLabel}</SubmitButton>
        {onDone && (
          <Button variant="ghost" onClick={onDone}>
            Cancel
          </Button>
        )}
      </div>
    </Form>
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
