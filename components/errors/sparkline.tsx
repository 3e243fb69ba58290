/** Occurrences per day as a small bar chart, drawn on the server (no client code for a table cell). */
export function Sparkline({ values, label }: { values: number[]; label: string }) {
  const max = Math.max(1, ...values);
  const w = 3;
  return (
    <svg
      width={values.length * w}
      height={20}
      viewBox={`0 0 ${values.length * w} 20`}
      role="img"
      aria-label={label}
      className="text-red-500"
    >
      {values.map((v, i) => (
        <rect
          // biome-ignore lint/suspicious/noArrayIndexKey: days are positions
          key={i}
          x={i * w}
          y={20 - (v / max) * 20}
          width={w - 1}
          height={(v / max) * 20}
          fill="currentColor"
        />
      ))}
    </svg>
  );
}
