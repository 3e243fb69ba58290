import { BarSparkline } from "@/components/ui/bar-sparkline";

/** The session's input and pointer activity over its length: where the visitor was busy at a glance. */
export function ActivitySparkline({ slices, durationMs }: { slices: number[]; durationMs: number }) {
  // Minute counts say nothing about a visit shorter than two minutes.
  if (!slices.some((s) => s > 0) || durationMs < 120_000) return null;
  return (
    <BarSparkline
      values={slices}
      label="Activity over the recording"
      className="mt-1 block"
      testId="activity-sparkline"
    />
  );
}
