import Link from "next/link";
import { DataTable, type TableColumn } from "@/components/ui/data-table";
import type { PathFigures } from "@/lib/analytics/session-analytics";
import { formatNumber } from "@/lib/format";
import type { Condition } from "@/lib/search/filter";

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const watchColumn = {
  id: "watch",
  header: <span className="sr-only">Recordings</span>,
  align: "right",
} as const;

const sequenceColumns: TableColumn[] = [
  { id: "path", header: "Path", sortable: true },
  { id: "sessions", header: "Sessions", sortable: true, className: "tabular-nums" },
  { id: "share", header: "Share", sortable: true, className: "tabular-nums" },
  watchColumn,
];
const entryColumns: TableColumn[] = [
  { id: "page", header: "Page", sortable: true, className: "max-w-56 truncate" },
  { id: "sessions", header: "Sessions", sortable: true, className: "tabular-nums" },
  { id: "share", header: "Share", sortable: true, className: "tabular-nums" },
  { id: "bounce", header: "Bounce", sortable: true, className: "tabular-nums" },
  watchColumn,
];
const exitColumns: TableColumn[] = [
  { id: "page", header: "Page", sortable: true, className: "max-w-56 truncate" },
  { id: "exits", header: "Exits", sortable: true, className: "tabular-nums" },
  { id: "views", header: "Views", sortable: true, className: "tabular-nums" },
  { id: "exitRate", header: "Exit rate", sortable: true, className: "tabular-nums" },
  watchColumn,
];

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <section className="min-w-0" aria-label={title}>
      <h2 className="mb-2 font-semibold">{title}</h2>
      {children}
    </section>
  );
}

/** Paths through the site (seed 003): common page sequences, entry pages, exit pages; each to its recordings. */
export function PathTables({
  paths,
  depth,
  hrefFor,
}: {
  paths: PathFigures;
  depth: number;
  /** The recordings of this view narrowed by one more condition. */
  hrefFor: (condition: Condition) => string;
}) {
  if (paths.sequences.length === 0) return null;
  const watch = (condition: Condition, title: string) => (
    <Link href={hrefFor(condition)} className="text-brand-600 hover:underline" title={title}>
      Recordings
    </Link>
  );
  return (
    <div className="space-y-5" data-testid="paths">
      <Section title={`Most common paths (first ${depth} pages)`}>
        <DataTable
          label="Most common paths"
          columns={sequenceColumns}
          empty="No paths."
          rows={paths.sequences.map((s) => ({
            id: s.pages.join("\n"),
            sort: { path: s.pages.join(" → "), sessions: s.sessions, share: s.share },
            cells: {
              path: s.pages.join(" → "),
              sessions: formatNumber(s.sessions),
              share: pct(s.share),
              // A path shorter than the depth is a whole visit: nothing came after its last page.
              watch: watch(
                { kind: "path", steps: s.pages, exact: s.pages.length < depth },
                "Recordings whose visit went exactly this way",
              ),
            },
          }))}
        />
      </Section>
      <div className="grid gap-5 lg:grid-cols-2">
        <Section title="Entry pages">
          <DataTable
            label="Entry pages"
            columns={entryColumns}
            empty="No entry pages."
            rows={paths.entries.map((e) => ({
              id: e.path,
              sort: { page: e.path, sessions: e.sessions, share: e.share, bounce: e.bounceRate },
              cells: {
                page: e.path,
                sessions: formatNumber(e.sessions),
                share: pct(e.share),
                bounce: pct(e.bounceRate),
                watch: watch(
                  { kind: "path", steps: [e.path], exact: false },
                  "Recordings that began on this page",
                ),
              },
            }))}
          />
        </Section>
        <Section title="Exit pages">
          <DataTable
            label="Exit pages"
            columns={exitColumns}
            empty="No exit pages."
            rows={paths.exits.map((x) => ({
              id: x.path,
              sort: { page: x.path, exits: x.sessions, views: x.views, exitRate: x.exitRate },
              cells: {
                page: x.path,
                exits: formatNumber(x.sessions),
                views: formatNumber(x.views),
                exitRate: pct(x.exitRate),
                watch: watch(
                  { kind: "page", mode: "equals", value: x.path },
                  "Recordings that viewed this page",
                ),
              },
            }))}
          />
        </Section>
      </div>
    </div>
  );
}
