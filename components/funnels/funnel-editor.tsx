"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { Button } from "@/components/ui/button";
import { controlClass } from "@/components/ui/control";
import type { FunnelStep } from "@/lib/analytics/funnel";
import type { FunnelResult } from "@/lib/analytics/run-funnel";
import { api, errorMessage } from "@/lib/api/client";
import type { FunnelDefinition, SavedFunnel } from "@/lib/data/funnels";
import { formatDate, formatNumber } from "@/lib/format";
import { FunnelChart } from "./funnel-chart";
import { FunnelPersons, type PersonsRequest } from "./funnel-persons";
import { FunnelTable } from "./funnel-table";
import { FunnelTrend } from "./funnel-trend";
import { StepEditor } from "./step-editor";

const WINDOWS: [number, string][] = [
  [3_600_000, "1 hour"],
  [86_400_000, "1 day"],
  [7 * 86_400_000, "7 days"],
  [14 * 86_400_000, "14 days"],
  [30 * 86_400_000, "30 days"],
];
const RANGES = [7, 30, 90, 180];
const BREAKDOWNS: [string, string][] = [
  ["", "No breakdown"],
  ["browser", "Browser"],
  ["device", "Device type"],
  ["os", "OS"],
  ["country", "Country"],
  ["prop", "Person property…"],
];

export const NEW_FUNNEL: FunnelDefinition = {
  name: "",
  steps: [
    { kind: "pageview", url: { mode: "equals", value: "/" }, where: [] },
    { kind: "event", name: "", where: [] },
  ],
  windowMs: 86_400_000,
  range: { kind: "last", days: 30 },
};

/** Builds, computes and saves a funnel; each bar leads to its persons and their replays. */
export function FunnelEditor({
  workspace,
  initial,
  eventNames,
  canWrite,
}: {
  workspace: string;
  initial: SavedFunnel | null;
  eventNames: string[];
  canWrite: boolean;
}) {
  const router = useRouter();
  const [def, setDef] = useState<FunnelDefinition>(initial ?? NEW_FUNNEL);
  const [persons, setPersons] = useState<PersonsRequest | null>(null);
  const { name, ...query } = def;
  const base = `/api/v1/workspaces/${workspace}/funnels`;

  const run = useMutation({
    mutationFn: (q: Omit<FunnelDefinition, "name">) =>
      api<FunnelResult & { from: number; to: number }>(`${base}/run`, { method: "POST", body: q }),
  });
  const save = useMutation({
    mutationFn: () =>
      initial
        ? api<{ funnel: SavedFunnel }>(`${base}/${initial.id}`, { method: "PUT", body: def })
        : api<{ funnel: SavedFunnel }>(base, { method: "POST", body: def }),
    onSuccess: ({ funnel }) => {
      if (!initial) router.replace(`/${workspace}/funnels/${funnel.id}`);
      router.refresh();
    },
  });
  const remove = useMutation({
    mutationFn: () => api(`${base}/${initial!.id}`, { method: "DELETE" }),
    onSuccess: () => {
      router.push(`/${workspace}/funnels`);
      router.refresh();
    },
  });

  // A saved funnel shows its figures straight away.
  // biome-ignore lint/correctness/useExhaustiveDependencies: only on first render
  useEffect(() => {
    if (initial) run.mutate(query);
  }, []);

  const setStep = (i: number, step: FunnelStep) =>
    setDef({ ...def, steps: def.steps.map((s, j) => (j === i ? step : s)) });
  const move = (i: number, by: number) => {
    const steps = [...def.steps];
    const [s] = steps.splice(i, 1);
    steps.splice(i + by, 0, s!);
    setDef({ ...def, steps });
  };
  const result = run.data;
  const stale = result && JSON.stringify(run.variables) !== JSON.stringify(query);

  return (
    <div className="grid gap-6 lg:grid-cols-[minmax(320px,420px)_1fr]">
      <form
        className="space-y-4"
        onSubmit={(e) => {
          e.preventDefault();
          setPersons(null);
          run.mutate(query);
        }}
        aria-label="Funnel definition"
      >
        <div>
          <label htmlFor="funnel-name" className="block text-sm font-medium">
            Funnel name
          </label>
          <input
            id="funnel-name"
            value={name}
            onChange={(e) => setDef({ ...def, name: e.target.value })}
            placeholder="Checkout"
            maxLength={100}
            className={controlClass("md", "mt-1 w-full")}
          />
        </div>
        <ol className="space-y-2" aria-label="Steps">
          {def.steps.map((step, i) => (
            <StepEditor
              // biome-ignore lint/suspicious/noArrayIndexKey: steps have no identity beyond their position
              key={i}
              index={i}
              count={def.steps.length}
              step={step}
              eventNames={eventNames}
              onChange={(s) => setStep(i, s)}
              onMove={(by) => move(i, by)}
              onRemove={() => setDef({ ...def, steps: def.steps.filter((_, j) => j !== i) })}
            />
          ))}
        </ol>
        {def.steps.length < 10 && (
          <Button
            variant="secondary"
            onClick={() => setDef({ ...def, steps: [...def.steps, { kind: "event", name: "", where: [] }] })}
          >
            + Add step
          </Button>
        )}
        <div className="grid grid-cols-2 gap-3 text-sm">
          <label className="block">
            <span className="font-medium">Conversion window</span>
            <select
              value={def.windowMs}
              onChange={(e) => setDef({ ...def, windowMs: Number(e.target.value) })}
              className={controlClass("md", "mt-1 w-full")}
            >
              {WINDOWS.map(([ms, label]) => (
                <option key={ms} value={ms}>
                  {label}
                </option>
              ))}
            </select>
          </label>
          <label className="block">
            <span className="font-medium">First step in the last</span>
            <select
              value={def.range.kind === "last" ? def.range.days : 30}
              onChange={(e) => setDef({ ...def, range: { kind: "last", days: Number(e.target.value) } })}
              className={controlClass("md", "mt-1 w-full")}
            >
              {RANGES.map((d) => (
                <option key={d} value={d}>
                  {d} days
                </option>
              ))}
            </select>
          </label>
          <label className="col-span-2 block">
            <span className="font-medium">Breakdown</span>
            <div className="mt-1 flex gap-2">
              <select
                value={def.breakdown?.kind ?? ""}
                onChange={(e) => {
                  const kind = e.target.value;
                  setDef({
                    ...def,
                    breakdown:
                      kind === ""
                        ? undefined
                        : kind === "prop"
                          ? { kind: "prop", key: "plan" }
                          : { kind: kind as "browser" | "device" | "os" | "country" },
                  });
                }}
                className={controlClass("md", "flex-1")}
              >
                {BREAKDOWNS.map(([v, label]) => (
                  <option key={v} value={v}>
                    {label}
                  </option>
                ))}
              </select>
              {def.breakdown?.kind === "prop" && (
                <input
                  aria-label="Person property"
                  value={def.breakdown.key}
                  onChange={(e) => setDef({ ...def, breakdown: { kind: "prop", key: e.target.value } })}
                  className={controlClass("md", "w-32")}
                />
              )}
            </div>
          </label>
        </div>
        <div className="flex flex-wrap items-center gap-2">
          <Button type="submit" disabled={run.isPending}>
            {run.isPending ? "Calculating…" : "Calculate"}
          </Button>
          {canWrite && (
            <Button
              variant="secondary"
              disabled={save.isPending || !name.trim()}
              onClick={() => save.mutate()}
            >
              {save.isPending ? "Saving…" : initial ? "Save changes" : "Save funnel"}
            </Button>
          )}
          {canWrite && initial && (
            <Button
              variant="ghost"
              className="text-red-600"
              disabled={remove.isPending}
              onClick={() => remove.mutate()}
            >
              Delete
            </Button>
          )}
        </div>
        {!name.trim() && canWrite && (
          <p className="text-xs text-zinc-500">Name the funnel to save it for your team.</p>
        )}
        {[run, save, remove].map(
          (m, i) =>
            m.isError && (
              // biome-ignore lint/suspicious/noArrayIndexKey: a fixed list of three
              <p key={i} role="alert" className="text-sm text-red-600">
                {errorMessage(m.error)}
              </p>
            ),
        )}
        {save.isSuccess && <p className="text-sm text-green-700 dark:text-green-400">Saved.</p>}
      </form>

      <section aria-label="Results" className="min-w-0 space-y-4" aria-busy={run.isPending}>
        {!result && !run.isPending && (
          <p className="rounded-xl border border-dashed border-zinc-300 p-8 text-center text-sm text-zinc-600 dark:border-zinc-700 dark:text-zinc-400">
            Define the steps and press Calculate to see how many people go through each one.
          </p>
        )}
        {run.isPending && !result && <p className="text-sm text-zinc-500">Calculating…</p>}
        {result && (
          <div className={`space-y-4 ${stale ? "opacity-60" : ""}`}>
            {stale && (
              <p className="text-sm text-amber-700 dark:text-amber-400">
                The definition changed: Calculate again.
              </p>
            )}
            {result.steps[0]!.persons === 0 ? (
              <p className="rounded-xl border border-dashed border-zinc-300 p-8 text-center text-sm text-zinc-600 dark:border-zinc-700 dark:text-zinc-400">
                Nobody did the first step in this time range. Check its event name or page, or widen the
                range.
              </p>
            ) : (
              <>
                <FunnelChart steps={run.variables!.steps} figures={result.steps} />
                <FunnelTable steps={run.variables!.steps} result={result} onPersons={(r) => setPersons(r)} />
                <FunnelTrend trend={result.trend} timeToConvert={result.timeToConvert} />
              </>
            )}
            <p className="text-xs text-zinc-500">
              {formatDate(result.from)} – {formatDate(result.to)} · {formatNumber(result.eventsRead)} events
              read
            </p>
          </div>
        )}
        {persons && run.variables && (
          <FunnelPersons
            workspace={workspace}
            funnel={run.variables}
            request={persons}
            onClose={() => setPersons(null)}
          />
        )}
      </section>
    </div>
  );
}
