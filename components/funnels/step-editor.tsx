"use client";

import { useId } from "react";
import { useFieldArray, useFormContext, useWatch } from "react-hook-form";
import { z } from "zod";
import { controlClass } from "@/components/ui/control";
import { type FunnelStep, funnelStep, PROP_OPS, URL_MODES } from "@/lib/analytics/funnel";

const field = controlClass("sm");
const errorText = "text-xs text-red-600 dark:text-red-400";

/**
 * A step as the form holds it: every kind's boxes at once, so switching kind and back keeps nothing
 * surprising, and a page match of "any" is a mode rather than a missing object.
 */
export const stepFields = z.object({
  kind: z.enum(["event", "pageview", "form"]),
  name: z.string(),
  form: z.string(),
  url: z.object({ mode: z.enum(["any", ...URL_MODES]), value: z.string() }),
  where: z.array(z.object({ key: z.string(), op: z.enum(PROP_OPS), value: z.string() })).max(1),
});

/** A page match that names no path would silently match any page: ask for one instead. */
const pathGiven = (s: z.output<typeof stepFields>) =>
  s.kind !== "pageview" || s.url.mode === "any" || s.url.value.trim() !== "";
export type StepFields = z.input<typeof stepFields>;

/** The step the API takes; a condition whose property is left empty is no condition. */
function toStep(s: z.output<typeof stepFields>): z.input<typeof funnelStep> {
  const where = s.where.filter((w) => w.key.trim());
  if (s.kind === "event") return { kind: "event", name: s.name, where };
  if (s.kind === "form") return { kind: "form", form: s.form, where };
  const url =
    s.url.mode === "any" || !s.url.value.trim() ? undefined : { mode: s.url.mode, value: s.url.value };
  return { kind: "pageview", url, where };
}

/** Form step → API step, checked by the API's own schema so the messages land on the step's boxes. */
export const stepSchema = stepFields
  .refine(pathGiven, { path: ["url", "value"], message: "Type a path, or choose Any page." })
  .transform(toStep)
  .pipe(funnelStep);

export const blankStep = (kind: StepFields["kind"]): StepFields => ({
  kind,
  name: "",
  form: "",
  url: kind === "pageview" ? { mode: "equals", value: "/" } : { mode: "any", value: "" },
  where: [],
});

export function stepToFields(step: FunnelStep): StepFields {
  const blank = blankStep(step.kind);
  const where = step.where.slice(0, 1).map((w) => ({ ...w }));
  if (step.kind === "event") return { ...blank, name: step.name, where };
  if (step.kind === "form") return { ...blank, form: step.form, where };
  return { ...blank, url: step.url?.value ? { ...step.url } : { mode: "any", value: "" }, where };
}

/** The values the step boxes live under, for the editor's form. */
type Steps = { steps: StepFields[] };

/**
 * One funnel step: an event (with an optional property condition), a page view (with a URL
 * condition) or a form submission (by the form's name, id or action path). Its boxes' errors are
 * said under the step.
 */
export function StepEditor({
  index,
  count,
  eventNames,
  onMove,
  onRemove,
}: {
  index: number;
  count: number;
  eventNames: string[];
  onMove: (by: number) => void;
  onRemove: () => void;
}) {
  const { register, control, setValue, getValues, getFieldState, formState } = useFormContext<Steps>();
  const at = `steps.${index}` as const;
  const [kind, mode] = useWatch({ control, name: [`${at}.kind`, `${at}.url.mode`] });
  const where = useFieldArray({ control, name: `${at}.where` });
  const errorId = useId();
  const errorOf = (name: Parameters<typeof getFieldState>[0]) =>
    getFieldState(name, formState).error?.message;
  const errors = {
    name: errorOf(`${at}.name`),
    form: errorOf(`${at}.form`),
    url: errorOf(`${at}.url.value`),
    key: errorOf(`${at}.where.0.key`),
    value: errorOf(`${at}.where.0.value`),
  };
  const boxId = `${errorId}-box`;
  const whereId = `${errorId}-where`;
  const wiring = (error: string | undefined, id: string) => ({
    "aria-invalid": error ? (true as const) : undefined,
    "aria-describedby": error ? id : undefined,
  });
  const boxError =
    kind === "event" ? errors.name : kind === "form" ? errors.form : mode === "any" ? undefined : errors.url;
  const whereError = errors.key ?? errors.value;
  const n = index + 1;
  const listId = `event-names-${index}`;
  return (
    <li
      className="space-y-2 rounded-lg border border-zinc-200 p-3 dark:border-zinc-800"
      data-testid="funnel-step"
    >
      <div className="flex items-center gap-2">
        <span className="flex size-6 shrink-0 items-center justify-center rounded-full bg-brand-600 text-xs font-semibold text-white">
          {n}
        </span>
        <select
          aria-label={`Step ${n} kind`}
          className={field}
          {...register(`${at}.kind`, {
            // A new kind starts from its blank step, as a page view starts at "/".
            onChange: (e) => {
              const { url } = blankStep(e.target.value);
              setValue(`${at}.url`, url);
              setValue(`${at}.name`, "");
              setValue(`${at}.form`, "");
              where.remove();
            },
          })}
        >
          <option value="event">Event</option>
          <option value="pageview">Page view</option>
          <option value="form">Form submitted</option>
        </select>
        <div className="ml-auto flex gap-1 text-zinc-500">
          <button
            type="button"
            aria-label={`Move step ${n} up`}
            disabled={index === 0}
            onClick={() => onMove(-1)}
            className="px-1 disabled:opacity-30"
          >
            ↑
          </button>
          <button
            type="button"
            aria-label={`Move step ${n} down`}
            disabled={index === count - 1}
            onClick={() => onMove(1)}
            className="px-1 disabled:opacity-30"
          >
            ↓
          </button>
          <button
            type="button"
            aria-label={`Remove step ${n}`}
            disabled={count <= 2}
            onClick={onRemove}
            className="px-1 disabled:opacity-30"
          >
            ✕
          </button>
        </div>
      </div>
      {kind === "event" ? (
        <>
          <input
            aria-label={`Step ${n} event name`}
            list={listId}
            placeholder="checkout_started"
            maxLength={200}
            className={`${field} w-full`}
            {...wiring(errors.name, boxId)}
            {...register(`${at}.name`)}
          />
          <datalist id={listId}>
            {eventNames
              .filter((x) => x !== "$pageview")
              .map((x) => (
                <option key={x} value={x} />
              ))}
          </datalist>
        </>
      ) : kind === "form" ? (
        <input
          aria-label={`Step ${n} form`}
          placeholder="Form name, id or action path (empty: any form)"
          maxLength={200}
          className={`${field} w-full`}
          {...wiring(errors.form, boxId)}
          {...register(`${at}.form`)}
        />
      ) : (
        <div className="flex gap-2">
          <select
            aria-label={`Step ${n} page match`}
            className={field}
            {...register(`${at}.url.mode`, {
              onChange: () => {
                if (!getValues(`${at}.url.value`)) setValue(`${at}.url.value`, "/");
              },
            })}
          >
            <option value="any">Any page</option>
            <option value="equals">Path is</option>
            <option value="prefix">Path starts with</option>
            <option value="contains">URL contains</option>
          </select>
          {mode !== "any" && (
            <input
              aria-label={`Step ${n} path`}
              placeholder="/checkout"
              maxLength={2000}
              className={`${field} min-w-0 flex-1`}
              {...wiring(errors.url, boxId)}
              {...register(`${at}.url.value`)}
            />
          )}
        </div>
      )}
      {boxError && (
        <p id={boxId} className={errorText}>
          {boxError}
        </p>
      )}
      {where.fields.length ? (
        <>
          <div className="flex items-center gap-1.5 text-sm">
            <span className="text-zinc-500">where</span>
            <input
              aria-label={`Step ${n} property`}
              maxLength={100}
              className={`${field} w-24`}
              {...wiring(errors.key, whereId)}
              {...register(`${at}.where.0.key`)}
            />
            <select aria-label={`Step ${n} comparison`} className={field} {...register(`${at}.where.0.op`)}>
              <option value="equals">=</option>
              <option value="not_equals">≠</option>
              <option value="contains">contains</option>
            </select>
            <input
              aria-label={`Step ${n} value`}
              maxLength={500}
              className={`${field} min-w-0 flex-1`}
              {...wiring(errors.value, whereId)}
              {...register(`${at}.where.0.value`)}
            />
            <button
              type="button"
              aria-label={`Remove step ${n} condition`}
              onClick={() => where.remove()}
              className="px-1 text-zinc-500"
            >
              ✕
            </button>
          </div>
          {whereError && (
            <p id={whereId} className={errorText}>
              {whereError}
            </p>
          )}
        </>
      ) : (
        <button
          type="button"
          onClick={() => where.append({ key: "", op: "equals", value: "" }, { shouldFocus: true })}
          className="text-xs text-brand-600 hover:underline"
        >
          + property condition
        </button>
      )}
    </li>
  );
}
