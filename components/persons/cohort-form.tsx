"use client";

import { useId } from "react";
import { useFieldArray, useFormContext } from "react-hook-form";
import { z } from "zod";
import { controlClass } from "@/components/ui/control";
import { FieldFrame } from "@/components/ui/field";
import { Form, FormError, SubmitButton, TextField, useZodForm } from "@/components/ui/form";
import { api } from "@/lib/api/client";
import { formatNumber } from "@/lib/format";
import { useApiMutation } from "@/lib/queries/mutation";

const input = controlClass("sm");
const MAX_PROPERTIES = 10;
const errorText = "text-xs text-red-600 dark:text-red-400";

/** An optional whole number typed into a box: empty means "no such condition". */
const count = (max: number) =>
  z
    .string()
    .trim()
    .refine(
      (v) => v === "" || (/^\d+$/.test(v) && Number(v) >= 1 && Number(v) <= max),
      `A whole number from 1 to ${formatNumber(max)}.`,
    )
    .transform((v) => (v === "" ? undefined : Number(v)));

/** What the form checks before sending; the server checks again (lib/data/cohorts.ts cohortDefinition). */
export const cohortFields = z
  .object({
    name: z
      .string()
      .trim()
      .min(1, "Name the cohort.")
      .max(60, "At most 60 characters.")
      .regex(/^[^"\\]+$/, "A cohort name cannot contain quotes or backslashes."),
    // A row whose property is left empty is no condition: it is dropped, not refused.
    properties: z
      .array(
        z.object({
          key: z.string().trim().max(100, "At most 100 characters."),
          op: z.enum(["equals", "not_equals"]),
          value: z.string().max(500, "At most 500 characters."),
        }),
      )
      .max(MAX_PROPERTIES)
      .transform((rows) => rows.filter((r) => r.key)),
    days: count(3650),
    sessions: count(100_000),
  })
  .refine((d) => d.properties.length > 0 || d.days || d.sessions, {
    path: ["properties"],
    message: "Give the cohort at least one condition.",
  });
type CohortFields = z.input<typeof cohortFields>;

const emptyRow = (): CohortFields["properties"][number] => ({ key: "", op: "equals", value: "" });
const EMPTY: CohortFields = { name: "", properties: [emptyRow()], days: "", sessions: "" };

/** One "property is/is not value" row; its error (a too long key or value) is said under it. */
function PropertyRow({ index }: { index: number }) {
  const { register, getFieldState, formState } = useFormContext<CohortFields>();
  const errorId = useId();
  const key = getFieldState(`properties.${index}.key`, formState).error?.message;
  const value = getFieldState(`properties.${index}.value`, formState).error?.message;
  const wiring = (error: string | undefined) => ({
    "aria-invalid": error ? (true as const) : undefined,
    "aria-describedby": error ? errorId : undefined,
  });
  const n = index + 1;
  return (
    <div className="space-y-1">
      <div className="flex flex-wrap gap-2">
        <input
          aria-label={`Property ${n}`}
          placeholder="plan"
          className={`${input} w-32`}
          {...wiring(key)}
          {...register(`properties.${index}.key`)}
        />
        <select aria-label={`Comparison ${n}`} className={input} {...register(`properties.${index}.op`)}>
          <option value="equals">is</option>
          <option value="not_equals">is not</option>
        </select>
        <input
          aria-label={`Value ${n}`}
          placeholder="growth"
          className={`${input} w-40`}
          {...wiring(value)}
          {...register(`properties.${index}.value`)}
        />
      </div>
      {(key || value) && (
        <p id={errorId} className={errorText}>
          {key ?? value}
        </p>
      )}
    </div>
  );
}

/** "At least [ ] sessions": the box keeps its accessible name; the frame says its error. */
function CountField({
  name,
  label,
  before,
  after,
  max,
}: {
  name: "days" | "sessions";
  label: string;
  before: string;
  after: string;
  max: number;
}) {
  const { register, getFieldState, formState } = useFormContext<CohortFields>();
  return (
    <FieldFrame label={before} error={getFieldState(name, formState).error?.message}>
      {(wiring) => (
        <span className="flex items-center gap-1.5 text-sm">
          <input
            {...wiring}
            type="number"
            min={1}
            max={max}
            aria-label={label}
            className={`${input} w-20`}
            {...register(name)}
          />
          <span>{after}</span>
        </span>
      )}
    </FieldFrame>
  );
}

function Conditions() {
  const { control, formState } = useFormContext<CohortFields>();
  const rows = useFieldArray({ control, name: "properties" });
  const errorId = useId();
  // react-hook-form keeps an error about the array itself (not one row) at its `root`.
  const error = formState.errors.properties?.root?.message;
  return (
    <fieldset className="space-y-2 text-sm" aria-describedby={error ? errorId : undefined}>
      <legend className="font-medium">Persons whose properties</legend>
      {rows.fields.map((row, i) => (
        <PropertyRow key={row.id} index={i} />
      ))}
      {rows.fields.length < MAX_PROPERTIES && (
        <button
          type="button"
          className="text-xs text-brand-600 hover:underline"
          onClick={() => rows.append(emptyRow(), { shouldFocus: true })}
        >
          + another property
        </button>
      )}
      {error && (
        <p id={errorId} className={errorText}>
          {error}
        </p>
      )}
    </fieldset>
  );
}

/** Creates a cohort: property conditions, first seen within N days, at least N sessions (all must hold). */
export function CohortForm({ workspace }: { workspace: string }) {
  const form = useZodForm(cohortFields, EMPTY);
  // The cohorts page's server component lists them: refresh it there after a save.
  const save = useApiMutation({
    mutationFn: ({ name, properties, days, sessions }: z.output<typeof cohortFields>) =>
      api(`/api/v1/workspaces/${workspace}/cohorts`, {
        method: "POST",
        body: {
          name,
          properties,
          ...(days && { firstSeenWithinDays: days }),
          ...(sessions && { minSessions: sessions }),
        },
      }),
    refreshServer: true,
    success: null,
    onSuccess: () => form.reset(EMPTY),
  });
  return (
    <Form
      form={form}
      className="space-y-3 rounded-xl border border-zinc-200 p-4 dark:border-zinc-800"
      aria-label="New cohort"
      onSubmit={(values) => save.mutateAsync(values)}
    >
      <h2 className="font-semibold">New cohort</h2>
      <FormError />
      <TextField name="name" label="Cohort name" placeholder="Growth plan" className="max-w-sm" />
      <Conditions />
      <div className="flex flex-wrap gap-4 text-sm">
        <CountField
          name="days"
          label="First seen within days"
          before="First seen in the last"
          after="days"
          max={3650}
        />
        <CountField
          name="sessions"
          label="Minimum sessions"
          before="At least"
          after="sessions"
          max={100_000}
        />
      </div>
      <SubmitButton pending="Saving…">Save cohort</SubmitButton>
    </Form>
  );
}
