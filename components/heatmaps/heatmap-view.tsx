"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { type Range, RangeControls } from "@/components/recordings/time-range";
import { controlClass } from "@/components/ui/control";
import { DataTable, type TableColumn } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { Alert } from "@/components/ui/field";
import { api, errorMessage } from "@/lib/api/client";
import { formatDateTime, formatNumber } from "@/lib/format";
import type { Heatmap, HeatViewLayer } from "@/lib/heatmaps/query";
import { HeatFrame } from "./heat-frame";

const LAYERS: { value: HeatViewLayer; label: string }[] = [
  { value: "clicks", label: "Clicks" },
  { value: "elements", label: "Clicks by element" },
  { value: "rage", label: "Rage clicks" },
  { value: "dead", label: "Dead clicks" },
  { value: "moves", label: "Mouse moves" },
  { value: "scroll", label: "Scroll depth" },
];
const WIDTHS = ["desktop", "tablet", "mobile"] as const;
type Width = (typeof WIDTHS)[number];

const DAY_MS = 86_400_000;
const day = (at: number) => new Date(at).toISOString().slice(0, 10);
const pct = (x: number) => `${Math.round(x * 100)}%`;

const control = controlClass("sm", "py-1.5");
/** The range as the heatmap route reads it: whole UTC days, `to` inclusive; a missing end is the route's default. */
const rangeParams = (r: Range) => ({
  ...(r.after !== undefined ? { from: day(r.after) } : {}),
  ...(r.before !== undefined ? { to: day(r.before - 1) } : {}),
});

/** The page picker, range, width bucket, layer and filter; the heat over the backdrop; the element list. */
export function HeatmapView({
  workspace,
  paths,
  initial,
}: {
  workspace: string;
  paths: string[];
  initial: { path?: string; width?: string; layer?: string; q?: string };
}) {
  const [path, setPath] = useState(initial.path ?? paths[0] ?? "");
  const [width, setWidth] = useState<Width>(
    WIDTHS.includes(initial.width as Width) ? (initial.width as Width) : "desktop",
  );
  const [layer, setLayer] = useState<HeatViewLayer>(
    LAYERS.some((l) => l.value === initial.layer) ? (initial.layer as HeatViewLayer) : "clicks",
  );
  const [range, setRange] = useState<Range>(() => ({
    after: Date.parse(`${day(Date.now() - 6 * DAY_MS)}T00:00:00Z`),
  }));
  const [draft, setDraft] = useState(initial.q ?? "");
  const [q, setQ] = useState(initial.q ?? "");
  const [picked, setPicked] = useState<string | null>(null);

  const params = new URLSearchParams({ path, width, layer, ...rangeParams(range), q });
  const heat = useQuery({
    queryKey: ["heatmaps", workspace, params.toString()],
    queryFn: () =>
      api<{ heatmap: Heatmap }>(`/api/v1/workspaces/${workspace}/heatmaps?${params}`).then((r) => r.heatmap),
    enabled: !!path,
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });

  if (paths.length === 0) {
    return (
      <EmptyState testId="heatmaps-empty">
        No heatmaps yet. They build up as recordings arrive: every page visitors click, move or scroll on
        shows up here.
      </EmptyState>
    );
  }

  const h = heat.data;
  const snapshot = h?.snapshots.find((s) => `${s.sessionId}/${s.chunkId}` === picked) ?? h?.snapshots[0];
  const recordingsOn = (extra: string) =>
    `/${workspace}/recordings?q=${encodeURIComponent(`page:=${path}${q ? ` ${q}` : ""}${extra}`)}`;

  return (
    <div className="space-y-4">
      <form
        className="flex flex-wrap items-end gap-3"
        onSubmit={(e) => {
          e.preventDefault();
          setQ(draft.trim());
        }}
      >
        <label className="space-y-1 text-sm">
          <span className="block font-medium">Page</span>
          <select
            className={control}
            value={path}
            onChange={(e) => setPath(e.target.value)}
            data-testid="heat-path"
          >
            {paths.map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </select>
        </label>
        <div className="space-y-1 text-sm">
          <span className="block font-medium">Days</span>
          <RangeControls range={range} onChange={setRange} openEnded={false} label="Days of the heatmap" />
        </div>
        <fieldset className="space-y-1 text-sm">
          <legend className="font-medium">Width</legend>
          <div className="flex gap-1">
            {WIDTHS.map((w) => (
              <button
                key={w}
                type="button"
                aria-pressed={width === w}
                className={`rounded-lg px-2.5 py-1.5 capitalize ${width === w ? "bg-zinc-900 text-white dark:bg-zinc-100 dark:text-zinc-900" : "bg-zinc-100 dark:bg-zinc-800"}`}
                onClick={() => {
                  setWidth(w);
                  setPicked(null);
                }}
              >
                {w}
              </button>
            ))}
          </div>
        </fieldset>
        <label className="min-w-64 flex-1 space-y-1 text-sm">
          <span className="block font-medium">Filter (the recordings search)</span>
          <input
            className={`${control} w-full`}
            value={draft}
            placeholder="device:mobile browser:chrome has:errors"
            onChange={(e) => setDraft(e.target.value)}
            data-testid="heat-filter"
          />
        </label>
        <button
          type="submit"
          className="rounded-lg bg-zinc-900 px-3 py-1.5 text-sm text-white dark:bg-zinc-100 dark:text-zinc-900"
        >
          Apply
        </button>
      </form>

      <fieldset className="flex flex-wrap items-center gap-1" aria-label="Layer">
        {LAYERS.map((l) => (
          <button
            key={l.value}
            type="button"
            aria-pressed={layer === l.value}
            data-testid={`heat-layer-${l.value}`}
            className={`rounded-full px-3 py-1 text-sm ${layer === l.value ? "bg-orange-600 text-white" : "bg-zinc-100 dark:bg-zinc-800"}`}
            onClick={() => setLayer(l.value)}
          >
            {l.label}
          </button>
        ))}
        {h && h.snapshots.length > 1 && (
          <label className="ml-auto flex items-center gap-2 text-sm">
            Backdrop
            <select
              className={control}
              value={snapshot ? `${snapshot.sessionId}/${snapshot.chunkId}` : ""}
              onChange={(e) => setPicked(e.target.value)}
              data-testid="heat-backdrop"
            >
              {h.snapshots.map((s) => (
                <option key={`${s.sessionId}/${s.chunkId}/${s.at}`} value={`${s.sessionId}/${s.chunkId}`}>
                  {formatDateTime(s.at)} · {s.width}px
                </option>
              ))}
            </select>
          </label>
        )}
      </fieldset>

      {heat.isError && <Alert>{errorMessage(heat.error)}</Alert>}
      {heat.isPending && <p className="text-sm text-zinc-500">Loading the heatmap…</p>}
      {h && (
        <div className="grid gap-4 xl:grid-cols-[minmax(0,1fr)_36rem]">
          <div className="space-y-2">
            <p className="text-sm text-zinc-600 dark:text-zinc-400" data-testid="heat-summary">
              {formatNumber(h.sessions)} {h.sessions === 1 ? "session" : "sessions"} on {h.path} ({h.width})
              {h.truncated ? " — the newest matching sessions only" : ""}
              {heat.isFetching ? " · updating…" : ""}
            </p>
            {snapshot ? (
              <HeatFrame workspace={workspace} snapshot={snapshot} heatmap={h} />
            ) : (
              <EmptyState testId="heat-no-backdrop">
                No full snapshot of this page was recorded at this width in the range, so there is nothing to
                draw the heat over. Widen the range or pick another width.
              </EmptyState>
            )}
          </div>
          <ElementList workspace={workspace} h={h} recordingsOn={recordingsOn} />
        </div>
      )}
    </div>
  );
}

const ELEMENT_COLUMNS: TableColumn[] = [
  { id: "selector", header: "Element", sortable: true, className: "max-w-44 truncate font-mono text-xs" },
  { id: "clicks", header: "Clicks", sortable: true, align: "right" },
  {
    id: "share",
    header: <span title="Share of the page's sessions that clicked it">Sessions</span>,
    sortable: true,
    align: "right",
  },
  { id: "rage", header: "Rage", sortable: true, align: "right" },
  { id: "dead", header: "Dead", sortable: true, align: "right" },
  { id: "moments", header: "Clicked in" },
];

/** A second before the click, so the replay shows it happen. */
const LEAD_MS = 1_000;

function ElementList({
  workspace,
  h,
  recordingsOn,
}: {
  workspace: string;
  h: Heatmap;
  recordingsOn: (extra: string) => string;
}) {
  const rows = h.elements.map((e) => ({
    id: e.selector,
    cells: {
      selector: (
        <Link
          className="hover:underline"
          title={`${e.selector}: the page's recordings${e.rage ? " with rage clicks" : e.dead ? " with dead clicks" : ""}`}
          href={recordingsOn(e.rage ? " signal:rage" : e.dead ? " signal:dead" : "")}
        >
          {e.selector}
        </Link>
      ),
      clicks:
        e.placed === undefined ? (
          formatNumber(e.clicks)
        ) : (
          <span title="Clicks placed inside the element (the SDK measured where), of all clicks on it">
            {formatNumber(e.clicks)}{" "}
            <span className="text-xs text-zinc-500">({formatNumber(e.placed)} placed)</span>
          </span>
        ),
      share: pct(e.share),
      rage: formatNumber(e.rage),
      dead: formatNumber(e.dead),
      moments: (
        <ul className="flex flex-wrap gap-1" data-testid="heat-moments">
          {e.moments.map((m) => (
            <li key={m.sessionId}>
              <Link
                className="rounded bg-zinc-100 px-1.5 py-0.5 text-xs tabular-nums hover:bg-zinc-200 dark:bg-zinc-800 dark:hover:bg-zinc-700"
                href={`/${workspace}/recordings/${m.sessionId}?at=${m.at - LEAD_MS}`}
                title={`Play recording ${m.sessionId} from just before this click`}
              >
                {formatDateTime(m.at)}
              </Link>
            </li>
          ))}
        </ul>
      ),
    },
    sort: { selector: e.selector, clicks: e.clicks, share: e.share, rage: e.rage, dead: e.dead },
  }));
  return (
    <DataTable
      label="Clicked elements"
      columns={ELEMENT_COLUMNS}
      rows={rows}
      sort={{ id: "clicks", desc: true }}
      pageSize={25}
      empty="No clicks on named elements in this range."
      testId="heat-elements"
    />
  );
}
