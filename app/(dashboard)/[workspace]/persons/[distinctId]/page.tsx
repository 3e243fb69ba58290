import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { DeletePerson } from "@/components/persons/delete-person";
import { PersonEvents } from "@/components/persons/person-events";
import { PersonName } from "@/components/persons/person-name";
import { formatDuration, formatRelative } from "@/components/recordings/format";
import { RecordingsView } from "@/components/recordings/recordings-view";
import { DataTable, type TableColumn } from "@/components/ui/data-table";
import { decodeParam } from "@/lib/api/query";
import { workspacePage } from "@/lib/auth/access";
import { can } from "@/lib/auth/permissions";
import { eventDefinitions } from "@/lib/data/events";
import { personProfile } from "@/lib/data/person-recordings";
import { getPerson } from "@/lib/data/persons";
import { formatDateTime } from "@/lib/format";
import { isAnonymous } from "@/lib/person-name";

export const metadata: Metadata = { title: "Person" };
export const dynamic = "force-dynamic";

const TABS = [
  ["recordings", "Recordings"],
  ["events", "Events"],
  ["properties", "Properties"],
] as const;

const propertyColumns: TableColumn[] = [
  { id: "key", header: "Property", sortable: true, className: "w-48 font-medium text-zinc-500" },
  { id: "value", header: "Value", sortable: true, className: "break-all" },
];

export default async function PersonPage({
  params,
  searchParams,
}: {
  params: Promise<{ workspace: string; distinctId: string }>;
  searchParams: Promise<{
    tab?: string;
    q?: string;
    sort?: string;
    cursor?: string;
    event?: string;
    deleted?: string;
  }>;
}) {
  const { workspace: slug, distinctId: raw } = await params;
  const distinctId = decodeParam(raw);
  const search = await searchParams;
  const base = `/${slug}/persons/${encodeURIComponent(distinctId)}`;
  const { workspace, user, role } = await workspacePage(slug, base);
  const person = await getPerson(workspace.id, distinctId);
  const deleted = /^\d{1,9}$/.test(search.deleted ?? "") ? Number(search.deleted) : null;
  const deletedNote =
    deleted === null ? null : `Deleted ${deleted} recording${deleted === 1 ? "" : "s"} with their events.`;
  if (!person && deletedNote) return <PersonGone slug={slug} distinctId={distinctId} note={deletedNote} />;
  if (!person) notFound();
  const profile = await personProfile(workspace.id, distinctId);
  const tab = TABS.some(([t]) => t === search.tab) ? search.tab! : "recordings";
  const now = Date.now();
  const facts: [string, string, string?][] = [
    ["First seen", formatRelative(person.firstSeen, now), formatDateTime(person.firstSeen)],
    ["Last seen", formatRelative(person.lastSeen, now), formatDateTime(person.lastSeen)],
    ["Sessions", String(person.sessionCount)],
    ["Total time", `${formatDuration(profile.totalMs)}${profile.partial ? " (newest 1,000 sessions)" : ""}`],
    ["Active time", formatDuration(profile.activeMs)],
    ["Devices", profile.devices.join(", ") || "—"],
    ["Countries", profile.countries.join(", ") || "—"],
  ];
  const props = Object.entries(person.properties).sort(([a], [b]) => a.localeCompare(b));
  return (
    <div className="space-y-5">
      {deletedNote && (
        <p
          role="status"
          className="rounded-lg bg-emerald-50 px-3 py-2 text-sm text-emerald-900 dark:bg-emerald-950 dark:text-emerald-200"
        >
          {deletedNote}
        </p>
      )}
      <header className="space-y-3">
        <p className="text-sm">
          <Link href={`/${workspace.slug}/persons`} className="text-brand-600 hover:underline">
            ← Persons
          </Link>
        </p>
        <div className="flex flex-wrap items-start justify-between gap-3">
          <div className="min-w-0">
            <h1 className="truncate text-2xl font-semibold" data-testid="person-id">
              <PersonName id={distinctId} />
            </h1>
            {isAnonymous(distinctId) && (
              <p className="text-xs text-zinc-500">
                Anonymous visitor <code>{distinctId}</code>
              </p>
            )}
            {props.length > 0 && (
              <p className="mt-1 truncate text-sm text-zinc-600 dark:text-zinc-400">
                {props
                  .slice(0, 6)
                  .map(([k, v]) => `${k}: ${v}`)
                  .join(" · ")}
              </p>
            )}
          </div>
          {can(role, "persons:delete") && (
            <DeletePerson workspace={workspace.slug} distinctId={distinctId} sessions={person.sessionCount} />
          )}
        </div>
        <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4 lg:grid-cols-7" data-testid="person-facts">
          {facts.map(([label, value, title]) => (
            <div key={label} className="rounded-lg border border-zinc-200 px-3 py-2 dark:border-zinc-800">
              <dt className="text-xs text-zinc-500">{label}</dt>
              <dd className="truncate text-sm font-medium" title={title ?? value}>
                {value}
              </dd>
            </div>
          ))}
        </dl>
      </header>
      <nav className="flex gap-1 border-b border-zinc-200 dark:border-zinc-800" aria-label="Person sections">
        {TABS.map(([id, label]) => (
          <Link
            key={id}
            aria-current={tab === id ? "page" : undefined}
            href={id === "recordings" ? base : `${base}?tab=${id}`}
            className={`-mb-px border-b-2 px-3 py-2 text-sm font-medium ${tab === id ? "border-brand-600 text-zinc-950 dark:text-white" : "border-transparent text-zinc-500 hover:text-zinc-900 dark:hover:text-white"}`}
          >
            {label}
          </Link>
        ))}
      </nav>
      <section aria-label={TABS.find(([t]) => t === tab)![1]}>
        {tab === "recordings" && (
          <RecordingsView
            workspace={workspace}
            userId={user.id}
            q={search.q ?? ""}
            rawSort={search.sort}
            cursor={search.cursor}
            scope={{ kind: "person", value: distinctId }}
            clearHref={base}
            empty={async () => (
              <p className="rounded-xl border border-dashed border-zinc-300 p-6 text-center text-sm text-zinc-600 dark:border-zinc-700 dark:text-zinc-400">
                No recordings of this person are kept (they may have expired or been deleted).
              </p>
            )}
          />
        )}
        {tab === "events" && (
          <PersonEvents
            workspace={workspace.slug}
            distinctId={distinctId}
            names={(await eventDefinitions(workspace.id)).map((d) => d.name)}
            initialName={search.event}
          />
        )}
        {tab === "properties" &&
          (props.length ? (
            <div className="max-w-3xl">
              <DataTable
                label="Properties"
                testId="person-properties"
                columns={propertyColumns}
                empty=""
                rows={props.map(([k, v]) => ({ id: k, cells: { key: k, value: String(v) } }))}
              />
            </div>
          ) : (
            <p className="text-sm text-zinc-600 dark:text-zinc-400">
              No properties. They come from <code>rewind.identify(id, properties)</code> on your site.
            </p>
          ))}
      </section>
    </div>
  );
}

/** After their last recording was deleted nothing of the person is left: say so where the admin was. */
function PersonGone({ slug, distinctId, note }: { slug: string; distinctId: string; note: string }) {
  return (
    <div className="space-y-4" data-testid="person-gone">
      <p className="text-sm">
        <Link href={`/${slug}/persons`} className="text-brand-600 hover:underline">
          ← Persons
        </Link>
      </p>
      <h1 className="truncate text-2xl font-semibold">{distinctId}</h1>
      <p
        role="status"
        className="rounded-lg bg-emerald-50 px-3 py-2 text-sm text-emerald-900 dark:bg-emerald-950 dark:text-emerald-200"
      >
        {note} Nothing else of this person was stored, so they are no longer listed.
      </p>
    </div>
  );
}
