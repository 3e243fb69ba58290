"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import { Button } from "@/components/ui/button";
import { controlClass } from "@/components/ui/control";
import { api, errorMessage } from "@/lib/api/client";
import type { StoredEvent } from "@/lib/data/events";
import { formatDateTime } from "@/lib/format";
import { replayPath } from "@/lib/replay/links";

interface Page {
  events: (StoredEvent & { offsetMs: number | null })[];
  nextCursor: string | null;
}

/** What an event says in one line: the page for a page view, the message for an exception, else its properties. */
function describe(e: StoredEvent): string {
  if (e.name === "$pageview") return e.url ?? "";
  if (e.name === "$exception") return String(e.props.message ?? "");
  return Object.entries(e.props)
    .slice(0, 6)
    .map(([k, v]) => `${k}: ${v}`)
    .join(" · ");
}

const label = (name: string) =>
  name === "$pageview" ? "Page view" : name === "$exception" ? "Exception" : name;

/** A person's events across all their sessions, newest first; each opens its replay at that moment. */
export function PersonEvents({
  workspace,
  distinctId,
  names,
  initialName,
}: {
  workspace: string;
  distinctId: string;
  names: string[];
  initialName?: string;
}) {
  const router = useRouter();
  const pathname = usePathname();
  const name = initialName && names.includes(initialName) ? initialName : "";
  const list = useInfiniteQuery({
    queryKey: ["person-events", workspace, distinctId, name],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) =>
      api<Page>(
        `/api/v1/workspaces/${workspace}/persons/${encodeURIComponent(distinctId)}/events?${new URLSearchParams(
          {
            limit: "50",
            ...(name && { name }),
            ...(pageParam && { cursor: pageParam }),
          },
        )}`,
      ),
    getNextPageParam: (last) => last.nextCursor,
  });
  const events = list.data?.pages.flatMap((p) => p.events) ?? [];
  return (
    <div className="space-y-3">
      <div className="flex items-center gap-2 text-sm">
        <label htmlFor="event-name" className="text-zinc-600 dark:text-zinc-400">
          Event
        </label>
        <select
          id="event-name"
          value={name}
          onChange={(e) =>
            router.push(
              `${pathname}?${new URLSearchParams({ tab: "events", ...(e.target.value && { event: e.target.value }) })}`,
            )
          }
          className={controlClass("sm")}
        >
          <option value="">All events</option>
          {names.map((n) => (
            <option key={n} value={n}>
              {label(n)}
            </option>
          ))}
        </select>
      </div>
      {list.isPending && <p className="text-sm text-zinc-500">Loading events…</p>}
      {list.isError && (
        <p role="alert" className="text-sm text-red-600">
          {errorMessage(list.error)}
        </p>
      )}
      {list.isSuccess && events.length === 0 && (
        <p className="rounded-xl border border-dashed border-zinc-300 p-6 text-center text-sm text-zinc-600 dark:border-zinc-700 dark:text-zinc-400">
          {name ? `No ${label(name)} events for this person.` : "No events recorded for this person."}
        </p>
      )}
      {events.length > 0 && (
        <ol
          className="divide-y divide-zinc-100 rounded-xl border border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800"
          data-testid="person-events"
        >
          {events.map((e) => (
            <li key={e.id} className="flex flex-wrap items-center gap-x-3 gap-y-1 px-3 py-2 text-sm">
              <time
                className="w-44 shrink-0 tabular-nums text-zinc-500"
                dateTime={new Date(e.at).toISOString()}
              >
                {formatDateTime(e.at)}
              </time>
              <span
                className={`shrink-0 rounded px-1.5 py-0.5 text-xs font-medium ${e.name === "$exception" ? "bg-red-100 text-red-800 dark:bg-red-950 dark:text-red-300" : "bg-zinc-100 dark:bg-zinc-800"}`}
              >
                {label(e.name)}
              </span>
              <span className="min-w-0 flex-1 truncate text-zinc-700 dark:text-zinc-300" title={describe(e)}>
                {describe(e)}
              </span>
              {e.offsetMs !== null && (
                <Link
                  href={replayPath(workspace, e.sessionId, e.offsetMs)}
                  className="shrink-0 text-brand-600 hover:underline"
                >
                  Watch ▸
                </Link>
              )}
            </li>
          ))}
        </ol>
      )}
      {list.hasNextPage && (
        <Button variant="secondary" onClick={() => list.fetchNextPage()} disabled={list.isFetchingNextPage}>
          {list.isFetchingNextPage ? "Loading…" : "Load more events"}
        </Button>
      )}
    </div>
  );
}
