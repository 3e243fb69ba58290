/**
 * A row of small bars, one per value, scaled to the largest: a trend at a glance inside a table
 * cell. Drawn as plain SVG (no client code). A value of zero keeps a faint baseline so gaps read as
 * gaps; any other value is at least 2 px tall so it shows.
 */
export function BarSparkline({
  values,
  label,
  height = 14,
  tone = "text-brand-500",
  className = "",
  testId,
}: {
  values: number[];
  /** What the bars say, for screen readers. */
  label: string;
  height?: number;
  /** The bars' colour class. */
  tone?: string;
  className?: string;
  testId?: string;
}) {
  const max = Math.max(1, ...values);
  const bar = 3;
  return (
    <svg
      width={values.length * bar}
      height={height}
      viewBox={`0 0 ${values.length * bar} ${height}`}
      role="img"
      aria-label={label}
      data-testid={testId}
      className={`${tone} ${className}`.trim()}
    >
      {values.map((v, i) => {
        const h = v > 0 ? Math.max(2, Math.round((v / max) * height)) : 1;
        return (
          <rect
            // biome-ignore lint/suspicious/noArrayIndexKey: a bar is its position
            key={i}
            x={i * bar}
            y={height - h}
            width={bar - 1}
            height={h}
            className={v > 0 ? "fill-current" : "fill-zinc-200 dark:fill-zinc-800"}
          />
        );
      })}
    </svg>
  );
}
