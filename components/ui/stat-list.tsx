import type { ReactNode } from "react";

/** Labelled figures read as pairs ("Kept 30 days — 12 MB"): a definition list, not a table. */
export function StatList({
  items,
  testId,
}: {
  items: { label: ReactNode; value: ReactNode; key: string }[];
  testId?: string;
}) {
  return (
    <dl className="max-w-md text-sm tabular-nums" data-testid={testId}>
      {items.map((item) => (
        <div
          key={item.key}
          className="flex justify-between gap-4 border-b border-zinc-100 py-1.5 last:border-0 dark:border-zinc-800"
        >
          <dt className="font-medium">{item.label}</dt>
          <dd className="text-right">{item.value}</dd>
        </div>
      ))}
    </dl>
  );
}
