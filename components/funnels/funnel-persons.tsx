"use client";

import Link from "next/link";
import { useEffect, useRef } from "react";
import { PersonName } from "@/components/persons/person-name";
import { formatRelative } from "@/components/recordings/format";
import { errorMessage } from "@/lib/api/client";
import type { FunnelDefinition } from "@/lib/data/funnels";
import { formatDateTime, formatNumber } from "@/lib/format";
import { type PersonsRequest, useFunnelPersons } from "@/lib/queries/funnels";
import { replayPath } from "@/lib/replay/links";

export type { PersonsRequest };

/**
 * The persons behind a bar, each with a link to the recording where they took their last step
 * (for drop-offs: where they gave up), opened at that moment.
 */
export function FunnelPersons({
  workspace,
  funnel,
  request,
  onClose,
}: {
  workspace: string;
  funnel: Omit<FunnelDefinition, "name">;
  request: PersonsRequest;
  onClose: () => void;
}) {
  const heading = useRef<HTMLHeadingElement>(null);
  const q = useFunnelPersons(workspace, funnel, request);
  useEffect(() => heading.current?.focus(), []);
  const step = request.step + 1;
  const title =
    request.outcome === "converted"
      ? `Reached step ${step}`
      : `Dropped off after step ${request.step}, before step ${step}`;
  const now = Date.now();
  return (
    <section
      className="rounded-xl border border-zinc-200 p-4 dark:border-zinc-800"
      aria-labelledby="funnel-persons-title"
      data-testid="funnel-persons"
    >
      <header className="mb-3 flex items-start justify-between gap-3">
        <h2 id="funnel-persons-title" ref={heading} tabIndex={-1} className="font-semibold outline-none">
          {title}
          {request.breakdownValue ? ` · ${request.breakdownValue}` : ""}
          {q.data ? ` · ${formatNumber(q.data.total)} ${q.data.total === 1 ? "person" : "persons"}` : ""}
        </h2>
        <button type="button" onClick={onClose} className="text-sm text-zinc-500 hover:underline">
          Close
        </button>
      </header>
      {q.isPending && <p className="text-sm text-zinc-500">Loading persons…</p>}
      {q.isError && (
        <p role="alert" className="text-sm text-red-600">
          {errorMessage(q.error)}
        </p>
      )}
      {q.data && q.data.persons.length === 0 && <p className="text-sm text-zinc-500">Nobody.</p>}
      {q.data && q.data.persons.length > 0 && (
        <ul className="divide-y divide-zinc-100 text-sm dark:divide-zinc-800">
          {q.data.persons.map((p) => (
            <li key={p.distinctId} className="flex flex-wrap items-center gap-x-3 gap-y-1 py-2">
              <Link
                href={`/${workspace}/persons/${encodeURIComponent(p.distinctId)}`}
                className="min-w-0 flex-1 truncate font-medium hover:underline"
              >
                <PersonName id={p.distinctId} />
              </Link>
              <span className="text-zinc-500" title={formatDateTime(p.at)}>
                step {request.outcome === "converted" ? step : request.step} {formatRelative(p.at, now)}
              </span>
              <Link
                href={replayPath(workspace, p.sessionId, p.offsetMs)}
                className="text-brand-600 hover:underline"
                data-testid="funnel-replay-link"
              >
                {request.outcome === "dropped" ? "Watch where they stopped ▸" : "Watch this step ▸"}
              </Link>
            </li>
          ))}
        </ul>
      )}
      {q.data && q.data.total > q.data.persons.length && (
        <p className="mt-2 text-xs text-zinc-500">Showing the {q.data.persons.length} most recent.</p>
      )}
    </section>
  );
}
