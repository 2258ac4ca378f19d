/** A small horizontal bar chart in SVG: one bar per row, the value written at its end. */
export function BarChart({ title, rows }: { title: string; rows: { label: string; value: number }[] }) {
  const max = Math.max(1, ...rows.map((r) => r.value));
  const rowHeight = 26;
  const height = rows.length * rowHeight + 4;
  return (
    <figure className="chart">
      <figcaption>{title}</figcaption>
      <svg viewBox={`0 0 320 ${height}`} width="100%" height={height} role="img" aria-label={title}>
        {rows.map((row, i) => {
          const width = Math.round((row.value / max) * 180);
          return (
            <g key={row.label} transform={`translate(0 ${i * rowHeight + 2})`}>
              <text x="0" y="16" fontSize="12" fill="currentColor">
                {row.label}
              </text>
              <rect x="90" y="4" width={Math.max(width, 1)} height="16" rx="3" className={`bar-${i % 4}`} />
              <text x={96 + width} y="16" fontSize="12" fill="currentColor">
                {row.value}
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}
