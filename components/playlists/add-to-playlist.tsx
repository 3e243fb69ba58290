"use client";

import Link from "next/link";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { PinToggle } from "./playlist-actions";

/** The player's "Add to playlist": pin or unpin this recording in any of the workspace's playlists. */
export function AddToPlaylist({
  workspace,
  sessionId,
  playlists,
}: {
  workspace: string;
  sessionId: string;
  playlists: { id: string; name: string; pinned: boolean }[];
}) {
  const [open, setOpen] = useState(false);
  return (
    <div className="relative">
      <Button
        variant="secondary"
        onClick={() => setOpen(!open)}
        aria-expanded={open}
        data-testid="add-to-playlist"
      >
        Add to playlist
      </Button>
      {open && (
        <div className="absolute z-20 mt-1 w-72 space-y-2 rounded-xl border border-zinc-200 bg-white p-3 text-sm shadow-lg dark:border-zinc-800 dark:bg-zinc-900">
          {playlists.length === 0 ? (
            <p className="text-zinc-600 dark:text-zinc-400">
              No playlists yet.{" "}
              <Link href={`/${workspace}/playlists`} className="text-brand-600 hover:underline">
                Create one
              </Link>
              .
            </p>
          ) : (
            <ul className="max-h-64 space-y-1 overflow-y-auto">
              {playlists.map((p) => (
                <li key={p.id} className="flex items-center justify-between gap-2">
                  <span className="truncate">{p.name}</span>
                  <PinToggle
                    workspace={workspace}
                    playlistId={p.id}
                    sessionId={sessionId}
                    pinned={p.pinned}
                    label="✓ Pinned"
                  />
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}
