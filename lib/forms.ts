/**
 * Form submissions ("$form_submit" events): a form is found by its name, its id or its action
 * path, case folded — the same keys for `form:` in search, the session index and funnel steps.
 */

export const FORM_EVENT = "$form_submit";

export const formKey = (value: string) => value.trim().toLowerCase().slice(0, 200);

/** The keys one submission answers to: its name, id and action path, and what it is called. */
export function formKeys(props: Record<string, unknown>): string[] {
  const keys = ["form", "name", "id", "action"]
    .map((k) => props[k])
    .filter((v): v is string => typeof v === "string" && v.trim() !== "")
    .map(formKey);
  return [...new Set(keys)];
}
