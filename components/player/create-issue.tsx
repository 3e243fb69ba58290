"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Alert, Field, Select } from "@/components/ui/field";
import { api, errorMessage } from "@/lib/api/client";
import type { Comment } from "@/lib/data/comments";
import type { LinkedIssue } from "@/lib/data/linked-issues";
import { clock } from "./clock";

const NAMES = { github: "GitHub", linear: "Linear", jira: "Jira" } as const;
type Provider = keyof typeof NAMES;

/**
 * "Create issue" at the playhead (or at a comment's moment, with its text): the title is editable,
 * the body is written on the server (summary, person, browser/OS, last errors, link to that second).
 * The recording's linked issues are listed beside the button, the new one included.
 */
export function CreateIssue({
  base,
  providers,
  linked,
  canCreate,
  currentMs,
  comments,
}: {
  base: string;
  providers: Provider[];
  linked: LinkedIssue[];
  canCreate: boolean;
  currentMs: number;
  comments: Comment[];
}) {
  const [issues, setIssues] = useState(linked);
  const [open, setOpen] = useState(false);
  const [provider, setProvider] = useState<Provider>(providers[0] ?? "github");
  const [title, setTitle] = useState("");
  const [commentId, setCommentId] = useState("");
  const [atMs, setAtMs] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const comment = comments.find((c) => c.id === commentId);
  const moment = comment ? comment.atMs : atMs;

  async function submit() {
    setBusy(true);
    setError(null);
    try {
      const { issue } = await api<{ issue: LinkedIssue }>(`${base}/issues`, {
        method: "POST",
        body: {
          provider,
          atMs: Math.round(moment),
          ...(title.trim() && { title: title.trim() }),
          ...(comment && { commentId: comment.id }),
        },
      });
      setIssues((list) => [...list, issue]);
      setOpen(false);
      setTitle("");
      setCommentId("");
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      {issues.map((i) => (
        <a
          key={i.id}
          href={i.url}
          target="_blank"
          rel="noreferrer"
          title={i.title}
          className="rounded-md bg-brand-50 px-2 py-0.5 text-xs text-brand-700 hover:underline dark:bg-brand-500/15 dark:text-brand-100"
          data-testid="linked-issue"
        >
          {NAMES[i.provider]} {i.key}
        </a>
      ))}
      {canCreate && providers.length > 0 && (
        <Dialog
          open={open}
          onOpenChange={(o) => {
            setOpen(o);
            if (o) {
              setAtMs(currentMs);
              setError(null);
            }
          }}
          title="Create issue"
          description="The issue gets the session summary, the person, browser and OS, the last errors before this moment, and a link to the recording at it."
          trigger={
            <button
              type="button"
              className="rounded-md border border-zinc-300 px-2 py-0.5 dark:border-zinc-700"
              data-testid="create-issue"
            >
              Create issue at {clock(currentMs)}
            </button>
          }
        >
          <form
            className="space-y-3"
            onSubmit={(e) => {
              e.preventDefault();
              void submit();
            }}
          >
            {providers.length > 1 && (
              <Select
                label="Tracker"
                value={provider}
                onChange={(e) => setProvider(e.target.value as Provider)}
              >
                {providers.map((p) => (
                  <option key={p} value={p}>
                    {NAMES[p]}
                  </option>
                ))}
              </Select>
            )}
            <Field
              label="Title"
              name="title"
              placeholder="Leave empty for one naming the first error"
              maxLength={250}
              value={title}
              onChange={(e) => setTitle(e.target.value)}
            />
            {comments.length > 0 && (
              <Select label="From a comment" value={commentId} onChange={(e) => setCommentId(e.target.value)}>
                <option value="">None: at the playhead ({clock(atMs)})</option>
                {comments.map((c) => (
                  <option key={c.id} value={c.id}>
                    {clock(c.atMs)} {c.author}: {c.text.slice(0, 60)}
                  </option>
                ))}
              </Select>
            )}
            {error && <Alert>{error}</Alert>}
            <Button type="submit" disabled={busy} data-testid="create-issue-submit">
              {busy ? "Creating…" : `Create in ${NAMES[provider]} at ${clock(moment)}`}
            </Button>
          </form>
        </Dialog>
      )}
    </>
  );
}
