"use client";

import {
  Bar,
  BarChart,
  CartesianGrid,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import type { ConversionDay } from "@/lib/analytics/funnel";
import { formatNumber, formatUtcDay } from "@/lib/format";

const day = (at: number) => formatUtcDay(at);

/** Conversion by the day persons entered, and how long the converted took: below the funnel's bars. */
export function FunnelTrend({
  trend,
  timeToConvert,
}: {
  trend: ConversionDay[];
  timeToConvert: { label: string; persons: number }[];
}) {
  const rows = trend.map((d) => ({
    day: day(d.day),
    entered: d.entered,
    converted: d.converted,
    rate: d.entered ? Math.round((d.converted / d.entered) * 1000) / 10 : null,
  }));
  const convertedTotal = timeToConvert.reduce((n, b) => n + b.persons, 0);
  return (
    <div className="grid gap-4 xl:grid-cols-2">
      <figure
        className="rounded-xl border border-zinc-200 p-3 dark:border-zinc-800"
        data-testid="conversion-trend"
      >
        <figcaption className="mb-2 text-sm font-medium">
          Conversion over time (by day entered, UTC)
        </figcaption>
        <div className="h-48">
          <ResponsiveContainer width="100%" height="100%">
            <LineChart data={rows} margin={{ left: -16, right: 8, top: 4, bottom: 0 }}>
              <CartesianGrid strokeDasharray="3 3" vertical={false} />
              <XAxis dataKey="day" tick={{ fontSize: 11 }} minTickGap={16} />
              <YAxis unit="%" domain={[0, 100]} tick={{ fontSize: 11 }} />
              <Tooltip
                formatter={(value, _name, item) =>
                  value === null || value === undefined
                    ? ["nobody entered", "Conversion"]
                    : [`${value}% (${item.payload.converted} of ${item.payload.entered})`, "Conversion"]
                }
              />
              <Line
                type="monotone"
                dataKey="rate"
                stroke="#ea580c"
                strokeWidth={2}
                dot={{ r: 3 }}
                connectNulls
              />
            </LineChart>
          </ResponsiveContainer>
        </div>
      </figure>
      <figure
        className="rounded-xl border border-zinc-200 p-3 dark:border-zinc-800"
        data-testid="time-to-convert"
      >
        <figcaption className="mb-2 text-sm font-medium">
          Time to convert, first step to last ({formatNumber(convertedTotal)}{" "}
          {convertedTotal === 1 ? "person" : "persons"})
        </figcaption>
        {convertedTotal === 0 ? (
          <p className="py-12 text-center text-sm text-zinc-500">
            Nobody reached the last step in this range.
          </p>
        ) : (
          <div className="h-48">
            <ResponsiveContainer width="100%" height="100%">
              <BarChart data={timeToConvert} margin={{ left: -16, right: 8, top: 4, bottom: 0 }}>
                <CartesianGrid strokeDasharray="3 3" vertical={false} />
                <XAxis dataKey="label" tick={{ fontSize: 10 }} interval={0} />
                <YAxis allowDecimals={false} tick={{ fontSize: 11 }} />
                <Tooltip formatter={(value) => [`${value} persons`, "Converted"]} />
                <Bar dataKey="persons" fill="#ea580c" radius={[3, 3, 0, 0]} />
              </BarChart>
            </ResponsiveContainer>
          </div>
        )}
      </figure>
    </div>
  );
}
