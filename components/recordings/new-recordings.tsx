"use client";

import { useRouter } from "next/navigation";
import { useNewRecordings } from "@/lib/queries/recordings";

/** Polls for sessions matching the search that started after the list was rendered. */
export function NewRecordings({ workspace, q, since }: { workspace: string; q: string; since: number }) {
  const router = useRouter();
  const { data } = useNewRecordings(workspace, q, since);
  const count = data?.sessions.length ?? 0;
  if (count === 0) return null;
  return (
    <button
      type="button"
      onClick={() => router.refresh()}
      className="w-full rounded-lg bg-brand-50 px-3 py-2 text-sm font-medium text-brand-700 ring-1 ring-brand-100 hover:bg-brand-100 dark:bg-brand-500/10 dark:text-brand-100"
      data-testid="new-recordings"
    >
      {count}
      {data?.nextCursor ? "+" : ""} new {count === 1 ? "recording" : "recordings"} — show
    </button>
  );
}
