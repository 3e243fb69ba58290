import type { Metadata } from "next";
import Link from "next/link";
import { CohortForm } from "@/components/persons/cohort-form";
import { workspacePage } from "@/lib/auth/access";
import { can } from "@/lib/auth/permissions";
import { type Cohort, cohortMembers, listCohorts } from "@/lib/data/cohorts";
import { formatNumber } from "@/lib/format";
import { printSearch } from "@/lib/search/print";

export const metadata: Metadata = { title: "Cohorts" };
export const dynamic = "force-dynamic";

function describe(c: Cohort): string {
  const parts = c.properties.map((p) => `${p.key} ${p.op === "equals" ? "is" : "is not"} ${p.value}`);
  if (c.firstSeenWithinDays)
    parts.push(
      `first seen in the last ${c.firstSeenWithinDays} day${c.firstSeenWithinDays === 1 ? "" : "s"}`,
    );
  if (c.minSessions) parts.push(`${c.minSessions}+ sessions`);
  return parts.join(" · ");
}

/** Saved person filters, usable in every recordings search as `cohort:"name"`. */
export default async function CohortsPage({ params }: { params: Promise<{ workspace: string }> }) {
  const { workspace: slug } = await params;
  const { workspace, role } = await workspacePage(slug, `/${slug}/cohorts`);
  const cohorts = await Promise.all(
    (await listCohorts(workspace.id)).map(async (c) => ({ c, ...(await cohortMembers(workspace.id, c)) })),
  );
  return (
    <div className="space-y-5">
      <p className="text-sm">
        <Link href={`/${workspace.slug}/persons`} className="text-brand-600 hover:underline">
          ← Persons
        </Link>
      </p>
      <h1 className="text-2xl font-semibold">Cohorts</h1>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        Groups of persons by their properties and history. Use one in any recordings search or analytics view
        as <code>cohort:"name"</code>; membership is worked out when you search, so it is always current.
      </p>
      {cohorts.length === 0 ? (
        <p className="rounded-xl border border-dashed border-zinc-300 p-6 text-center text-sm text-zinc-600 dark:border-zinc-700 dark:text-zinc-400">
          No cohorts yet.
        </p>
      ) : (
        <ul
          className="divide-y divide-zinc-100 rounded-xl border border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800"
          data-testid="cohorts"
        >
          {cohorts.map(({ c, members, truncated }) => (
            <li key={c.id} className="flex flex-wrap items-center gap-x-4 gap-y-1 px-4 py-3 text-sm">
              <span className="font-medium">{c.name}</span>
              <span className="min-w-0 flex-1 truncate text-zinc-600 dark:text-zinc-400">{describe(c)}</span>
              <span className="tabular-nums" data-testid="cohort-size">
                {formatNumber(members.length)}
                {truncated ? "+" : ""} persons
              </span>
              <Link
                href={`/${workspace.slug}/recordings?${new URLSearchParams({ q: printSearch({ expr: { kind: "cohort", value: c.name } }) })}`}
                className="text-brand-600 hover:underline"
              >
                Recordings
              </Link>
            </li>
          ))}
        </ul>
      )}
      {can(role, "cohorts:write") && <CohortForm workspace={workspace.slug} />}
    </div>
  );
}
