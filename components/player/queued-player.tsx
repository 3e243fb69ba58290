"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Player, type PlayerProps } from "./player";

/** Where a recording sits in a playlist being played through. */
export interface Queue {
  name: string;
  position: number;
  total: number;
  prevHref: string | null;
  nextHref: string | null;
  listHref?: string;
}

const withAutoplay = (href: string) => `${href}${href.includes("?") ? "&" : "?"}autoplay=1`;

/** The player with a playlist's previous / next and "autoplay next" around it. */
export function QueuedPlayer({ queue, ...props }: PlayerProps & { queue: Queue | null }) {
  const router = useRouter();
  const [autoNext, setAutoNext] = useState(true);
  return (
    <div className="space-y-2">
      {queue && (
        <nav
          aria-label="Playlist"
          className="flex flex-wrap items-center gap-3 rounded-lg border border-zinc-200 px-3 py-2 text-sm dark:border-zinc-800"
          data-testid="queue"
        >
          {queue.prevHref ? (
            <Link href={queue.prevHref} className="text-brand-600 hover:underline" rel="prev">
              ← Previous
            </Link>
          ) : (
            <span className="text-zinc-400">← Previous</span>
          )}
          <span>
            {queue.position} of {queue.total} in{" "}
            {queue.listHref ? (
              <Link href={queue.listHref} className="font-medium hover:underline">
                {queue.name}
              </Link>
            ) : (
              <strong className="font-medium">{queue.name}</strong>
            )}
          </span>
          {queue.nextHref ? (
            <Link href={queue.nextHref} className="text-brand-600 hover:underline" rel="next">
              Next →
            </Link>
          ) : (
            <span className="text-zinc-400">Next →</span>
          )}
          <label className="ml-auto flex items-center gap-1.5">
            <input type="checkbox" checked={autoNext} onChange={(e) => setAutoNext(e.target.checked)} />
            Autoplay next
          </label>
        </nav>
      )}
      <Player
        key={props.sessionId}
        {...props}
        onFinished={() => {
          if (autoNext && queue?.nextHref) router.push(withAutoplay(queue.nextHref));
        }}
      />
    </div>
  );
}
