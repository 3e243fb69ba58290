"use client";

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatNumber } from "@/lib/format";

const COLORS = ["#dc5415", "#2563eb", "#16a34a", "#9333ea", "#ca8a04", "#0891b2", "#a1a1aa"];

function TooltipBox({
  active,
  payload,
  label,
}: {
  active?: boolean;
  payload?: { name: string; value: number; color: string }[];
  label?: string;
}) {
  if (!active || !payload?.length) return null;
  const total = payload.reduce((a, p) => a + p.value, 0);
  return (
    <div className="rounded-lg border border-zinc-200 bg-white px-3 py-2 text-sm shadow-md dark:border-zinc-700 dark:bg-zinc-900">
      <p className="font-medium">
        {label} · {formatNumber(total)} sessions
      </p>
      {payload.length > 1 &&
        payload.map((p) => (
          <p key={p.name} style={{ color: p.color }}>
            {p.name}: {formatNumber(p.value)}
          </p>
        ))}
    </div>
  );
}

/** Sessions per day (or hour, or week), stacked by segment when there is one. */
export function SessionsChart({
  days,
  series,
  grain = "day",
}: {
  days: { day: string; bySegment: Record<string, number> }[];
  series: string[];
  grain?: string;
}) {
  const data = days.map((d) => ({ day: d.day.slice(5), ...d.bySegment }));
  return (
    <figure
      className="h-72 w-full text-zinc-600 dark:text-zinc-300"
      data-testid="sessions-chart"
      aria-label={`Sessions per ${grain}`}
    >
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} margin={{ top: 8, right: 8, bottom: 8, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="currentColor" strokeOpacity={0.15} vertical={false} />
          <XAxis dataKey="day" tick={{ fill: "currentColor", fontSize: 12 }} minTickGap={12} />
          <YAxis tick={{ fill: "currentColor", fontSize: 12 }} allowDecimals={false} width={48} />
          <Tooltip content={<TooltipBox />} cursor={{ fill: "currentColor", fillOpacity: 0.06 }} />
          {series.length > 1 && <Legend wrapperStyle={{ fontSize: 12 }} />}
          {series.map((s, i) => (
            <Bar
              key={s}
              dataKey={s}
              name={s}
              stackId="a"
              fill={COLORS[i % COLORS.length]}
              isAnimationActive={false}
            />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}
