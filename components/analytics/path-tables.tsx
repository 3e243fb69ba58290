import Link from "next/link";
import type { PathFigures } from "@/lib/analytics/session-analytics";
import { formatNumber } from "@/lib/format";
import type { Condition } from "@/lib/search/filter";

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const th = "px-3 py-2";

function Table({ title, head, children }: { title: string; head: string[]; children: React.ReactNode }) {
  return (
    <section className="min-w-0" aria-label={title}>
      <h2 className="mb-2 font-semibold">{title}</h2>
      <div className="overflow-x-auto rounded-xl border border-zinc-200 dark:border-zinc-800">
        <table className="w-full text-left text-sm">
          <thead className="bg-zinc-50 text-xs uppercase tracking-wide text-zinc-500 dark:bg-zinc-900">
            <tr>
              {head.map((h) => (
                <th key={h} className={th}>
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="tabular-nums">{children}</tbody>
        </table>
      </div>
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
  const row = "border-t border-zinc-100 dark:border-zinc-800";
  const watch = (condition: Condition, title: string) => (
    <Link href={hrefFor(condition)} className="text-brand-600 hover:underline" title={title}>
      Recordings
    </Link>
  );
  return (
    <div className="space-y-5" data-testid="paths">
      <Table title={`Most common paths (first ${depth} pages)`} head={["Path", "Sessions", "Share", ""]}>
        {paths.sequences.map((s) => (
          <tr key={s.pages.join("\n")} className={row}>
            <td className="px-3 py-2">{s.pages.join(" → ")}</td>
            <td className="px-3 py-2">{formatNumber(s.sessions)}</td>
            <td className="px-3 py-2">{pct(s.share)}</td>
            <td className="px-3 py-2 text-right">
              {/* A path shorter than the depth is a whole visit: nothing came after its last page. */}
              {watch(
                { kind: "path", steps: s.pages, exact: s.pages.length < depth },
                "Recordings whose visit went exactly this way",
              )}
            </td>
          </tr>
        ))}
      </Table>
      <div className="grid gap-5 lg:grid-cols-2">
        <Table title="Entry pages" head={["Page", "Sessions", "Share", "Bounce", ""]}>
          {paths.entries.map((e) => (
            <tr key={e.path} className={row}>
              <td className="max-w-56 truncate px-3 py-2">{e.path}</td>
              <td className="px-3 py-2">{formatNumber(e.sessions)}</td>
              <td className="px-3 py-2">{pct(e.share)}</td>
              <td className="px-3 py-2">{pct(e.bounceRate)}</td>
              <td className="px-3 py-2 text-right">
                {watch({ kind: "path", steps: [e.path], exact: false }, "Recordings that began on this page")}
              </td>
            </tr>
          ))}
        </Table>
        <Table title="Exit pages" head={["Page", "Exits", "Views", "Exit rate", ""]}>
          {paths.exits.map((x) => (
            <tr key={x.path} className={row}>
              <td className="max-w-56 truncate px-3 py-2">{x.path}</td>
              <td className="px-3 py-2">{formatNumber(x.sessions)}</td>
              <td className="px-3 py-2">{formatNumber(x.views)}</td>
              <td className="px-3 py-2">{pct(x.exitRate)}</td>
              <td className="px-3 py-2 text-right">
                {watch({ kind: "page", mode: "equals", value: x.path }, "Recordings that viewed this page")}
              </td>
            </tr>
          ))}
        </Table>
      </div>
    </div>
  );
}
