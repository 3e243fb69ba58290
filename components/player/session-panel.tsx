"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { formatDuration } from "@/components/recordings/format";
import { ConfirmDelete } from "@/components/ui/confirm-delete";
import { api, errorMessage } from "@/lib/api/client";
import type { PageVisit } from "@/lib/replay/timeline";
import { printSearch } from "@/lib/search/print";

/** Who, when, where and on what; the pages with time spent; tags; and deleting the recording. */
export function SessionPanel({
  workspace,
  base,
  sessionId,
  facts,
  pages,
  origin,
  onSeek,
  tags,
  onTags,
  canTag,
  canDelete,
  backHref,
}: {
  workspace: string;
  base: string;
  sessionId: string;
  facts: { label: string; value: string; href?: string }[];
  pages: PageVisit[];
  origin: number;
  onSeek: (ms: number) => void;
  tags: string[];
  onTags: (tags: string[]) => void;
  canTag: boolean;
  canDelete: boolean;
  backHref: string;
}) {
  const router = useRouter();
  const [tag, setTag] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [copied, setCopied] = useState(false);

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

  return (
    <div className="space-y-4 overflow-y-auto text-sm">
      <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1">
        {facts.map((f) => (
          <div key={f.label} className="contents">
            <dt className="text-zinc-500">{f.label}</dt>
            <dd className="min-w-0 truncate" title={f.value}>
              {f.href ? (
                <a href={f.href} className="text-brand-600 hover:underline">
                  {f.value}
                </a>
              ) : (
                f.value
              )}
            </dd>
          </div>
        ))}
        <dt className="text-zinc-500">Session id</dt>
        <dd className="flex min-w-0 items-center gap-2">
          <code className="truncate text-xs">{sessionId}</code>
          <button
            type="button"
            className="text-xs text-brand-600 hover:underline"
            onClick={async () => {
              await navigator.clipboard?.writeText(sessionId).catch(() => {});
              setCopied(true);
              setTimeout(() => setCopied(false), 1500);
            }}
          >
            {copied ? "Copied" : "Copy"}
          </button>
        </dd>
      </dl>

      <section>
        <h3 className="mb-1 font-semibold">Pages</h3>
        {pages.length === 0 ? (
          <p className="text-zinc-500">No page views recorded in the loaded part.</p>
        ) : (
          <ol className="space-y-0.5" data-testid="pages">
            {pages.map((p) => (
              <li key={`${p.at}-${p.url}`}>
                <button
                  type="button"
                  onClick={() => onSeek(Math.max(0, p.at - origin))}
                  className="flex w-full justify-between gap-2 rounded px-1 text-left hover:bg-zinc-100 dark:hover:bg-zinc-800"
                >
                  <span className="truncate" title={p.url}>
                    {p.url.replace(/^https?:\/\/[^/]+/, "") || "/"}
                  </span>
                  <span className="shrink-0 tabular-nums text-zinc-500">{formatDuration(p.durationMs)}</span>
                </button>
              </li>
            ))}
          </ol>
        )}
      </section>

      {(tags.length > 0 || canTag) && (
        <section>
          <h3 className="mb-1 font-semibold">Tags</h3>
          <ul className="flex flex-wrap gap-1" data-testid="tags">
            {tags.length === 0 && <li className="text-zinc-500">No tags.</li>}
            {tags.map((t) => (
              <li
                key={t}
                className="flex items-center gap-1 rounded-full bg-brand-50 px-2 py-0.5 text-xs text-brand-700 dark:bg-brand-500/15 dark:text-brand-100"
              >
                <a
                  href={`/${workspace}/recordings?${new URLSearchParams({ q: printSearch({ expr: { kind: "tag", value: t } }) })}`}
                  className="hover:underline"
                >
                  #{t}
                </a>
                {canTag && (
                  <button
                    type="button"
                    aria-label={`Remove tag ${t}`}
                    disabled={busy}
                    onClick={() =>
                      run(async () => {
                        const r = await api<{ tags: string[] }>(`${base}/tags/${encodeURIComponent(t)}`, {
                          method: "DELETE",
                        });
                        onTags(r.tags);
                      })
                    }
                  >
                    ×
                  </button>
                )}
              </li>
            ))}
          </ul>
          {canTag && (
            <form
              className="mt-2 flex gap-2"
              onSubmit={(e) => {
                e.preventDefault();
                void run(async () => {
                  const r = await api<{ tags: string[] }>(`${base}/tags`, { method: "POST", body: { tag } });
                  onTags(r.tags);
                  setTag("");
                });
              }}
            >
              <input
                value={tag}
                onChange={(e) => setTag(e.target.value)}
                placeholder="confirmed-bug"
                aria-label="New tag"
                maxLength={50}
                className="min-w-0 flex-1 rounded-md border border-zinc-300 bg-white px-2 py-1 dark:border-zinc-700 dark:bg-zinc-900"
              />
              <button
                type="submit"
                disabled={busy || !tag.trim()}
                className="rounded-md border border-zinc-300 px-2 py-1 disabled:opacity-50 dark:border-zinc-700"
              >
                Add tag
              </button>
            </form>
          )}
        </section>
      )}

      {error && (
        <p role="alert" className="text-red-600">
          {error}
        </p>
      )}

      {canDelete && (
        <section className="border-t border-zinc-200 pt-3 dark:border-zinc-800">
          <ConfirmDelete
            label="Delete recording"
            question="Delete this recording for everyone? Its stored events, comments and tags are removed and cannot be brought back."
            onConfirm={async () => {
              await api(base, { method: "DELETE" });
              router.push(backHref);
              router.refresh();
            }}
          />
        </section>
      )}
    </div>
  );
}
