"use client";

import { useState } from "react";
import { api, errorMessage } from "@/lib/api/client";
import type { Comment } from "@/lib/data/comments";
import { formatDateTime } from "@/lib/format";
import { clock } from "./clock";

/** Comments at moments of the recording: members write, authors edit and delete, admins delete any. */
export function CommentsPanel({
  base,
  comments,
  onChange,
  currentMs,
  onSeek,
  viewer,
}: {
  base: string;
  comments: Comment[];
  onChange: (comments: Comment[]) => void;
  currentMs: number;
  onSeek: (ms: number) => void;
  viewer: { userId: string; canComment: boolean; canModerate: boolean };
}) {
  const [text, setText] = useState("");
  const [at, setAt] = useState<number | null>(null);
  const [editing, setEditing] = useState<{ id: string; text: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const sorted = [...comments].sort((a, b) => a.atMs - b.atMs || a.createdAt - b.createdAt);

  async function run(action: () => Promise<void>) {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  const add = () =>
    run(async () => {
      const { comment } = await api<{ comment: Comment }>(`${base}/comments`, {
        method: "POST",
        body: { atMs: Math.round(at ?? currentMs), text },
      });
      onChange([...comments, comment]);
      setText("");
      setAt(null);
    });

  return (
    <div className="flex h-full flex-col gap-3">
      {viewer.canComment ? (
        <form
          className="space-y-2"
          onSubmit={(e) => {
            e.preventDefault();
            void add();
          }}
        >
          <label className="block text-sm font-medium" htmlFor="new-comment">
            Comment at <span className="tabular-nums">{clock(at ?? currentMs)}</span>
          </label>
          <textarea
            id="new-comment"
            value={text}
            onFocus={() => at === null && setAt(currentMs)}
            onChange={(e) => setText(e.target.value)}
            rows={2}
            maxLength={2000}
            placeholder="What happens here?"
            className="w-full rounded-md border border-zinc-300 bg-white px-2 py-1 text-sm dark:border-zinc-700 dark:bg-zinc-900"
          />
          <button
            type="submit"
            disabled={busy || !text.trim()}
            className="rounded-md bg-brand-600 px-3 py-1 text-sm font-medium text-white disabled:opacity-50"
          >
            Add comment
          </button>
        </form>
      ) : (
        <p className="text-sm text-zinc-500">Viewers can read comments; members and admins can write them.</p>
      )}
      {error && (
        <p role="alert" className="text-sm text-red-600">
          {error}
        </p>
      )}
      {sorted.length === 0 ? (
        <p className="text-sm text-zinc-500">No comments yet.</p>
      ) : (
        <ul className="min-h-0 flex-1 space-y-2 overflow-y-auto" data-testid="comments">
          {sorted.map((c) => (
            <li key={c.id} className="rounded-lg border border-zinc-200 p-2 text-sm dark:border-zinc-800">
              <div className="flex items-baseline justify-between gap-2">
                <button
                  type="button"
                  onClick={() => onSeek(c.atMs)}
                  className="font-medium tabular-nums text-brand-600 hover:underline"
                  title="Go to this moment"
                >
                  {clock(c.atMs)}
                </button>
                <span className="truncate text-xs text-zinc-500">
                  {c.author} · {formatDateTime(c.createdAt)}
                  {c.updatedAt ? " · edited" : ""}
                </span>
              </div>
              {editing?.id === c.id ? (
                <form
                  className="mt-1 space-y-1"
                  onSubmit={(e) => {
                    e.preventDefault();
                    void run(async () => {
                      const { comment } = await api<{ comment: Comment }>(`${base}/comments/${c.id}`, {
                        method: "PATCH",
                        body: { text: editing.text },
                      });
                      onChange(comments.map((x) => (x.id === c.id ? comment : x)));
                      setEditing(null);
                    });
                  }}
                >
                  <textarea
                    aria-label="Edit comment"
                    value={editing.text}
                    onChange={(e) => setEditing({ id: c.id, text: e.target.value })}
                    rows={2}
                    className="w-full rounded-md border border-zinc-300 bg-white px-2 py-1 dark:border-zinc-700 dark:bg-zinc-900"
                  />
                  <div className="flex gap-2">
                    <button type="submit" disabled={busy} className="text-brand-600 hover:underline">
                      Save
                    </button>
                    <button type="button" onClick={() => setEditing(null)} className="hover:underline">
                      Cancel
                    </button>
                  </div>
                </form>
              ) : (
                <p className="mt-1 whitespace-pre-wrap break-words" data-testid="comment-text">
                  {c.text}
                </p>
              )}
              {editing?.id !== c.id &&
                (c.userId === viewer.userId || viewer.canModerate) &&
                viewer.canComment && (
                  <div className="mt-1 flex gap-3 text-xs">
                    {c.userId === viewer.userId && (
                      <button
                        type="button"
                        onClick={() => setEditing({ id: c.id, text: c.text })}
                        className="hover:underline"
                      >
                        Edit
                      </button>
                    )}
                    <button
                      type="button"
                      disabled={busy}
                      onClick={() =>
                        run(async () => {
                          await api(`${base}/comments/${c.id}`, { method: "DELETE" });
                          onChange(comments.filter((x) => x.id !== c.id));
                        })
                      }
                      className="text-red-600 hover:underline"
                    >
                      Delete
                    </button>
                  </div>
                )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
