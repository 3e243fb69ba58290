"use client";

import { useEffect, useMemo, useRef, useState } from "react";
import {
  type Health,
  mutationStorms,
  replayCauses,
  type StylesheetFate,
  uninlinedStylesheets,
  withReplayCauses,
} from "@/lib/replay/health";

type ReplayEvent = { type: number; timestamp: number; data: Record<string, unknown> };

/** Font families whose faces the replayed document tried and failed to load. */
async function failedFonts(doc: Document | null): Promise<string[]> {
  const fonts = doc?.fonts;
  if (!fonts) return [];
  await fonts.ready;
  const failed = new Set<string>();
  fonts.forEach((face) => {
    if (face.status === "error") failed.add(face.family.replace(/^["']|["']$/g, ""));
  });
  return [...failed].sort();
}

/**
 * The recording's health: what ingest kept (props.health, computed on the server) with what only
 * the replay can see (stylesheets the recorder could not read and whether the server recovered
 * them, fonts that failed to load in the replay, mutation storms, parts that failed to load).
 */
export function useRecordingHealth(args: {
  health: Health;
  events: ReplayEvent[];
  /** Changes when more events arrived (the loader's throttled version). */
  eventsVersion: number;
  ready: boolean;
  failedChunks: number;
  chunkCount: number;
  /** What the asset store did for each stylesheet the recorder could not read. */
  stylesheetFate: (href: string) => StylesheetFate;
  replayDocument: () => Document | null;
}): Health {
  const { events, eventsVersion, ready, stylesheetFate } = args;
  const replayDocument = useRef(args.replayDocument);
  replayDocument.current = args.replayDocument;
  const [fonts, setFonts] = useState<string[]>([]);
  const [fateVersion, setFateVersion] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: events is a ref that grows; the version says when
  const storms = useMemo(() => mutationStorms(events), [eventsVersion]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: as above, and fates settle after the fetches
  const stylesheets = useMemo(
    () => uninlinedStylesheets(events).map(stylesheetFate),
    [eventsVersion, fateVersion],
  );
  // biome-ignore lint/correctness/useExhaustiveDependencies: new events may add fonts and stylesheets to check
  useEffect(() => {
    if (!ready) return;
    let live = true;
    // The replay's fonts and the server's stylesheet fetches settle a moment after the first frame.
    const timer = setTimeout(() => {
      setFateVersion((v) => v + 1);
      void failedFonts(replayDocument.current()).then((f) => {
        if (live) setFonts((old) => (old.join() === f.join() ? old : f));
      });
    }, 1500);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [ready, eventsVersion]);
  return withReplayCauses(
    args.health,
    replayCauses({
      stylesheets,
      fontsMissing: fonts,
      storms,
      unloaded: { failed: args.failedChunks, of: args.chunkCount },
    }),
  );
}

/** Every cause, each with why and what to do, above the replay when there is any. */
export function HealthBanner({ health }: { health: Health }) {
  if (!health.problems.length) return null;
  return (
    <ul
      className="space-y-1 rounded-lg bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:bg-amber-950/40 dark:text-amber-200"
      data-testid="replay-problem"
    >
      {health.problems.map((p) => (
        <li key={p}>{p}</li>
      ))}
    </ul>
  );
}

/** The one line under every replay: "complete" only when no cause applies. */
export function HealthLine({
  health,
  loaded,
  scale,
}: {
  health: Health;
  loaded: { fed: number; of: number };
  scale: { percent: number; width: number; height: number } | null;
}) {
  return (
    <p className="text-xs text-zinc-500" data-testid="health" data-ok={health.ok}>
      {health.line}
      {loaded.fed < loaded.of && ` · ${loaded.fed} of ${loaded.of} loaded`}
      {scale &&
        scale.percent < 100 &&
        ` · shown at ${scale.percent}% of the recorded ${scale.width}×${scale.height} viewport`}
    </p>
  );
}
