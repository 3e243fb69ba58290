import type { Metadata } from "next";
import Link from "next/link";
import { PersonName } from "@/components/persons/person-name";
import { formatRelative } from "@/components/recordings/format";
import { workspacePage } from "@/lib/auth/access";
import { ID_SEARCH_LIMIT, listPersons, PERSON_SORTS, type PersonSort } from "@/lib/data/persons";
import { formatDateTime, formatNumber } from "@/lib/format";

export const metadata: Metadata = { title: "Persons" };
export const dynamic = "force-dynamic";

const PAGE = 50;

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
            className="min-w-64 flex-1 rounded-lg border border-zinc-300 bg-white px-3 py-2 text-sm dark:border-zinc-700 dark:bg-zinc-900"
          />
          <label className="sr-only" htmlFor="persons-sort">
            Sort
          </label>
          <select
            id="persons-sort"
            name="sort"
            defaultValue={sort}
            className="rounded-lg border border-zinc-300 bg-white px-2 py-2 text-sm dark:border-zinc-700 dark:bg-zinc-900"
          >
            <option value="last">Last seen</option>
            <option value="sessions">Most sessions</option>
          </select>
          <button
            type="submit"
            className="rounded-lg bg-brand-600 px-3.5 py-2 text-sm font-medium text-white"
          >
            Search
          </button>
        </form>
      </search>
      {page.truncated && (
        <p className="text-sm text-amber-700 dark:text-amber-400">
          Searched the {formatNumber(ID_SEARCH_LIMIT)} most recently seen persons; narrow the search or use a
          property (key=value) to reach older ones.
        </p>
      )}
      {page.persons.length === 0 ? (
        <p
          className="rounded-xl border border-dashed border-zinc-300 p-6 text-center text-sm text-zinc-600 dark:border-zinc-700 dark:text-zinc-400"
          data-testid="no-persons"
        >
          {q || cursor ? (
            <>
              No persons match{cursor ? " beyond this page" : ""}.{" "}
              <Link href={base} className="font-medium text-brand-600 hover:underline">
                Show everyone
              </Link>
            </>
          ) : (
            "No persons yet. They appear as recordings arrive; identify() names them."
          )}
        </p>
      ) : (
        <div className="overflow-x-auto rounded-xl border border-zinc-200 dark:border-zinc-800">
          <table className="w-full min-w-[640px] text-left text-sm" data-testid="persons">
            <thead className="bg-zinc-50 text-xs uppercase tracking-wide text-zinc-500 dark:bg-zinc-900">
              <tr>
                <th className="px-3 py-2">Person</th>
                <th className="px-3 py-2">Properties</th>
                <th className="px-3 py-2 text-right">Sessions</th>
                <th className="px-3 py-2">First seen</th>
                <th className="px-3 py-2">Last seen</th>
              </tr>
            </thead>
            <tbody>
              {page.persons.map((p) => (
                <tr key={p.distinctId} className="border-t border-zinc-100 dark:border-zinc-800">
                  <td className="max-w-72 truncate px-3 py-2 font-medium">
                    <Link href={`${base}/${encodeURIComponent(p.distinctId)}`} className="hover:underline">
                      <PersonName id={p.distinctId} />
                    </Link>
                  </td>
                  <td className="max-w-80 truncate px-3 py-2 text-zinc-600 dark:text-zinc-400">
                    {Object.entries(p.properties)
                      .slice(0, 4)
                      .map(([k, v]) => `${k}: ${v}`)
                      .join(" · ") || "—"}
                  </td>
                  <td className="px-3 py-2 text-right tabular-nums">{p.sessionCount}</td>
                  <td className="px-3 py-2" title={formatDateTime(p.firstSeen)}>
                    {formatRelative(p.firstSeen, now)}
                  </td>
                  <td className="px-3 py-2" title={formatDateTime(p.lastSeen)}>
                    {formatRelative(p.lastSeen, now)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
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
