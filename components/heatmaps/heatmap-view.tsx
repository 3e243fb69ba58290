"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { Alert } from "@/components/ui/field";
import { api, errorMessage } from "@/lib/api/client";
import { formatDateTime, formatNumber } from "@/lib/format";
import type { Heatmap, HeatViewLayer } from "@/lib/heatmaps/query";
import { HeatFrame } from "./heat-frame";

const LAYERS: { value: HeatViewLayer; label: string }[] = [
  { value: "clicks", label: "Clicks" },
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

const control =
  "rounded-lg border border-zinc-300 bg-white px-2.5 py-1.5 text-sm dark:border-zinc-700 dark:bg-zinc-900";

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
  const [to, setTo] = useState(() => day(Date.now()));
  const [from, setFrom] = useState(() => day(Date.now() - 6 * DAY_MS));
  const [draft, setDraft] = useState(initial.q ?? "");
  const [q, setQ] = useState(initial.q ?? "");
  const [picked, setPicked] = useState<string | null>(null);

  const params = new URLSearchParams({ path, width, layer, from, to, q });
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
      <p
        className="rounded-xl border border-dashed border-zinc-300 p-6 text-center text-sm text-zinc-600 dark:border-zinc-700 dark:text-zinc-400"
        data-testid="heatmaps-empty"
      >
        No heatmaps yet. They build up as recordings arrive: every page visitors click, move or scroll on
        shows up here.
      </p>
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
        <label className="space-y-1 text-sm">
          <span className="block font-medium">From</span>
          <input
            type="date"
            className={control}
            value={from}
            max={to}
            onChange={(e) => setFrom(e.target.value)}
          />
        </label>
        <label className="space-y-1 text-sm">
          <span className="block font-medium">To</span>
          <input
            type="date"
            className={control}
            value={to}
            min={from}
            onChange={(e) => setTo(e.target.value)}
          />
        </label>
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
        <div className="grid gap-4 xl:grid-cols-[minmax(0,1fr)_28rem]">
          <div className="space-y-2">
            <p className="text-sm text-zinc-600 dark:text-zinc-400" data-testid="heat-summary">
              {formatNumber(h.sessions)} {h.sessions === 1 ? "session" : "sessions"} on {h.path} ({h.width})
              {h.truncated ? " — the newest matching sessions only" : ""}
              {heat.isFetching ? " · updating…" : ""}
            </p>
            {snapshot ? (
              <HeatFrame workspace={workspace} snapshot={snapshot} heatmap={h} />
            ) : (
              <p
                className="rounded-xl border border-dashed border-zinc-300 p-6 text-center text-sm text-zinc-600 dark:border-zinc-700"
                data-testid="heat-no-backdrop"
              >
                No full snapshot of this page was recorded at this width in the range, so there is nothing to
                draw the heat over. Widen the range or pick another width.
              </p>
            )}
          </div>
          <ElementList h={h} recordingsOn={recordingsOn} />
        </div>
      )}
    </div>
  );
}

function ElementList({ h, recordingsOn }: { h: Heatmap; recordingsOn: (extra: string) => string }) {
  if (h.elements.length === 0) {
    return <p className="text-sm text-zinc-500">No clicks on named elements in this range.</p>;
  }
  return (
    <div className="overflow-x-auto rounded-xl border border-zinc-200 dark:border-zinc-800">
      <table className="w-full text-left text-sm" data-testid="heat-elements">
        <thead className="bg-zinc-50 text-xs uppercase tracking-wide text-zinc-500 dark:bg-zinc-900">
          <tr>
            <th className="px-3 py-2">Element</th>
            <th className="px-2 py-2 text-right">Clicks</th>
            <th className="px-2 py-2 text-right" title="Share of the page's sessions that clicked it">
              Sessions
            </th>
            <th className="px-2 py-2 text-right">Rage</th>
            <th className="px-2 py-2 text-right">Dead</th>
          </tr>
        </thead>
        <tbody>
          {h.elements.map((e) => (
            <tr key={e.selector} className="border-t border-zinc-100 dark:border-zinc-800">
              <td className="max-w-44 truncate px-3 py-1.5 font-mono text-xs" title={e.selector}>
                <Link
                  className="hover:underline"
                  href={recordingsOn(e.rage ? " signal:rage" : e.dead ? " signal:dead" : "")}
                >
                  {e.selector}
                </Link>
              </td>
              <td className="px-2 py-1.5 text-right tabular-nums">{formatNumber(e.clicks)}</td>
              <td className="px-2 py-1.5 text-right tabular-nums">{pct(e.share)}</td>
              <td className="px-2 py-1.5 text-right tabular-nums">{formatNumber(e.rage)}</td>
              <td className="px-2 py-1.5 text-right tabular-nums">{formatNumber(e.dead)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
