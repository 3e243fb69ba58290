"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes, TextareaHTMLAttributes } from "react";
import {
  type DefaultValues,
  type FieldValues,
  FormProvider,
  type Path,
  type SubmitHandler,
  type UseFormReturn,
  useForm,
  useFormContext,
} from "react-hook-form";
import type { z } from "zod";
import { errorMessage } from "@/lib/api/client";
import { controlClass } from "./control";
import { FieldFrame } from "./field";
import "@/lib/zod-browser";

/**
 * A react-hook-form form validated by a zod schema: fields show their own error, and a failed
 * submit shows the server's message in FormError. `useZodForm` is for forms that need the form
 * object (watch, reset); `Form` renders the provider and the submit wiring.
 */
export function useZodForm<In extends FieldValues, Out extends FieldValues>(
  schema: z.ZodType<Out, In>,
  defaultValues: DefaultValues<In>,
) {
  return useForm<In, unknown, Out>({
    resolver: zodResolver(schema),
    defaultValues,
    mode: "onSubmit",
  });
}

export function Form<TIn extends FieldValues, TOut extends FieldValues>({
  form,
  onSubmit,
  children,
  className = "space-y-4",
  ...rest
}: {
  form: UseFormReturn<TIn, unknown, TOut>;
  onSubmit: (values: TOut) => Promise<unknown> | unknown;
  children: ReactNode;
  className?: string;
  "aria-label"?: string;
}) {
  const submit: SubmitHandler<TOut> = async (values) => {
    try {
      await onSubmit(values);
    } catch (e) {
      form.setError("root.server", { message: errorMessage(e) });
    }
  };
  return (
    <FormProvider {...form}>
      <form noValidate className={className} onSubmit={form.handleSubmit(submit)} {...rest}>
        {children}
      </form>
    </FormProvider>
  );
}

/** A field of the surrounding Form: how to register it, and its error message if it has one. */
export function useFieldState(name: string) {
  const { register, getFieldState, formState } = useFormContext();
  const { error } = getFieldState(name, formState);
  return { register, error: error?.message };
}

type FieldProps<T extends FieldValues> = { name: Path<T>; label: ReactNode; hint?: ReactNode };
const fieldClass = (extra: string) => controlClass("md", `block w-full ${extra}`);

/** A text input bound to the surrounding Form by name, with its label and its own error. */
export function TextField<T extends FieldValues>({
  name,
  label,
  hint,
  className = "",
  ...props
}: Omit<InputHTMLAttributes<HTMLInputElement>, "name"> & FieldProps<T>) {
  const { register, error } = useFieldState(name);
  const valueAsNumber = props.type === "number";
  return (
    <FieldFrame label={label} hint={hint} error={error}>
      {(wiring) => (
        <input
          {...wiring}
          className={fieldClass(className)}
          {...props}
          {...register(name, valueAsNumber ? { valueAsNumber } : {})}
        />
      )}
    </FieldFrame>
  );
}

export function TextAreaField<T extends FieldValues>({
  name,
  label,
  hint,
  className = "",
  ...props
}: Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, "name"> & FieldProps<T>) {
  const { register, error } = useFieldState(name);
  return (
    <FieldFrame label={label} hint={hint} error={error}>
      {(wiring) => <textarea {...wiring} className={fieldClass(className)} {...props} {...register(name)} />}
    </FieldFrame>
  );
}

export function SelectField<T extends FieldValues>({
  name,
  label,
  hint,
  options,
  className = "",
  ...props
}: Omit<SelectHTMLAttributes<HTMLSelectElement>, "name"> &
  FieldProps<T> & { options: readonly { value: string; label: string }[] }) {
  const { register, error } = useFieldState(name);
  return (
    <FieldFrame label={label} hint={hint} error={error}>
      {(wiring) => (
        <select {...wiring} className={fieldClass(className)} {...props} {...register(name)}>
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </FieldFrame>
  );
}

/** The server's answer to a failed submit (set by Form), in an alert. */
export function FormError() {
  const { formState } = useFormContext();
  const message = formState.errors.root?.server?.message;
  if (!message) return null;
  return (
    <p role="alert" className="text-sm text-red-600 dark:text-red-400">
      {message}
    </p>
  );
}

/** A submit button that reads as busy while the Form submits. */
export function SubmitButton({
  children,
  pending,
  className = "",
}: {
  children: ReactNode;
  pending: ReactNode;
  className?: string;
}) {
  const { formState } = useFormContext();
  return (
    <button
      type="submit"
      disabled={formState.isSubmitting}
      className={`inline-flex items-center justify-center gap-2 rounded-lg bg-brand-600 px-3.5 py-2 text-sm font-medium text-white transition-colors hover:bg-brand-700 disabled:cursor-not-allowed disabled:bg-brand-600/50 ${className}`}
    >
      {formState.isSubmitting ? pending : children}
    </button>
  );
}
