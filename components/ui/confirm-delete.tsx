"use client";

import { type ReactNode, useState } from "react";
import { errorMessage } from "@/lib/api/client";

/** A destructive action behind a second, explicit click, with the consequence spelled out. */
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
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  if (!confirming) {
    return (
      <button
        type="button"
        onClick={() => setConfirming(true)}
        className="text-sm text-red-600 hover:underline"
      >
        {label}…
      </button>
    );
  }
  return (
    <div className="space-y-2 text-sm" role="alertdialog" aria-label={`${label}?`}>
      <p>{question}</p>
      <div className="flex gap-2">
        <button
          type="button"
          disabled={busy}
          onClick={async () => {
            setBusy(true);
            setError(null);
            try {
              await onConfirm();
            } catch (e) {
              setError(errorMessage(e));
              setBusy(false);
            }
          }}
          className="rounded-md bg-red-600 px-3 py-1 font-medium text-white disabled:opacity-50"
        >
          {busy ? "Deleting…" : label}
        </button>
        <button
          type="button"
          onClick={() => setConfirming(false)}
          className="rounded-md border border-zinc-300 px-3 py-1 dark:border-zinc-700"
        >
          Cancel
        </button>
      </div>
      {error && (
        <p role="alert" className="text-red-600">
          {error}
        </p>
      )}
    </div>
  );
}
