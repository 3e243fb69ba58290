import { sankey, sankeyLinkHorizontal } from "d3-sankey";
import type { ReactNode } from "react";
import { type FlowNode, flowDropSearch, flowSteps, type PageFlow } from "@/lib/analytics/page-flow";
import { formatNumber } from "@/lib/format";
import type { Condition } from "@/lib/search/filter";

const WIDTH = 960;
const HEIGHT = 380;
const NODE_WIDTH = 12;

type LaidNode = FlowNode & { x0?: number; x1?: number; y0?: number; y1?: number };

const label = (n: FlowNode) => n.path ?? "(other pages)";

/**
 * Paths as a flow: one column per step of a visit, links where visitors went next, and how many
 * left at each page; to an end page, the columns count back from it (the end page on the right)
 * and each page says how many came in there from elsewhere. Every node, link and drop-off or
 * drop-in opens its recordings (a `path:` search), so the list holds exactly the sessions the
 * diagram counted. Drawn on the server: plain SVG links.
 */
export function PageFlowDiagram({
  flow,
  hrefFor,
}: {
  flow: PageFlow;
  hrefFor: (condition: Condition) => string;
}) {
  if (flow.links.length === 0) {
    return (
      <p className="rounded-xl border border-dashed border-zinc-300 p-6 text-center text-sm text-zinc-600 dark:border-zinc-700 dark:text-zinc-400">
        {flow.end
          ? `No visit in this view came to ${flow.end} from another page.`
          : `No visit in this view went past its first page${flow.start ? ` from ${flow.start}` : ""}.`}
      </p>
    );
  }
  const steps = Math.max(...flow.nodes.map((n) => n.step)) + 1;
  // To an end page the steps count back from it: the end page is the last column.
  const column = (step: number) => (flow.end ? steps - 1 - step : step);
  const stepName = (step: number) =>
    !flow.end ? `Step ${step + 1}` : step === 0 ? "End page" : `${step} back`;
  const layout = sankey<FlowNode, { source: number; target: number; sessions: number }>()
    .nodeWidth(NODE_WIDTH)
    .nodePadding(14)
    .nodeSort(null)
    // Columns are the visit's steps (d3-sankey would push a path that ends early to the last column).
    .nodeAlign((node) => column(node.step))
    .extent([
      [1, 18],
      [WIDTH - 150, HEIGHT - 6],
    ])({
    // A node is as tall as its sessions, those who left included: the part no link leaves from is
    // the drop-off, and the height agrees with the count beside it.
    nodes: flow.nodes.map((n) => ({ ...n, fixedValue: n.sessions })),
    links: flow.links.map((l) => ({ ...l, value: l.sessions })),
  });
  const href = (steps: string[] | null) =>
    steps ? hrefFor({ kind: "path", steps, exact: false }) : undefined;
  const path = sankeyLinkHorizontal();
  return (
    <figure className="space-y-2" data-testid="page-flow">
      <div className="overflow-x-auto rounded-xl border border-zinc-200 p-2 dark:border-zinc-800">
        <svg
          viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
          className="min-w-[720px] text-zinc-700 dark:text-zinc-300"
          role="img"
          aria-label={`Flow of ${flow.sessions} visits over ${steps} steps`}
        >
          {Array.from({ length: steps }, (_, i) => {
            const x = layout.nodes.find((n) => n.step === i)?.x0 ?? 0;
            return (
              // biome-ignore lint/suspicious/noArrayIndexKey: steps are positions
              <text key={i} x={x} y={10} className="fill-zinc-500 text-[11px]">
                {stepName(i)}
              </text>
            );
          })}
          {layout.links.map((l) => {
            const source = l.source as LaidNode;
            const target = l.target as LaidNode;
            const title = `${label(source)} → ${label(target)}: ${l.sessions} sessions`;
            return (
              <Linked
                key={`${l.index}`}
                href={href(flowSteps(flow, source, target))}
                label={title}
                data={{ "data-flow-link": title }}
              >
                <path
                  d={path(l) ?? ""}
                  fill="none"
                  strokeWidth={Math.max(1, l.width ?? 1)}
                  className="stroke-brand-500/30 hover:stroke-brand-500/60"
                >
                  <title>{title}</title>
                </path>
              </Linked>
            );
          })}
          {layout.nodes.map((n: LaidNode, i) => {
            const search = flowSteps(flow, n);
            const drop = flowDropSearch(flow, n);
            const dropped = flow.end ? n.entries : n.exits;
            const dropText = flow.end ? "came in here" : "left here";
            const title = `${stepName(n.step)}: ${label(n)} — ${n.sessions} sessions, ${dropped} ${dropText}`;
            const y = ((n.y0 ?? 0) + (n.y1 ?? 0)) / 2;
            const name = label(n).length > 28 ? `${label(n).slice(0, 27)}…` : label(n);
            return (
              // biome-ignore lint/suspicious/noArrayIndexKey: nodes have no other identity
              <g key={i}>
                <Linked
                  href={href(search)}
                  label={title}
                  data={{ "data-flow-node": `${n.step}:${label(n)}` }}
                >
                  <rect
                    x={n.x0}
                    y={n.y0}
                    width={(n.x1 ?? 0) - (n.x0 ?? 0)}
                    height={Math.max(1, (n.y1 ?? 0) - (n.y0 ?? 0))}
                    className={n.path ? "fill-brand-600" : "fill-zinc-400"}
                  >
                    <title>{title}</title>
                  </rect>
                </Linked>
                <text x={(n.x1 ?? 0) + 4} y={y - 2} className="fill-current text-[11px]">
                  {name} · {n.sessions}
                </text>
                {dropped > 0 && (
                  <Linked
                    href={drop ? hrefFor({ kind: "path", ...drop }) : undefined}
                    label={flow.end ? `${dropped} came in at ${label(n)}` : `${dropped} left at ${label(n)}`}
                    data={{ [flow.end ? "data-flow-entry" : "data-flow-exit"]: `${n.step}:${label(n)}` }}
                  >
                    <text
                      x={(n.x1 ?? 0) + 4}
                      y={y + 11}
                      className={drop ? "fill-red-600 text-[10px] underline" : "fill-zinc-500 text-[10px]"}
                    >
                      {dropped} {dropText}
                    </text>
                  </Linked>
                )}
              </g>
            );
          })}
        </svg>
      </div>
      <figcaption className="text-xs text-zinc-500">
        {flow.end
          ? `${formatNumber(flow.sessions)} visits that reached ${flow.end}, counted back from their first arrival there; repeats of a page in a row count once. Click a page, a link or “came in here” (the visit began on that page) to watch those recordings.`
          : `${formatNumber(flow.sessions)} visits${flow.start ? ` that began on ${flow.start}` : ""}; repeats of a page in a row count once. Click a page, a link or “left here” to watch those recordings.`}
      </figcaption>
    </figure>
  );
}

/** An SVG element that opens recordings when there is a search for it, else drawn as is. */
function Linked({
  href,
  label: name,
  data,
  children,
}: {
  href: string | undefined;
  label: string;
  data: Record<string, string>;
  children: ReactNode;
}) {
  if (!href) return <>{children}</>;
  return (
    <a href={href} aria-label={name} {...data}>
      {children}
    </a>
  );
}
