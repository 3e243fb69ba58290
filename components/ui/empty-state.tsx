import type { ReactNode } from "react";

/** The dashed box a list shows when it has nothing yet, with what to do about it. */
export function EmptyState({ children, testId }: { children: ReactNode; testId?: string }) {
  return (
    <div
      className="rounded-xl border border-dashed border-zinc-300 p-6 text-center text-sm text-zinc-600 dark:border-zinc-700 dark:text-zinc-400"
      data-testid={testId}
    >
      {children}
    </div>
  );
}
