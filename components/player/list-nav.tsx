"use client";

import Link from "next/link";
import { useEffect, useState } from "react";
import { neighbours } from "@/components/recordings/list-memory";

/** Previous / next recording of the list this one was opened from (the list travels in `from`). */
export function ListNav({
  workspace,
  sessionId,
  from,
}: {
  workspace: string;
  sessionId: string;
  from: string;
}) {
  const [near, setNear] = useState<{ previous: string | null; next: string | null }>({
    previous: null,
    next: null,
  });
  useEffect(() => setNear(neighbours(workspace, from, sessionId)), [workspace, from, sessionId]);
  const href = (id: string) => `/${workspace}/recordings/${id}?${new URLSearchParams({ from })}`;
  if (!near.previous && !near.next) return null;
  return (
    <nav aria-label="Recordings of the list" className="flex gap-3 text-sm">
      {near.previous ? (
        <Link
          href={href(near.previous)}
          className="text-brand-600 hover:underline"
          data-testid="previous-recording"
        >
          ← Previous
        </Link>
      ) : (
        <span className="text-zinc-400">← Previous</span>
      )}
      {near.next ? (
        <Link href={href(near.next)} className="text-brand-600 hover:underline" data-testid="next-recording">
          Next →
        </Link>
      ) : (
        <span className="text-zinc-400">Next →</span>
      )}
    </nav>
  );
}
