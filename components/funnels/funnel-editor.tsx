"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { useFieldArray, useFormContext, useWatch } from "react-hook-form";
import { z } from "zod";
import { Button } from "@/components/ui/button";
import { controlClass } from "@/components/ui/control";
import { FieldFrame } from "@/components/ui/field";
import { Form, FormError, SelectField, TextField, useZodForm } from "@/components/ui/form";
import { BREAKDOWNS as BREAKDOWN_KINDS, funnelQuery } from "@/lib/analytics/funnel";
import { errorMessage } from "@/lib/api/client";
import type { FunnelDefinition, FunnelRange, SavedFunnel } from "@/lib/data/funnels";
import { formatDate, formatNumber } from "@/lib/format";
import { useDeleteFunnel, useRunFunnel, useSaveFunnel } from "@/lib/queries/funnels";
import { FunnelChart } from "./funnel-chart";
import { FunnelPersons, type PersonsRequest } from "./funnel-persons";
import { FunnelTable } from "./funnel-table";
import { FunnelTrend } from "./funnel-trend";
import { blankStep, StepEditor, stepSchema, stepToFields } from "./step-editor";

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
const MAX_STEPS = 10;

export const NEW_FUNNEL: FunnelDefinition = {
  name: "",
  steps: [
    { kind: "pageview", url: { mode: "equals", value: "/" }, where: [] },
    { kind: "event", name: "", where: [] },
  ],
  windowMs: 86_400_000,
  range: { kind: "last", days: 30 },
};

/** A range as a select's value: "last:30", or "between:from:to" for fixed dates set through the API. */
const rangeValue = (r: FunnelRange) => (r.kind === "last" ? `last:${r.days}` : `between:${r.from}:${r.to}`);
function rangeOf(value: string): FunnelRange {
  const [kind, a, b] = value.split(":");
  return kind === "between" ? { kind, from: Number(a), to: Number(b) } : { kind: "last", days: Number(a) };
}

/**
 * What the editor checks before it calculates or saves; the server checks again
 * (lib/data/funnels.ts funnelDefinition). The name is only needed to save, so it may be empty here.
 */
export const funnelFields = z
  .object({
    name: z.string().trim().max(100, "At most 100 characters."),
    steps: z
      .array(stepSchema)
      .min(2, "A funnel has at least two steps.")
      .max(MAX_STEPS, "A funnel has at most ten steps."),
    windowMs: z.string().transform(Number).pipe(funnelQuery.shape.windowMs),
    range: z.string().regex(/^(last:\d+|between:\d+:\d+)$/),
    breakdown: z.enum(["", ...BREAKDOWN_KINDS, "prop"]),
    breakdownKey: z.string().trim().max(100, "At most 100 characters."),
  })
  .refine((f) => f.breakdown !== "prop" || f.breakdownKey, {
    path: ["breakdownKey"],
    message: "Name the person property.",
  })
  .transform(
    ({ name, steps, windowMs, range, breakdown, breakdownKey }): FunnelDefinition => ({
      name,
      steps,
      windowMs,
      range: rangeOf(range),
      ...(breakdown === "prop"
        ? { breakdown: { kind: "prop", key: breakdownKey } }
        : breakdown
          ? { breakdown: { kind: breakdown } }
          : {}),
    }),
  );
export type FunnelFields = z.input<typeof funnelFields>;

export function toFields(def: FunnelDefinition): FunnelFields {
  return {
    name: def.name,
    steps: def.steps.map(stepToFields),
    windowMs: String(def.windowMs),
    range: rangeValue(def.range),
    breakdown: def.breakdown?.kind ?? "",
    breakdownKey: def.breakdown?.kind === "prop" ? def.breakdown.key : "plan",
  };
}

const queryOf = ({ name: _, ...query }: FunnelDefinition) => query;

/** The select options that say a saved value even when the editor does not offer it. */
function withCurrent(options: { value: string; label: string }[], value: string, label: string) {
  return options.some((o) => o.value === value) ? options : [...options, { value, label }];
}

function Steps({ eventNames }: { eventNames: string[] }) {
  const { control } = useFormContext<FunnelFields>();
  const steps = useFieldArray({ control, name: "steps" });
  return (
    <>
      <ol className="space-y-2" aria-label="Steps">
        {steps.fields.map((step, i) => (
          <StepEditor
            key={step.id}
            index={i}
            count={steps.fields.length}
            eventNames={eventNames}
            onMove={(by) => steps.move(i, i + by)}
            onRemove={() => steps.remove(i)}
          />
        ))}
      </ol>
      {steps.fields.length < MAX_STEPS && (
        <Button variant="secondary" onClick={() => steps.append(blankStep("event"), { shouldFocus: false })}>
          + Add step
        </Button>
      )}
    </>
  );
}

/** The breakdown and, for a person property, which one; the frame says the property's error. */
function Breakdown() {
  const { register, control, getFieldState, formState } = useFormContext<FunnelFields>();
  const kind = useWatch({ control, name: "breakdown" });
  return (
    <div className="col-span-2">
      <FieldFrame label="Breakdown" error={getFieldState("breakdownKey", formState).error?.message}>
        {(wiring) => (
          <div className="flex gap-2">
            <select {...wiring} className={controlClass("md", "flex-1")} {...register("breakdown")}>
              {BREAKDOWNS.map(([v, label]) => (
                <option key={v} value={v}>
                  {label}
                </option>
              ))}
            </select>
            {kind === "prop" && (
              <input
                aria-label="Person property"
                aria-invalid={wiring["aria-invalid"]}
                aria-describedby={wiring["aria-describedby"]}
                maxLength={100}
                className={controlClass("md", "w-32")}
                {...register("breakdownKey")}
              />
            )}
          </div>
        )}
      </FieldFrame>
    </div>
  );
}

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
  const [start] = useState(() => toFields(initial ?? NEW_FUNNEL));
  const form = useZodForm(funnelFields, start);
  const [persons, setPersons] = useState<PersonsRequest | null>(null);
  // Calculate and Save submit the same form; the button pressed says which.
  const intent = useRef<"run" | "save">("run");

  const run = useRunFunnel(workspace);
  const save = useSaveFunnel(workspace, initial?.id, (funnel) => {
    if (!initial) router.replace(`/${workspace}/funnels/${funnel.id}`);
  });
  const remove = useDeleteFunnel(workspace, initial?.id ?? "", () => router.push(`/${workspace}/funnels`));

  // A saved funnel shows its figures straight away.
  // biome-ignore lint/correctness/useExhaustiveDependencies: only on first render
  useEffect(() => {
    const parsed = funnelFields.safeParse(start);
    if (initial && parsed.success) run.mutate(queryOf(parsed.data));
  }, []);

  const values = useWatch({ control: form.control });
  const current = funnelFields.safeParse(values);
  const name = values.name?.trim() ?? "";
  const result = run.data;
  const stale =
    result && (!current.success || JSON.stringify(queryOf(current.data)) !== JSON.stringify(run.variables));

  const submit = (def: FunnelDefinition) => {
    if (intent.current === "save") return save.mutateAsync(def);
    setPersons(null);
    return run.mutateAsync(queryOf(def));
  };
  const windows = withCurrent(
    WINDOWS.map(([ms, label]) => ({ value: String(ms), label })),
    start.windowMs,
    `${formatNumber(Number(start.windowMs) / 3_600_000)} hours`,
  );
  const ranges = withCurrent(
    RANGES.map((d) => ({ value: `last:${d}`, label: `${d} days` })),
    start.range,
    initial?.range.kind === "between"
      ? `${formatDate(initial.range.from)} – ${formatDate(initial.range.to)}`
      : `${start.range.replace("last:", "")} days`,
  );

  return (
    <div className="grid gap-6 lg:grid-cols-[minmax(320px,420px)_1fr]">
      <Form form={form} onSubmit={submit} aria-label="Funnel definition">
        <TextField<FunnelFields> name="name" label="Funnel name" placeholder="Checkout" maxLength={100} />
        <Steps eventNames={eventNames} />
        <div className="grid grid-cols-2 gap-3 text-sm">
          <SelectField<FunnelFields> name="windowMs" label="Conversion window" options={windows} />
          <SelectField<FunnelFields> name="range" label="First step in the last" options={ranges} />
          <Breakdown />
        </div>
        <div className="flex flex-wrap items-center gap-2">
          <Button
            type="submit"
            disabled={run.isPending}
            onClick={() => {
              intent.current = "run";
            }}
          >
            {run.isPending ? "Calculating…" : "Calculate"}
          </Button>
          {canWrite && (
            <Button
              type="submit"
              variant="secondary"
              disabled={save.isPending || !name}
              onClick={() => {
                intent.current = "save";
              }}
            >
              {save.isPending ? "Saving…" : initial ? "Save changes" : "Save funnel"}
            </Button>
          )}
          {canWrite && initial && (
            <Button
              variant="ghost"
              className="text-red-600"
              disabled={remove.isPending}
              onClick={() =>
                remove
                  .mutateAsync()
                  .catch((e: unknown) => form.setError("root.server", { message: errorMessage(e) }))
              }
            >
              Delete
            </Button>
          )}
        </div>
        {!name && canWrite && (
          <p className="text-xs text-zinc-500">Name the funnel to save it for your team.</p>
        )}
        <FormError />
        {save.isSuccess && <p className="text-sm text-green-700 dark:text-green-400">Saved.</p>}
      </Form>

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
