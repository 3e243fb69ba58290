import { type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, useId } from "react";
import { controlClass } from "./control";

const control = controlClass("md", "block w-full");

/** What a control inside a FieldFrame spreads onto itself: its id and how it is described. */
export interface FieldControlProps {
  id: string;
  "aria-invalid": true | undefined;
  "aria-describedby": string | undefined;
}

/**
 * The one label/hint/error wiring of a form field: the label names the control, the error (or else
 * the hint) describes it, and an error marks it invalid. The control itself is the caller's.
 */
export function FieldFrame({
  label,
  hint,
  error,
  children,
}: {
  label: ReactNode;
  hint?: ReactNode;
  error?: string | null;
  children: (control: FieldControlProps) => ReactNode;
}) {
  const id = useId();
  const noteId = error ? `${id}-error` : hint ? `${id}-hint` : undefined;
  return (
    <div className="space-y-1.5">
      <label htmlFor={id} className="block text-sm font-medium">
        {label}
      </label>
      {children({ id, "aria-invalid": error ? true : undefined, "aria-describedby": noteId })}
      {noteId && (
        <p id={noteId} className={`text-xs ${error ? "text-red-600 dark:text-red-400" : "text-zinc-500"}`}>
          {error || hint}
        </p>
      )}
    </div>
  );
}

/** A labelled input outside react-hook-form (sign-in, small inline forms). */
export function Field({
  label,
  hint,
  error,
  ...props
}: InputHTMLAttributes<HTMLInputElement> & { label: string; hint?: string; error?: string | null }) {
  return (
    <FieldFrame label={label} hint={hint} error={error}>
      {(wiring) => <input {...wiring} className={control} {...props} />}
    </FieldFrame>
  );
}

export function Select({
  label,
  children,
  ...props
}: SelectHTMLAttributes<HTMLSelectElement> & { label: string }) {
  return (
    <FieldFrame label={label}>
      {(wiring) => (
        <select {...wiring} className={control} {...props}>
          {children}
        </select>
      )}
    </FieldFrame>
  );
}

export function Alert({
  tone = "error",
  children,
}: {
  tone?: "error" | "success" | "info";
  children: React.ReactNode;
}) {
  const tones = {
    error: "bg-red-50 text-red-800 ring-red-200 dark:bg-red-950/50 dark:text-red-200 dark:ring-red-900",
    success:
      "bg-emerald-50 text-emerald-800 ring-emerald-200 dark:bg-emerald-950/50 dark:text-emerald-200 dark:ring-emerald-900",
    info: "bg-zinc-50 text-zinc-700 ring-zinc-200 dark:bg-zinc-900 dark:text-zinc-300 dark:ring-zinc-800",
  };
  return (
    <div
      role={tone === "error" ? "alert" : "status"}
      className={`rounded-lg px-3 py-2 text-sm ring-1 ${tones[tone]}`}
    >
      {children}
    </div>
  );
}
