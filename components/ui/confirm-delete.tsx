"use client";

import type { ReactNode } from "react";
import { ConfirmDialog } from "./confirm-dialog";

/**
 * A destructive action behind a modal question with the consequence spelled out: "Delete
 * recording…" opens it, "Delete recording" in it does it.
 */
export function ConfirmDelete({
  label,
  question,
  onConfirm,
}: {
  /** "Delete recording" (the first click reads "Delete recording…"). */
  label: string;
  question: ReactNode;
  onConfirm: () => Promise<void>;
}) {
  return (
    <ConfirmDialog
      trigger={
        <button type="button" className="text-sm text-red-600 hover:underline">
          {label}…
        </button>
      }
      title={`${label}?`}
      question={question}
      confirmLabel={label}
      pendingLabel="Deleting…"
      onConfirm={onConfirm}
    />
  );
}
