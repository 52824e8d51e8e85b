import { useI18n } from '../i18n/i18n.tsx';
import { squarify } from './treemapLayout.ts';
import type { IndustrySpecialization } from './types.ts';

const WIDTH = 720;
const HEIGHT = 360;

/** Colour by location quotient: blue shades below 1 (under-represented), green from 1 up (specialized). */
function colourOf(lq: number): string {
  if (lq >= 2) return '#1b5e20';
  if (lq >= 1) return '#43a047';
  if (lq >= 0.5) return '#90a4ae';
  return '#cfd8dc';
}

/** Each industry a rectangle sized by its figure (employment, output…) and coloured by its LQ. */
export function SpecializationTreemap({
  industries,
  names,
}: {
  industries: IndustrySpecialization[];
  names: Map<string, string>;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const rects = squarify(
    industries.map((x) => x.value),
    { x: 0, y: 0, w: WIDTH, h: HEIGHT },
  );
  return (
    <figure className="chart">
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-label={t('analytics.treemapTitleShort')}
        data-testid="treemap"
      >
        {industries.map((x, i) => {
          const r = rects[i]!;
          const name = names.get(x.industry) ?? x.industry;
          const lq = i18n.number(x.location_quotient, { maximumFractionDigits: 2 });
          return (
            <g key={x.industry}>
              <rect
                x={r.x}
                y={r.y}
                width={r.w}
                height={r.h}
                fill={colourOf(x.location_quotient)}
                stroke="#fff"
              >
                <title>{t('analytics.tileTitle', { industry: name, value: i18n.number(x.value), lq })}</title>
              </rect>
              {r.w > 70 && r.h > 34 && (
                <text x={r.x + 6} y={r.y + 18} className="tile-label" fill="#fff">
                  <tspan>{name.length > r.w / 8 ? `${name.slice(0, Math.floor(r.w / 8))}…` : name}</tspan>
                  <tspan x={r.x + 6} dy="16">
                    {t('analytics.lq', { lq })}
                  </tspan>
                </text>
              )}
            </g>
          );
        })}
      </svg>
      <figcaption>
        <span className="legend-item">
          <span className="swatch" style={{ background: '#1b5e20' }} /> {t('analytics.legendHigh')}
        </span>{' '}
        <span className="legend-item">
          <span className="swatch" style={{ background: '#43a047' }} /> {t('analytics.legendPresent')}
        </span>{' '}
        <span className="legend-item">
          <span className="swatch" style={{ background: '#90a4ae' }} /> {t('analytics.legendBelow')}
        </span>
      </figcaption>
      <table className="sr-table" data-testid="specialization-table">
        <caption>{t('analytics.tableCaption')}</caption>
        <thead>
          <tr>
            <th>{t('analytics.industry')}</th>
            <th>{t('common.value')}</th>
            <th>{t('analytics.lqHeader')}</th>
            <th>{t('analytics.density')}</th>
          </tr>
        </thead>
        <tbody>
          {industries.map((x) => (
            <tr key={x.industry}>
              <th scope="row">{names.get(x.industry) ?? x.industry}</th>
              <td>{i18n.number(x.value)}</td>
              <td>{i18n.number(x.location_quotient, { maximumFractionDigits: 2 })}</td>
              <td>{i18n.number(x.density, { maximumFractionDigits: 2 })}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
