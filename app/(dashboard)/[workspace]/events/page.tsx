import type { Metadata } from "next";
import Link from "next/link";
import { formatRelative } from "@/components/recordings/format";
import { DataTable, type TableColumn } from "@/components/ui/data-table";
import { workspacePage } from "@/lib/auth/access";
import { eventDefinitions } from "@/lib/data/events";
import { formatDateTime, formatNumber } from "@/lib/format";
import { printSearch } from "@/lib/search/print";

export const metadata: Metadata = { title: "Events" };
export const dynamic = "force-dynamic";

const DESCRIPTIONS: Record<string, string> = {
  $pageview: "A page was viewed (sent by the SDK on every navigation).",
  $exception: "An uncaught error or unhandled rejection on the page.",
};

const columns: TableColumn[] = [
  { id: "event", header: "Event", sortable: true },
  { id: "volume", header: "Volume", sortable: true, align: "right" },
  { id: "lastSeen", header: "Last seen", sortable: true },
  { id: "recordings", header: <span className="sr-only">Recordings or errors</span>, align: "right" },
];

/** Event definitions: every name seen, its volume and when it was last seen. */
export default async function EventsPage({ params }: { params: Promise<{ workspace: string }> }) {
  const { workspace: slug } = await params;
  const { workspace } = await workspacePage(slug, `/${slug}/events`);
  const events = await eventDefinitions(workspace.id);
  const now = Date.now();
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">Events</h1>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        Page views, exceptions and the events your site sends with{" "}
        <code>rewind.capture(name, properties)</code>. Use them as funnel steps, or find the recordings where
        one happened.
      </p>
      <DataTable
        label="Event definitions"
        testId="event-definitions"
        columns={columns}
        sort={{ id: "lastSeen", desc: true }}
        empty="No events yet. They arrive with recordings."
        rows={events.map((e) => {
          const q = e.name.startsWith("$") ? "" : printSearch({ expr: { kind: "event", name: e.name } });
          // Exceptions lead to the errors view, whose occurrences open the replay at their moment.
          const link =
            e.name === "$exception"
              ? { href: `/${workspace.slug}/errors`, text: "Errors" }
              : {
                  href: `/${workspace.slug}/recordings${q ? `?${new URLSearchParams({ q })}` : ""}`,
                  text: "Recordings",
                };
          return {
            id: e.name,
            sort: { event: e.name, volume: e.volume, lastSeen: e.lastSeen },
            cells: {
              event: (
                <>
                  <div className="font-medium">{e.name}</div>
                  {DESCRIPTIONS[e.name] && (
                    <div className="text-xs text-zinc-500">{DESCRIPTIONS[e.name]}</div>
                  )}
                </>
              ),
              volume: formatNumber(e.volume),
              lastSeen: <span title={formatDateTime(e.lastSeen)}>{formatRelative(e.lastSeen, now)}</span>,
              recordings: (
                <Link href={link.href} className="text-brand-600 hover:underline">
                  {link.text}
                </Link>
              ),
            },
          };
        })}
      />
    </div>
  );
}
