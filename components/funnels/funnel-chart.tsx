"use client";

import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { type FunnelStep, type StepFigures, stepLabel } from "@/lib/analytics/funnel";
import { formatNumber } from "@/lib/format";

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

interface Row {
  label: string;
  converted: number;
  dropped: number;
  fromFirst: number;
}

function TooltipBox({ active, payload }: { active?: boolean; payload?: { payload: Row }[] }) {
  const row = payload?.[0]?.payload;
  if (!active || !row) return null;
  return (
    <div className="rounded-lg border border-zinc-200 bg-white px-3 py-2 text-sm shadow-md dark:border-zinc-700 dark:bg-zinc-900">
      <p className="font-medium">{row.label}</p>
      <p>
        {formatNumber(row.converted)} persons · {pct(row.fromFirst)} of step 1
      </p>
      {row.dropped > 0 && <p className="text-zinc-500">{formatNumber(row.dropped)} dropped off before it</p>}
    </div>
  );
}

/** Persons per step as bars, with the drop-off before each step stacked on top in grey. */
export function FunnelChart({ steps, figures }: { steps: FunnelStep[]; figures: StepFigures[] }) {
  const data: Row[] = figures.map((f, i) => ({
    label: `${i + 1}. ${stepLabel(steps[i]!)}`,
    converted: f.persons,
    dropped: f.droppedOff,
    fromFirst: f.fromFirst,
  }));
  return (
    <figure
      className="h-72 w-full text-zinc-600 dark:text-zinc-300"
      aria-label={`Funnel chart: ${data.map((d) => `${d.label} ${d.converted}`).join(", ")}`}
      data-testid="funnel-chart"
    >
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} margin={{ top: 8, right: 8, bottom: 8, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="currentColor" strokeOpacity={0.15} vertical={false} />
          <XAxis
            dataKey="label"
            tick={{ fill: "currentColor", fontSize: 12 }}
            tickFormatter={(l: string) => (l.length > 24 ? `${l.slice(0, 23)}…` : l)}
            interval={0}
          />
          <YAxis tick={{ fill: "currentColor", fontSize: 12 }} allowDecimals={false} width={48} />
          <Tooltip content={<TooltipBox />} cursor={{ fill: "currentColor", fillOpacity: 0.06 }} />
          <Bar dataKey="converted" stackId="a" fill="#dc5415" name="Converted" isAnimationActive={false} />
          <Bar
            dataKey="dropped"
            stackId="a"
            fill="#a1a1aa"
            fillOpacity={0.45}
            name="Dropped off"
            isAnimationActive={false}
          />
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}
