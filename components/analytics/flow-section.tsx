import { PageFlowDiagram } from "@/components/analytics/page-flow-diagram";
import { controlClass } from "@/components/ui/control";
import type { FlowAnchor, PageFlow } from "@/lib/analytics/page-flow";
import type { Condition } from "@/lib/search/filter";

const field = controlClass("md");

/**
 * The Analytics page's flow: from a start page (or every first page) forwards, or to an end page
 * backwards, chosen in a small GET form that keeps the page's other options.
 */
export function FlowSection({
  flow,
  anchor,
  depth,
  keep,
  pages,
  hrefFor,
}: {
  flow: PageFlow;
  anchor: FlowAnchor;
  depth: number;
  /** The page's other query fields, sent again with the flow's. */
  keep: Record<string, string>;
  /** Pages to offer, most visited first. */
  pages: string[];
  hrefFor: (condition: Condition) => string;
}) {
  const offered = [...new Set([...(anchor.page ? [anchor.page] : []), ...pages])];
  return (
    <section aria-label="Flow" className="space-y-2">
      <div className="flex flex-wrap items-end justify-between gap-2">
        <h2 className="font-semibold">
          {anchor.kind === "to"
            ? `Paths to ${anchor.page}, ${depth - 1} page${depth === 2 ? "" : "s"} back`
            : `Flow of the first ${depth} pages`}
        </h2>
        <form method="get" className="flex items-end gap-2 text-sm" aria-label="Flow anchor">
          {Object.entries(keep).map(([name, value]) => (
            <input key={name} type="hidden" name={name} value={value} />
          ))}
          <label>
            <span className="block font-medium">Paths</span>
            <select name="flow" aria-label="Paths" defaultValue={anchor.kind} className={field}>
              <option value="from">From a start page</option>
              <option value="to">To an end page</option>
            </select>
          </label>
          <label>
            <span className="block font-medium">Page</span>
            <select name="page" aria-label="Page" defaultValue={anchor.page ?? ""} className={field}>
              <option value="">Any first page</option>
              {offered.map((p) => (
                <option key={p} value={p}>
                  {p}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" className="rounded-lg px-3 py-2 ring-1 ring-zinc-300 dark:ring-zinc-700">
            Show
          </button>
        </form>
      </div>
      <PageFlowDiagram flow={flow} hrefFor={hrefFor} />
    </section>
  );
}
