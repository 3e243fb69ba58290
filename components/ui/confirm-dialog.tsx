"use client";

import { type ReactNode, useState } from "react";
import { errorMessage } from "@/lib/api/client";
import { Button } from "./button";
import { Dialog } from "./dialog";

/**
 * A destructive or weighty action behind a modal question: focus is trapped in it, Escape and
 * Cancel close it, and a failure keeps it open with the server's message.
 */
export function ConfirmDialog({
  trigger,
  title,
  question,
  confirmLabel,
  pendingLabel = "Working…",
  tone = "danger",
  onConfirm,
}: {
  /** The button that opens it (focus returns there). */
  trigger: ReactNode;
  title: string;
  question: ReactNode;
  confirmLabel: string;
  pendingLabel?: string;
  tone?: "danger" | "primary";
  /** Resolves when done; the dialog then closes. A throw shows its message. */
  onConfirm: () => Promise<unknown>;
}) {
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        if (busy) return;
        setOpen(next);
        setError(null);
      }}
      title={title}
      trigger={trigger}
    >
      <div className="space-y-4 text-sm">
        <div>{question}</div>
        {error && (
          <p role="alert" className="text-red-600 dark:text-red-400">
            {error}
          </p>
        )}
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={() => setOpen(false)} disabled={busy}>
            Cancel
          </Button>
          <Button
            variant={tone}
            disabled={busy}
            onClick={async () => {
              setBusy(true);
              setError(null);
              try {
                await onConfirm();
                setOpen(false);
              } catch (e) {
                setError(errorMessage(e));
              } finally {
                setBusy(false);
              }
            }}
          >
            {busy ? pendingLabel : confirmLabel}
          </Button>
        </div>
      </div>
    </Dialog>
  );
}
