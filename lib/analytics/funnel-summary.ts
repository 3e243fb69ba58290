import { TtlCache } from "@/lib/cache";
import { queryOf, type SavedFunnel } from "@/lib/data/funnels";
import type { ConversionDay } from "./funnel";
import { runFunnel } from "./run-funnel";

export interface FunnelSummary {
  entered: number;
  converted: number;
  /** converted / entered, or null when nobody entered. */
  rate: number | null;
  /** Conversion of the range's last 7 days minus the 7 before (percentage points), when both had entrants. */
  weekChange: number | null;
  /** Conversion per week of the range, oldest first (null: nobody entered that week): the row's sparkline. */
  weekly: (number | null)[];
  from: number;
  to: number;
}

/** A list page shows every saved funnel: each is computed at most every few minutes per change. */
const cache = new TtlCache<FunnelSummary>(5 * 60_000, 1000);

export function funnelSummary(ws: string, funnel: SavedFunnel): Promise<FunnelSummary> {
  return cache.get(`${ws}:${funnel.id}:${funnel.updatedAt}`, async () => {
    const query = queryOf(funnel);
    const { result } = await runFunnel(ws, query);
    const entered = result.steps[0]?.persons ?? 0;
    const converted = result.steps.at(-1)?.persons ?? 0;
    return {
      entered,
      converted,
      rate: entered ? converted / entered : null,
      weekChange: weekChange(result.trend),
      weekly: weeks(result.trend).map(rateOf),
      from: query.from,
      to: query.to,
    };
  });
}

const rateOf = (days: ConversionDay[]) => {
  const entered = days.reduce((n, d) => n + d.entered, 0);
  return entered ? days.reduce((n, d) => n + d.converted, 0) / entered : null;
};

/** Days grouped in sevens from the newest back (the oldest week may be shorter). */
function weeks(days: ConversionDay[]): ConversionDay[][] {
  const out: ConversionDay[][] = [];
  for (let end = days.length; end > 0; end -= 7) out.unshift(days.slice(Math.max(0, end - 7), end));
  return out;
}

function weekChange(days: ConversionDay[]): number | null {
  const [last, previous] = [rateOf(days.slice(-7)), days.length >= 14 ? rateOf(days.slice(-14, -7)) : null];
  return last === null || previous === null ? null : Math.round((last - previous) * 1000) / 10;
}
