"use client";

import { Button } from "@/components/ui/button";

/** A search that failed on the server: say so and offer to try again, without internals. */
export default function RecordingsError({ reset }: { error: Error; reset: () => void }) {
  return (
    <div className="space-y-3 rounded-xl border border-red-200 p-6 dark:border-red-900" role="alert">
      <h1 className="text-lg font-semibold">The recordings could not be loaded</h1>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        Something went wrong on our side while searching. Try again; if it keeps failing, the server log says
        why.
      </p>
      <Button onClick={reset}>Try again</Button>
    </div>
  );
}
