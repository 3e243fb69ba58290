"use client";

import { useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { api } from "@/lib/api/client";

/** Polls for sessions matching the search that started after the list was rendered. */
export function NewRecordings({ workspace, q, since }: { workspace: string; q: string; since: number }) {
  const router = useRouter();
  const search = `${q} after:${new Date(since).toISOString()}`.trim();
  const { data } = useQuery({
    queryKey: ["new-recordings", workspace, search],
    queryFn: () =>
      api<{ sessions: unknown[]; nextCursor: string | null }>(
        `/api/v1/workspaces/${workspace}/recordings?${new URLSearchParams({ q: search, limit: "50" })}`,
      ),
    refetchInterval: 10_000,
  });
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
