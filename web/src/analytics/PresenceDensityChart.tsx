import { useI18n } from '../i18n/i18n.tsx';
import type { MessageKey } from '../i18n/messages/en.ts';
import type { IndustrySpecialization } from './types.ts';

const WIDTH = 720;
const HEIGHT = 380;
const PAD = { left: 56, right: 16, top: 16, bottom: 44 };

/**
 * Metroverse-style quadrants: relative presence (location quotient, log scale, split at 1) against fit
 * (density: the share of an industry's related industries the region already has, split at the
 * median). Present and high fit: strengths; absent and high fit: the nearest opportunities.
 */
export function PresenceDensityChart({
  industries,
  names,
}: {
  industries: IndustrySpecialization[];
  names: Map<string, string>;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const densities = industries.map((x) => x.density).sort((a, b) => a - b);
  const medianDensity = densities.length ? densities[Math.floor((densities.length - 1) / 2)]! : 0;
  const lqs = industries.map((x) => Math.max(x.location_quotient, 0.01));
  const logMin = Math.min(-1, ...lqs.map(Math.log10));
  const logMax = Math.max(1, ...lqs.map(Math.log10));
  // Density is a share of related industries present: 0 to 1.
  const dMax = 1;
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const x = (d: number) => PAD.left + (d / dMax) * plotW;
  const y = (lq: number) =>
    PAD.top + plotH - ((Math.log10(Math.max(lq, 0.01)) - logMin) / (logMax - logMin)) * plotH;
  const quadrantOf = (s: IndustrySpecialization): MessageKey =>
    s.location_quotient >= 1
      ? s.density >= medianDensity
        ? 'analytics.q.strength'
        : 'analytics.q.isolated'
      : s.density >= medianDensity
        ? 'analytics.q.opportunity'
        : 'analytics.q.distant';
  return (
    <figure className="chart">
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-label={t('analytics.quadrantTitle')}
        data-testid="quadrant"
      >
        <line x1={PAD.left} x2={WIDTH - PAD.right} y1={y(1)} y2={y(1)} stroke="#888" strokeDasharray="4 3" />
        <line
          x1={x(medianDensity)}
          x2={x(medianDensity)}
          y1={PAD.top}
          y2={PAD.top + plotH}
          stroke="#888"
          strokeDasharray="4 3"
        />
        <text x={WIDTH - PAD.right - 4} y={PAD.top + 14} textAnchor="end" className="quadrant-label">
          {t('analytics.q.strength')}
        </text>
        <text x={PAD.left + 4} y={PAD.top + 14} className="quadrant-label">
          {t('analytics.q.isolated')}
        </text>
        <text x={WIDTH - PAD.right - 4} y={PAD.top + plotH - 6} textAnchor="end" className="quadrant-label">
          {t('analytics.q.opportunity')}
        </text>
        <text x={PAD.left + 4} y={PAD.top + plotH - 6} className="quadrant-label">
          {t('analytics.q.distant')}
        </text>
        <text x={PAD.left + plotW / 2} y={HEIGHT - 8} textAnchor="middle">
          {t('analytics.density')}
        </text>
        <text
          x={14}
          y={PAD.top + plotH / 2}
          textAnchor="middle"
          transform={`rotate(-90 14 ${PAD.top + plotH / 2})`}
        >
          {t('analytics.lqHeader')}
        </text>
        {industries.map((s) => (
          <circle
            key={s.industry}
            cx={x(s.density)}
            cy={y(s.location_quotient)}
            r={6}
            fill={s.location_quotient >= 1 ? '#2e7d32' : '#e69f00'}
            stroke="#333"
          >
            <title>
              {t('analytics.pointTitle', {
                industry: names.get(s.industry) ?? s.industry,
                lq: i18n.number(s.location_quotient, { maximumFractionDigits: 2 }),
                density: i18n.number(s.density, { maximumFractionDigits: 2 }),
                quadrant: t(quadrantOf(s)),
              })}
            </title>
          </circle>
        ))}
      </svg>
      <ul className="quadrant-list" data-testid="quadrant-list">
        {industries.map((s) => (
          <li key={s.industry}>
            {names.get(s.industry) ?? s.industry}: {t(quadrantOf(s))}
          </li>
        ))}
      </ul>
    </figure>
  );
}
