import type { Metadata } from "next";
import Link from "next/link";
import { formatRelative } from "@/components/recordings/format";
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
      {events.length === 0 ? (
        <p className="rounded-xl border border-dashed border-zinc-300 p-6 text-center text-sm text-zinc-600 dark:border-zinc-700 dark:text-zinc-400">
          No events yet. They arrive with recordings.
        </p>
      ) : (
        <div className="overflow-x-auto rounded-xl border border-zinc-200 dark:border-zinc-800">
          <table className="w-full text-left text-sm" data-testid="event-definitions">
            <thead className="bg-zinc-50 text-xs uppercase tracking-wide text-zinc-500 dark:bg-zinc-900">
              <tr>
                <th className="px-3 py-2">Event</th>
                <th className="px-3 py-2 text-right">Volume</th>
                <th className="px-3 py-2">Last seen</th>
                <th className="px-3 py-2">
                  <span className="sr-only">Recordings</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {events.map((e) => {
                const custom = !e.name.startsWith("$");
                const q = custom
                  ? printSearch({ expr: { kind: "event", name: e.name } })
                  : e.name === "$exception"
                    ? "has:errors"
                    : "";
                return (
                  <tr key={e.name} className="border-t border-zinc-100 dark:border-zinc-800">
                    <td className="px-3 py-2">
                      <div className="font-medium">{e.name}</div>
                      {DESCRIPTIONS[e.name] && (
                        <div className="text-xs text-zinc-500">{DESCRIPTIONS[e.name]}</div>
                      )}
                    </td>
                    <td className="px-3 py-2 text-right tabular-nums">{formatNumber(e.volume)}</td>
                    <td className="px-3 py-2" title={formatDateTime(e.lastSeen)}>
                      {formatRelative(e.lastSeen, now)}
                    </td>
                    <td className="px-3 py-2 text-right">
                      <Link
                        href={`/${workspace.slug}/recordings${q ? `?${new URLSearchParams({ q })}` : ""}`}
                        className="text-brand-600 hover:underline"
                      >
                        Recordings
                      </Link>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
