import type { Metadata } from "next";
import Link from "next/link";
import { FlowSection } from "@/components/analytics/flow-section";
import { PathTables } from "@/components/analytics/path-tables";
import { SessionsChart } from "@/components/analytics/sessions-chart";
import { formatDuration } from "@/components/recordings/format";
import { controlClass } from "@/components/ui/control";
import { DataTable, type TableColumn } from "@/components/ui/data-table";
import { detailSince, recordingsSearch } from "@/lib/analytics/detail-links";
import { flowAnchorOf } from "@/lib/analytics/page-flow";
import { SLOW_REQUEST_MS } from "@/lib/analytics/request-figures";
import {
  ANALYTICS_CAP,
  GRAINS,
  type Grain,
  type Segment,
  type SessionFigures,
  sessionAnalytics,
} from "@/lib/analytics/session-analytics";
import { workspacePage } from "@/lib/auth/access";
import { formatNumber, formatSpan, formatUtcMinute } from "@/lib/format";
import type { Condition, Filter } from "@/lib/search/filter";
import { parseSearch, SearchSyntaxError } from "@/lib/search/parse";
import { vitalText } from "@/lib/vitals";

export const metadata: Metadata = { title: "Analytics" };
export const dynamic = "force-dynamic";

const RANGES = [7, 30, 90];
const SEGMENT_LABELS: [string, string][] = [
  ["none", "No segment"],
  ["new_returning", "New vs returning"],
  ["device", "Device type"],
  ["browser", "Browser"],
  ["country", "Country"],
  ["prop", "Person property"],
];
const GRAIN_LABELS: Record<Grain, string> = { hour: "Hour", day: "Day", week: "Week" };
const HOUR = 3_600_000;
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const field = controlClass("md");

/** A table's first column (what each row is), then its figures: sortable, in tabular numbers. */
const figureColumns = (first: TableColumn, figures: [string, string][]): TableColumn[] => [
  first,
  ...figures.map(([id, header]) => ({ id, header, sortable: true, className: "tabular-nums" })),
];

const segmentColumns = figureColumns(
  { id: "segment", header: "Segment", sortable: true, className: "font-medium" },
  [
    ["sessions", "Sessions"],
    ["duration", "Avg. duration"],
    ["pages", "Pages"],
    ["bounce", "Bounce"],
    ["return", "Return"],
    ["load", "Load (p75 LCP)"],
    ["errors", "Errors"],
  ],
);

const requestColumns = figureColumns({ id: "request", header: "Request", sortable: true }, [
  ["sessions", "Sessions"],
  ["errors", "Failed or 5xx"],
  ["slow", "Slow (≥ 1 s)"],
  ["slowest", "Slowest"],
]);

const formColumns = figureColumns({ id: "form", header: "Form", sortable: true }, [
  ["submissions", "Submissions"],
  ["sessions", "Sessions"],
  ["share", "Share of sessions"],
  ["afterError", "After an error"],
]);

/** `approx`: percentiles from the rollups' histogram buckets (within ±2 %). */
function cards(
  f: SessionFigures,
  approx: boolean,
  /** Persons and return rate cover only the newest this many sessions. */
  detailOf: number | null,
): [string, string, string][] {
  const among = detailOf === null ? "" : ` in the newest ${formatNumber(detailOf)}`;
  const about = approx ? "≈ " : "";
  return [
    ["Sessions", formatNumber(f.sessions), `${formatNumber(f.persons)} persons${among}`],
    ["Avg. duration", formatDuration(f.avgDurationMs), ""],
    ["Pages / session", f.pagesPerSession.toFixed(2), ""],
    ["Bounce rate", pct(f.bounceRate), "one page, under 10 s"],
    ["Return rate", pct(f.returnRate), `persons with 2+ sessions${among}`],
    [
      "Load time (p75 LCP)",
      f.lcpP75Ms === null ? "—" : vitalText("LCP", f.lcpP75Ms),
      f.lcpP75Ms === null
        ? `no Largest Contentful Paint measured${f.avgLoadMs === null ? "" : `; load event ${Math.round(f.avgLoadMs)} ms avg.`}`
        : `${about}Largest Contentful Paint, 75th percentile of ${formatNumber(f.lcpSamples)} page loads`,
    ],
    ["Error rate", pct(f.errorRate), "sessions with an exception"],
    [
      "Time to first interaction",
      f.interactionMedianMs === null ? "—" : formatSpan(f.interactionMedianMs),
      f.interactionP75Ms === null
        ? "no session had a click, input or scroll"
        : `${about}median; p75 ${formatSpan(f.interactionP75Ms)} over ${formatNumber(f.interactionSessions)} sessions`,
    ],
  ];
}

export default async function AnalyticsPage({
  params,
  searchParams,
}: {
  params: Promise<{ workspace: string }>;
  searchParams: Promise<{
    range?: string;
    q?: string;
    segment?: string;
    key?: string;
    depth?: string;
    from?: string;
    flow?: string;
    page?: string;
    grain?: string;
  }>;
}) {
  const { workspace: slug } = await params;
  const sp = await searchParams;
  const { workspace } = await workspacePage(slug, `/${slug}/analytics`);
  const days = RANGES.includes(Number(sp.range)) ? Number(sp.range) : 30;
  const q = sp.q ?? "";
  const depth = [2, 3, 4, 5].includes(Number(sp.depth)) ? Number(sp.depth) : 3;
  const grain: Grain = GRAINS.find((g) => g === sp.grain) ?? "day";
  const key = (sp.key ?? "").trim().slice(0, 100);
  // The flow diagram from one entry page (or every first page), or to one end page.
  const flowAnchor = flowAnchorOf(sp);
  const segment: Segment =
    sp.segment === "prop" && key
      ? { kind: "prop", key }
      : SEGMENT_LABELS.some(([v]) => v === sp.segment && v !== "prop")
        ? { kind: sp.segment as Exclude<Segment["kind"], "prop"> }
        : { kind: "none" };
  let filter: Filter = { expr: null };
  let error: string | null = null;
  try {
    filter = parseSearch(q);
  } catch (e) {
    if (!(e instanceof SearchSyntaxError)) throw e;
    error = `${e.message} (at character ${e.position + 1})`;
  }
  // On whole UTC hours, through the end of the current one: the range the hourly rollups answer.
  const before = Math.floor(Date.now() / HOUR) * HOUR + HOUR;
  const result = error
    ? null
    : await sessionAnalytics(
        workspace.id,
        { ...filter, after: before - days * 86_400_000, before },
        segment,
        depth,
        ANALYTICS_CAP,
        flowAnchor,
        grain,
      );
  // The recordings of this view, narrowed by a path or page condition where one is given.
  const recordingsHref = (since: number, condition?: Condition) =>
    `/${workspace.slug}/recordings?${new URLSearchParams({ q: recordingsSearch(q, days, since, condition) })}`;
  // The range the figures count starts on a whole hour (the rollups'), not `days` back from now:
  // the links start where it does, so a link finds what its figure counts.
  const rangeStart = before - days * 86_400_000;
  // Paths, the flow, requests and forms count the sessions read: their links find just those.
  const since = (result && detailSince(result)) ?? rangeStart;
  const detailHref = (condition: Condition) => recordingsHref(since, condition);
  return (
    <div className="space-y-5">
      <h1 className="text-2xl font-semibold">Analytics</h1>
      <form method="get" className="flex flex-wrap items-end gap-2" aria-label="Analytics options">
        <label className="text-sm">
          <span className="block font-medium">Range</span>
          <select name="range" defaultValue={days} className={field}>
            {RANGES.map((d) => (
              <option key={d} value={d}>
                Last {d} days
              </option>
            ))}
          </select>
        </label>
        <label className="min-w-64 flex-1 text-sm">
          <span className="block font-medium">Sessions matching</span>
          <input
            name="q"
            defaultValue={q}
            placeholder="device:mobile page:/checkout (the recordings search)"
            className={`${field} w-full`}
          />
        </label>
        <label className="text-sm">
          <span className="block font-medium">Per</span>
          <select name="grain" defaultValue={grain} className={field}>
            {GRAINS.map((g) => (
              <option key={g} value={g}>
                {GRAIN_LABELS[g]}
              </option>
            ))}
          </select>
        </label>
        <label className="text-sm">
          <span className="block font-medium">Segment by</span>
          <select name="segment" defaultValue={segment.kind} className={field}>
            {SEGMENT_LABELS.map(([v, l]) => (
              <option key={v} value={v}>
                {l}
              </option>
            ))}
          </select>
        </label>
        <label className="text-sm">
          <span className="block font-medium">Path depth</span>
          <select name="depth" defaultValue={depth} className={field}>
            {[2, 3, 4, 5].map((d) => (
              <option key={d} value={d}>
                First {d} pages
              </option>
            ))}
          </select>
        </label>
        <label className="text-sm">
          <span className="block font-medium">Property</span>
          <input name="key" defaultValue={key} placeholder="plan" className={`${field} w-28`} />
        </label>
        <button type="submit" className="rounded-lg bg-brand-600 px-3.5 py-2 text-sm font-medium text-white">
          Apply
        </button>
      </form>
      {error && (
        <p role="alert" className="text-sm text-red-600">
          Search: {error}
        </p>
      )}
      {result && result.overall.sessions === 0 && (
        <p className="rounded-xl border border-dashed border-zinc-300 p-6 text-center text-sm text-zinc-600 dark:border-zinc-700 dark:text-zinc-400">
          No sessions in the last {days} days{q ? " match this search" : ""}.
        </p>
      )}
      {result && result.overall.sessions > 0 && (
        <>
          {!result.exact && (
            <p className="text-sm text-amber-700 dark:text-amber-400">
              Figures from the newest {formatNumber(ANALYTICS_CAP)} matching sessions, those since{" "}
              {formatUtcMinute(result.sampledSince ?? 0)}; the chart shows those days only. Narrow the range
              or the search for exact figures.
            </p>
          )}
          {result.rollup && !result.rollup.detailExact && (
            <p className="text-sm text-zinc-600 dark:text-zinc-400" data-testid="analytics-rollup-note">
              Sessions, durations, pages, bounces, errors and the chart count every session (kept per hour as
              they are recorded; percentiles marked ≈ are within 2 %). Persons, return rate, paths, the flow,
              requests and forms are from the newest {formatNumber(result.rollup.detailSessions)} sessions,
              those since {formatUtcMinute(since)}, and their links open just those.
            </p>
          )}
          <dl
            className="grid grid-cols-2 gap-3 sm:grid-cols-4 lg:grid-cols-7"
            data-testid="analytics-figures"
          >
            {cards(
              result.overall,
              result.rollup !== null,
              result.rollup && !result.rollup.detailExact ? result.rollup.detailSessions : null,
            ).map(([label, value, hint]) => (
              <div key={label} className="rounded-lg border border-zinc-200 px-3 py-2 dark:border-zinc-800">
                <dt className="text-xs text-zinc-500">{label}</dt>
                <dd className="text-lg font-semibold tabular-nums">{value}</dd>
                {hint && <dd className="text-xs text-zinc-500">{hint}</dd>}
              </div>
            ))}
          </dl>
          <SessionsChart
            days={result.days}
            series={result.series}
            grain={GRAIN_LABELS[grain].toLowerCase()}
          />
          {result.segments && (
            <DataTable
              label="Segments"
              testId="analytics-segments"
              minWidth="720px"
              columns={segmentColumns}
              empty="No segments."
              rows={result.segments.map(({ value, figures: f }) => ({
                id: value,
                sort: {
                  segment: value,
                  sessions: f.sessions,
                  duration: f.avgDurationMs,
                  pages: f.pagesPerSession,
                  bounce: f.bounceRate,
                  return: f.returnRate,
                  ...(f.lcpP75Ms !== null && { load: f.lcpP75Ms }),
                  errors: f.errorRate,
                },
                cells: {
                  segment: value,
                  sessions: formatNumber(f.sessions),
                  duration: formatDuration(f.avgDurationMs),
                  pages: f.pagesPerSession.toFixed(2),
                  bounce: pct(f.bounceRate),
                  return: pct(f.returnRate),
                  load:
                    f.lcpP75Ms === null ? "—" : `${result.rollup ? "≈ " : ""}${vitalText("LCP", f.lcpP75Ms)}`,
                  errors: pct(f.errorRate),
                },
              }))}
            />
          )}
          <p className="text-sm">
            <Link href={recordingsHref(rangeStart)} className="text-brand-600 hover:underline">
              Watch these sessions →
            </Link>
          </p>
          {result.requests.length > 0 && (
            <DataTable
              label="Requests"
              testId="analytics-requests"
              minWidth="640px"
              columns={requestColumns}
              empty="No requests captured."
              rows={result.requests.map((r) => ({
                id: `${r.method} ${r.path}`,
                sort: {
                  request: `${r.path} ${r.method}`,
                  sessions: r.sessions,
                  errors: r.errorRate,
                  slow: r.slowSessions,
                  slowest: r.slowestMs,
                },
                cells: {
                  request: (
                    <Link
                      href={detailHref({ kind: "request", method: r.method, path: r.path })}
                      className="font-mono text-xs text-brand-600 hover:underline"
                    >
                      {r.method} {r.path}
                    </Link>
                  ),
                  sessions: formatNumber(r.sessions),
                  errors: `${pct(r.errorRate)} (${formatNumber(r.errorSessions)})`,
                  slow: (
                    <Link
                      href={detailHref({
                        kind: "request",
                        method: r.method,
                        path: r.path,
                        slow: { op: ">=", value: SLOW_REQUEST_MS },
                      })}
                      className="hover:underline"
                    >
                      {formatNumber(r.slowSessions)}
                    </Link>
                  ),
                  slowest: `${formatNumber(Math.round(r.slowestMs))} ms`,
                },
              }))}
            />
          )}
          {result.forms.length > 0 && (
            <DataTable
              label="Forms"
              testId="analytics-forms"
              minWidth="640px"
              columns={formColumns}
              empty="No forms submitted."
              rows={result.forms.map((f) => ({
                id: f.form,
                sort: {
                  form: f.form,
                  submissions: f.submissions,
                  sessions: f.sessions,
                  share: f.share,
                  afterError: f.afterErrorRate,
                },
                cells: {
                  form: (
                    <Link
                      href={detailHref({ kind: "form", value: f.form })}
                      className="font-mono text-xs text-brand-600 hover:underline"
                    >
                      {f.form}
                    </Link>
                  ),
                  submissions: formatNumber(f.submissions),
                  sessions: formatNumber(f.sessions),
                  share: pct(f.share),
                  // Sessions that submitted the form after their first exception, of those that submitted it.
                  afterError: `${pct(f.afterErrorRate)} (${formatNumber(f.afterErrorSessions)})`,
                },
              }))}
            />
          )}
          <FlowSection
            flow={result.flow}
            anchor={flowAnchor}
            depth={depth}
            keep={{ range: String(days), q, segment: segment.kind, key, depth: String(depth), grain }}
            pages={[...result.paths.entries, ...result.paths.exits].map((e) => e.path)}
            hrefFor={detailHref}
          />
          <PathTables paths={result.paths} depth={depth} hrefFor={detailHref} />
        </>
      )}
    </div>
  );
}
