/** The session's input and pointer activity over its length: where the visitor was busy at a glance. */
export function ActivitySparkline({ slices, durationMs }: { slices: number[]; durationMs: number }) {
  const max = Math.max(...slices, 0);
  // Minute counts say nothing about a visit shorter than two minutes.
  if (max === 0 || durationMs < 120_000) return null;
  const width = 3;
  const height = 14;
  return (
    <svg
      className="mt-1 block text-brand-500"
      width={slices.length * width}
      height={height}
      role="img"
      aria-label="Activity over the recording"
      data-testid="activity-sparkline"
    >
      {slices.map((count, i) => {
        const h = count ? Math.max(2, Math.round((count / max) * height)) : 1;
        return (
          <rect
            // biome-ignore lint/suspicious/noArrayIndexKey: a slice is its position
            key={i}
            x={i * width}
            y={height - h}
            width={width - 1}
            height={h}
            className={count ? "fill-current" : "fill-zinc-200 dark:fill-zinc-800"}
          />
        );
      })}
    </svg>
  );
}
