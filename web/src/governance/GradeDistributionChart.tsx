import { useI18n } from '../i18n/i18n.tsx';

const BAR_HEIGHT = 28;
const LABEL_WIDTH = 150;
const WIDTH = 520;

/**
 * How many enterprises got each grade (and how many are exempt or lack figures): one horizontal bar per
 * label, its count at the end. The bars' numbers are also in the accessible name, for screen readers.
 */
export function GradeDistributionChart({
  buckets,
  order,
  labelOf,
}: {
  buckets: Record<string, number>;
  order: string[];
  labelOf: (key: string) => string;
}) {
  const i18n = useI18n();
  const rows = order.map((key) => ({ key, count: buckets[key] ?? 0 }));
  const max = Math.max(1, ...rows.map((r) => r.count));
  const height = rows.length * BAR_HEIGHT + 8;
  const label = i18n.t('gov.distributionLabel', {
    counts: rows.map((r) => `${labelOf(r.key)} ${i18n.number(r.count)}`).join(', '),
  });
  return (
    <svg
      className="gov-chart"
      role="img"
      aria-label={label}
      data-testid="gov-distribution"
      viewBox={`0 0 ${WIDTH} ${height}`}
      width="100%"
      // Bars grow from the labels rightwards in every language; the labels are letters and short words.
      style={{ maxWidth: WIDTH, direction: 'ltr' }}
    >
      {rows.map((r, i) => {
        const y = 4 + i * BAR_HEIGHT;
        const w = ((WIDTH - LABEL_WIDTH - 60) * r.count) / max;
        return (
          <g key={r.key} data-grade={r.key}>
            <text x={LABEL_WIDTH - 8} y={y + BAR_HEIGHT / 2 + 4} textAnchor="end" className="gov-chart-label">
              {labelOf(r.key)}
            </text>
            <rect
              x={LABEL_WIDTH}
              y={y + 4}
              width={w}
              height={BAR_HEIGHT - 8}
              className={`gov-bar gov-bar-${r.key}`}
            />
            <text x={LABEL_WIDTH + w + 6} y={y + BAR_HEIGHT / 2 + 4} className="gov-chart-count">
              {i18n.number(r.count)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
