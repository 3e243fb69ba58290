import type { Metadata } from "next";
import Link from "next/link";
import { PersonName } from "@/components/persons/person-name";
import { formatRelative } from "@/components/recordings/format";
import { Button } from "@/components/ui/button";
import { controlClass } from "@/components/ui/control";
import { DataTable, type TableColumn } from "@/components/ui/data-table";
import { workspacePage } from "@/lib/auth/access";
import { ID_SEARCH_LIMIT, listPersons, PERSON_SORTS, type PersonSort } from "@/lib/data/persons";
import { formatDateTime, formatNumber } from "@/lib/format";

export const metadata: Metadata = { title: "Persons" };
export const dynamic = "force-dynamic";

const PAGE = 50;

/** The server sorts and pages (the Sort select and cursors), so the columns do not sort one page. */
const columns: TableColumn[] = [
  { id: "person", header: "Person", className: "max-w-72 truncate font-medium" },
  { id: "properties", header: "Properties", className: "max-w-80 truncate text-zinc-600 dark:text-zinc-400" },
  { id: "sessions", header: "Sessions", align: "right" },
  { id: "firstSeen", header: "First seen" },
  { id: "lastSeen", header: "Last seen" },
];

export default async function PersonsPage({
  params,
  searchParams,
}: {
  params: Promise<{ workspace: string }>;
  searchParams: Promise<{ q?: string; sort?: string; cursor?: string }>;
}) {
  const { workspace: slug } = await params;
  const { q = "", sort: rawSort, cursor } = await searchParams;
  const { workspace } = await workspacePage(slug, `/${slug}/persons`);
  const sort: PersonSort = (PERSON_SORTS as readonly string[]).includes(rawSort ?? "")
    ? (rawSort as PersonSort)
    : "last";
  const page = await listPersons(workspace.id, { sort, limit: PAGE, cursor, search: q.slice(0, 300) });
  const now = Date.now();
  const base = `/${workspace.slug}/persons`;
  const next = new URLSearchParams({ ...(q && { q }), ...(sort !== "last" && { sort }) });
  if (page.nextCursor) next.set("cursor", page.nextCursor);
  return (
    <div className="space-y-4">
      <div className="flex items-center justify-between gap-3">
        <h1 className="text-2xl font-semibold">Persons</h1>
        <Link href={`/${workspace.slug}/cohorts`} className="text-sm text-brand-600 hover:underline">
          Cohorts
        </Link>
      </div>
      <search>
        <form method="get" className="flex flex-wrap gap-2">
          <label className="sr-only" htmlFor="persons-search">
            Search persons
          </label>
          <input
            id="persons-search"
            name="q"
            defaultValue={q}
            placeholder="Part of an id or email, or a property: plan=growth"
            className={controlClass("md", "min-w-64 flex-1")}
          />
          <label className="sr-only" htmlFor="persons-sort">
            Sort
          </label>
          <select id="persons-sort" name="sort" defaultValue={sort} className={controlClass("md")}>
            <option value="last">Last seen</option>
            <option value="sessions">Most sessions</option>
          </select>
          <Button type="submit">Search</Button>
        </form>
      </search>
      {page.truncated && (
        <p className="text-sm text-amber-700 dark:text-amber-400">
          Searched the {formatNumber(ID_SEARCH_LIMIT)} most recently seen persons; narrow the search or use a
          property (key=value) to reach older ones.
        </p>
      )}
      <DataTable
        label="Persons"
        testId="persons"
        emptyTestId="no-persons"
        minWidth="640px"
        columns={columns}
        empty={
          q || cursor ? (
            <>
              No persons match{cursor ? " beyond this page" : ""}.{" "}
              <Link href={base} className="font-medium text-brand-600 hover:underline">
                Show everyone
              </Link>
            </>
          ) : (
            "No persons yet. They appear as recordings arrive; identify() names them."
          )
        }
        rows={page.persons.map((p) => ({
          id: p.distinctId,
          cells: {
            person: (
              <Link href={`${base}/${encodeURIComponent(p.distinctId)}`} className="hover:underline">
                <PersonName id={p.distinctId} />
              </Link>
            ),
            properties:
              Object.entries(p.properties)
                .slice(0, 4)
                .map(([k, v]) => `${k}: ${v}`)
                .join(" · ") || "—",
            sessions: p.sessionCount,
            firstSeen: <span title={formatDateTime(p.firstSeen)}>{formatRelative(p.firstSeen, now)}</span>,
            lastSeen: <span title={formatDateTime(p.lastSeen)}>{formatRelative(p.lastSeen, now)}</span>,
          },
        }))}
      />
      <nav className="flex gap-3 text-sm" aria-label="Pages">
        {cursor && (
          <Link
            href={`${base}?${new URLSearchParams({ ...(q && { q }), ...(sort !== "last" && { sort }) })}`}
            className="text-brand-600 hover:underline"
          >
            ← First page
          </Link>
        )}
        {page.nextCursor && (
          <Link
            href={`${base}?${next}`}
            className="text-brand-600 hover:underline"
            data-testid="next-persons"
          >
            Next page →
          </Link>
        )}
      </nav>
    </div>
  );
}
