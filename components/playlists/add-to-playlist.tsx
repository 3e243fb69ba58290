"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useState } from "react";
import { Button } from "@/components/ui/button";
import { api, errorMessage } from "@/lib/api/client";
import { PinToggle } from "./playlist-actions";

type Playlists = { id: string; name: string; pinned: boolean }[];

/**
 * "Add to playlist": pin or unpin this recording in any of the workspace's playlists. The player
 * page knows the playlists already; a list row asks for them when its menu opens.
 */
export function AddToPlaylist({
  workspace,
  sessionId,
  playlists: given,
  compact = false,
}: {
  workspace: string;
  sessionId: string;
  playlists?: Playlists;
  compact?: boolean;
}) {
  const [open, setOpen] = useState(false);
  // In a scrolling table an absolute menu would be clipped: the row's menu is placed on the viewport.
  const [at, setAt] = useState<{ top: number; left: number } | null>(null);
  const toggle = (e: { currentTarget: HTMLElement }) => {
    const r = e.currentTarget.getBoundingClientRect();
    setAt({ top: r.bottom + 4, left: Math.max(8, r.right - 288) });
    setOpen(!open);
  };
  useEffect(() => {
    if (!open || !compact) return;
    const close = () => setOpen(false);
    window.addEventListener("scroll", close, { passive: true, once: true });
    return () => window.removeEventListener("scroll", close);
  }, [open, compact]);
  const asked = useQuery({
    queryKey: ["playlists-pinning", workspace, sessionId],
    enabled: open && !given,
    queryFn: () =>
      api<{ playlists: Playlists }>(
        `/api/v1/workspaces/${workspace}/playlists?${new URLSearchParams({ pinned: sessionId })}`,
      ),
  });
  const playlists = given ?? asked.data?.playlists;
  return (
    <div className="relative">
      {compact ? (
        <button
          type="button"
          onClick={toggle}
          aria-expanded={open}
          aria-label="Add to playlist"
          title="Add to playlist"
          className="rounded-md border border-zinc-300 px-1.5 text-xs text-zinc-600 hover:bg-zinc-100 dark:border-zinc-700 dark:text-zinc-300 dark:hover:bg-zinc-800"
        >
          + Playlist
        </button>
      ) : (
        <Button variant="secondary" onClick={toggle} aria-expanded={open} data-testid="add-to-playlist">
          Add to playlist
        </Button>
      )}
      {open && (
        <div
          className={`z-20 w-72 space-y-2 rounded-xl border border-zinc-200 bg-white p-3 text-left text-sm shadow-lg dark:border-zinc-800 dark:bg-zinc-900 ${compact ? "fixed" : "absolute mt-1"}`}
          style={compact && at ? at : undefined}
        >
          {!playlists ? (
            asked.isError ? (
              <p role="alert" className="text-red-600">
                {errorMessage(asked.error)}
              </p>
            ) : (
              <p className="text-zinc-500">Loading playlists…</p>
            )
          ) : playlists.length === 0 ? (
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
