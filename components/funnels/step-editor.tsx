"use client";

import { controlClass } from "@/components/ui/control";
import type { FunnelStep } from "@/lib/analytics/funnel";

const field = controlClass("sm");

/**
 * One funnel step: an event (with an optional property condition), a page view (with a URL
 * condition) or a form submission (by the form's name, id or action path).
 */
export function StepEditor({
  index,
  count,
  step,
  eventNames,
  onChange,
  onMove,
  onRemove,
}: {
  index: number;
  count: number;
  step: FunnelStep;
  eventNames: string[];
  onChange: (step: FunnelStep) => void;
  onMove: (by: number) => void;
  onRemove: () => void;
}) {
  const n = index + 1;
  const where = step.where[0];
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
          value={step.kind}
          onChange={(e) =>
            onChange(
              e.target.value === "pageview"
                ? { kind: "pageview", url: { mode: "equals", value: "/" }, where: [] }
                : e.target.value === "form"
                  ? { kind: "form", form: "", where: [] }
                  : { kind: "event", name: "", where: [] },
            )
          }
          className={field}
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
      {step.kind === "event" ? (
        <>
          <input
            aria-label={`Step ${n} event name`}
            list={listId}
            value={step.name}
            onChange={(e) => onChange({ ...step, name: e.target.value })}
            placeholder="checkout_started"
            className={`${field} w-full`}
          />
          <datalist id={listId}>
            {eventNames
              .filter((x) => x !== "$pageview")
              .map((x) => (
                <option key={x} value={x} />
              ))}
          </datalist>
        </>
      ) : step.kind === "form" ? (
        <input
          aria-label={`Step ${n} form`}
          value={step.form}
          onChange={(e) => onChange({ ...step, form: e.target.value })}
          placeholder="Form name, id or action path (empty: any form)"
          className={`${field} w-full`}
        />
      ) : (
        <div className="flex gap-2">
          <select
            aria-label={`Step ${n} page match`}
            value={step.url?.value ? step.url.mode : "any"}
            onChange={(e) =>
              onChange({
                ...step,
                url:
                  e.target.value === "any"
                    ? undefined
                    : { mode: e.target.value as "equals", value: step.url?.value || "/" },
              })
            }
            className={field}
          >
            <option value="any">Any page</option>
            <option value="equals">Path is</option>
            <option value="prefix">Path starts with</option>
            <option value="contains">URL contains</option>
          </select>
          {step.url && (
            <input
              aria-label={`Step ${n} path`}
              value={step.url.value}
              onChange={(e) => onChange({ ...step, url: { mode: step.url!.mode, value: e.target.value } })}
              placeholder="/checkout"
              className={`${field} min-w-0 flex-1`}
            />
          )}
        </div>
      )}
      {where ? (
        <div className="flex items-center gap-1.5 text-sm">
          <span className="text-zinc-500">where</span>
          <input
            aria-label={`Step ${n} property`}
            value={where.key}
            onChange={(e) => onChange({ ...step, where: [{ ...where, key: e.target.value }] })}
            className={`${field} w-24`}
          />
          <select
            aria-label={`Step ${n} comparison`}
            value={where.op}
            onChange={(e) => onChange({ ...step, where: [{ ...where, op: e.target.value as "equals" }] })}
            className={field}
          >
            <option value="equals">=</option>
            <option value="not_equals">≠</option>
            <option value="contains">contains</option>
          </select>
          <input
            aria-label={`Step ${n} value`}
            value={where.value}
            onChange={(e) => onChange({ ...step, where: [{ ...where, value: e.target.value }] })}
            className={`${field} min-w-0 flex-1`}
          />
          <button
            type="button"
            aria-label={`Remove step ${n} condition`}
            onClick={() => onChange({ ...step, where: [] })}
            className="px-1 text-zinc-500"
          >
            ✕
          </button>
        </div>
      ) : (
        <button
          type="button"
          onClick={() => onChange({ ...step, where: [{ key: "", op: "equals", value: "" }] })}
          className="text-xs text-brand-600 hover:underline"
        >
          + property condition
        </button>
      )}
    </li>
  );
}
