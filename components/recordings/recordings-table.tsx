"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect } from "react";
import { PersonName } from "@/components/persons/person-name";
import { AddToPlaylist } from "@/components/playlists/add-to-playlist";
import { Button } from "@/components/ui/button";
import { api, errorMessage } from "@/lib/api/client";
import { formatDateTime, formatNumber } from "@/lib/format";
import type { ListedSession } from "@/lib/search/annotate";
import { printSearch } from "@/lib/search/print";
import { ActivitySparkline } from "./activity-sparkline";
import { DeviceIcon } from "./device-icon";
import { formatDuration, formatRelative, signalBadges } from "./format";
import { listFrom, rememberList } from "./list-memory";
import { sessionSentence } from "./session-sentence";

interface Page {
  sessions: ListedSession[];
  nextCursor: string | null;
}

/** The list: the first page comes rendered from the server, later pages through react-query. */
export function RecordingsTable({
  workspace,
  query,
  initial,
  renderedAt,
  canPin = false,
}: {
  workspace: string;
  query: Record<string, string>;
  initial: Page;
  renderedAt: number;
  /** Members and up pin rows to playlists from the list. */
  canPin?: boolean;
}) {
  const list = useInfiniteQuery({
    queryKey: ["recordings", workspace, query],
    initialPageParam: null as string | null,
    initialData: { pages: [initial], pageParams: [null] },
    queryFn: ({ pageParam }) =>
      api<Page>(
        `/api/v1/workspaces/${workspace}/recordings?${new URLSearchParams({ ...query, ...(pageParam && { cursor: pageParam }), limit: "50" })}`,
      ),
    getNextPageParam: (last) => last.nextCursor,
    staleTime: Number.POSITIVE_INFINITY,
  });
  const sessions = list.data.pages.flatMap((p) => p.sessions);
  useEffect(
    () =>
      rememberList(
        workspace,
        query,
        sessions.map((s) => s.id),
      ),
    [workspace, query, sessions],
  );
  return (
    <>
      <div className="overflow-x-auto rounded-xl border border-zinc-200 dark:border-zinc-800">
        <table className="w-full min-w-[720px] text-left text-sm" data-testid="recordings">
          <thead className="bg-zinc-50 text-xs uppercase text-zinc-500 dark:bg-zinc-900">
            <tr>
              <th className="px-3 py-2 font-medium">Person</th>
              <th className="px-3 py-2 font-medium">What happened</th>
              <th className="px-3 py-2 font-medium">Started</th>
              <th className="px-3 py-2 font-medium">Duration</th>
              <th className="px-3 py-2 font-medium" title="Share of the time with input or pointer activity">
                Active
              </th>
              <th className="px-3 py-2 font-medium">Clicks</th>
              <th className="px-3 py-2 font-medium">Device</th>
              {canPin && <th className="px-3 py-2" />}
            </tr>
          </thead>
          <tbody className="divide-y divide-zinc-200 dark:divide-zinc-800">
            {sessions.map((s) => (
              <tr key={s.id} className="hover:bg-zinc-50 dark:hover:bg-zinc-900" data-session-id={s.id}>
                <td className="max-w-48 truncate px-3 py-2 font-medium">
                  <span
                    className={`mr-1.5 inline-block size-2 rounded-full ${s.watched ? "bg-transparent" : "bg-brand-500"}`}
                    title={s.watched ? "You watched this recording" : "Not watched by you yet"}
                    data-watched={s.watched ? "yes" : "no"}
                  />
                  <span className="sr-only">{s.watched ? "Watched. " : "Not watched. "}</span>
                  <Link
                    href={`/${workspace}/recordings/${s.id}?${new URLSearchParams({ from: listFrom(query) })}`}
                    data-row-link
                    className="rounded hover:underline focus:outline-2 focus:outline-brand-500"
                  >
                    <PersonName id={s.fields.distinctId} />
                  </Link>
                  <Link
                    href={`/${workspace}/persons/${encodeURIComponent(s.fields.distinctId)}`}
                    className="ml-1 text-xs font-normal text-zinc-500 hover:underline"
                    title="This person: their recordings, events and properties"
                  >
                    person
                  </Link>
                </td>
                <td className="px-3 py-2">
                  <div data-testid="session-sentence">{sessionSentence(s.fields, s.durationMs)}</div>
                  <div className="mt-1 flex flex-wrap gap-1">
                    {s.tags.map((t) => (
                      <Link
                        key={`tag-${t}`}
                        href={`/${workspace}/recordings?${new URLSearchParams({ q: printSearch({ expr: { kind: "tag", value: t } }) })}`}
                        className="rounded-full bg-brand-50 px-2 py-0.5 text-xs text-brand-700 hover:underline dark:bg-brand-500/15 dark:text-brand-100"
                        data-tag={t}
                      >
                        #{t}
                      </Link>
                    ))}
                    {signalBadges(s.fields).map((b) => (
                      <span
                        key={b.label}
                        className="rounded-full bg-red-50 px-2 py-0.5 text-xs text-red-700 dark:bg-red-950 dark:text-red-300"
                      >
                        {b.label}
                        {b.count > 1 ? ` ×${b.count}` : ""}
                      </span>
                    ))}
                  </div>
                </td>
                <td className="px-3 py-2 text-zinc-600 dark:text-zinc-400">
                  <time dateTime={new Date(s.startedAt).toISOString()} title={formatDateTime(s.startedAt)}>
                    {formatRelative(s.startedAt, renderedAt)}
                  </time>
                </td>
                <td className="px-3 py-2 tabular-nums">
                  {formatDuration(s.durationMs)}
                  <ActivitySparkline slices={s.activity ?? []} durationMs={s.durationMs} />
                </td>
                <td className="px-3 py-2 tabular-nums">
                  {s.durationMs > 0
                    ? `${Math.min(100, Math.round((s.fields.activeMs / s.durationMs) * 100))}%`
                    : "—"}
                </td>
                <td className="px-3 py-2 tabular-nums">{formatNumber(s.fields.clickCount)}</td>
                <td className="px-3 py-2 text-zinc-600 dark:text-zinc-400">
                  <DeviceIcon device={s.fields.device} />
                  {[s.fields.browser, s.fields.os, s.fields.country !== "unknown" ? s.fields.country : null]
                    .filter(Boolean)
                    .join(" · ")}
                </td>
                {canPin && (
                  <td className="px-3 py-2 text-right">
                    <AddToPlaylist workspace={workspace} sessionId={s.id} compact />
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="flex items-center gap-1.5 text-xs text-zinc-500" data-testid="watched-legend">
        <span aria-hidden className="inline-block size-2 rounded-full bg-brand-500" />
        not watched by you yet
      </p>
      {list.isFetchNextPageError && (
        <p role="alert" className="text-sm text-red-600">
          {errorMessage(list.error)}
        </p>
      )}
      {list.hasNextPage && (
        <Button
          variant="secondary"
          onClick={() => list.fetchNextPage()}
          disabled={list.isFetchingNextPage}
          data-testid="load-more"
        >
          {list.isFetchingNextPage ? "Loading…" : "Load more recordings"}
        </Button>
      )}
    </>
  );
}
