"use client";

import { useSyncExternalStore } from "react";

/**
 * Short notes after a mutation ("Key created", "Could not save: …"), read out by screen readers
 * through a polite (success) or assertive (error) live region. `toast()` works from anywhere in
 * the browser; the Toaster in the dashboard's providers shows them.
 */
export type Toast = { id: number; tone: "success" | "error"; message: string };

const SHOWN_MS = 5000;
let toasts: Toast[] = [];
let nextId = 1;
const listeners = new Set<() => void>();

function emit() {
  for (const l of listeners) l();
}

function dismiss(id: number) {
  toasts = toasts.filter((t) => t.id !== id);
  emit();
}

export function toast(message: string, tone: Toast["tone"] = "success"): void {
  const id = nextId++;
  // The newest few only: a burst of failures must not cover the page.
  toasts = [...toasts.slice(-2), { id, tone, message }];
  emit();
  setTimeout(() => dismiss(id), SHOWN_MS);
}

toast.error = (message: string) => toast(message, "error");

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

const none: Toast[] = [];

export function Toaster() {
  const shown = useSyncExternalStore(
    subscribe,
    () => toasts,
    () => none,
  );
  return (
    <div className="pointer-events-none fixed right-4 bottom-4 z-50 flex w-80 flex-col gap-2">
      {(["success", "error"] as const).map((tone) => (
        <div
          key={tone}
          role={tone === "error" ? "alert" : "status"}
          aria-live={tone === "error" ? "assertive" : "polite"}
          className="flex flex-col gap-2"
          data-testid={`toasts-${tone}`}
        >
          {shown
            .filter((t) => t.tone === tone)
            .map((t) => (
              <div
                key={t.id}
                className={`pointer-events-auto flex items-start justify-between gap-3 rounded-lg px-3 py-2 text-sm shadow-lg ring-1 ${
                  tone === "error"
                    ? "bg-red-50 text-red-800 ring-red-200 dark:bg-red-950 dark:text-red-200 dark:ring-red-900"
                    : "bg-white text-zinc-900 ring-zinc-200 dark:bg-zinc-900 dark:text-zinc-100 dark:ring-zinc-700"
                }`}
              >
                <span>{t.message}</span>
                <button
                  type="button"
                  onClick={() => dismiss(t.id)}
                  className="text-zinc-500 hover:text-zinc-900 dark:hover:text-white"
                  aria-label="Dismiss"
                >
                  ×
                </button>
              </div>
            ))}
        </div>
      ))}
    </div>
  );
}
