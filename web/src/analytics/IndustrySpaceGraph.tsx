import { useMemo } from 'react';
import { useI18n } from '../i18n/i18n.tsx';
import { forceLayout } from './forceLayout.ts';
import type { IndustrySpace } from './types.ts';

const WIDTH = 720;

/** Half a label's width at 11 px: about 6.5 px a Latin letter, 11 px a Chinese character. */
const halfWidth = (text: string) =>
  [...text].reduce((sum, ch) => sum + ((ch.codePointAt(0) ?? 0) >= 0x2e80 ? 11 : 6.5), 0) / 2;
const HEIGHT = 420;
const PRESENT = '#2e7d32';
const ABSENT = '#b0bec5';

/**
 * The industry space as a network: nodes are industries (filled green where the region has them), lines
 * the proximity links the API chose (spanning tree darker, thicker for closer pairs), placed by a
 * deterministic force layout so related industries sit together.
 */
export function IndustrySpaceGraph({
  space,
  names,
  regionName,
}: {
  space: IndustrySpace;
  names: Map<string, string>;
  regionName: string;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const index = useMemo(() => new Map(space.nodes.map((n, i) => [n.industry, i])), [space]);
  const points = useMemo(
    () =>
      forceLayout(
        space.nodes.length,
        space.links.map((l) => ({
          source: index.get(l.source)!,
          target: index.get(l.target)!,
          weight: l.proximity,
        })),
        { width: WIDTH, height: HEIGHT, margin: 40 },
      ),
    [space, index],
  );
  const nameOf = (code: string) => names.get(code) ?? code;
  const label = (code: string) => (nameOf(code).length > 26 ? `${nameOf(code).slice(0, 25)}…` : nameOf(code));
  const present = space.nodes.filter((n) => n.present);
  const maxUbiquity = Math.max(1, ...space.nodes.map((n) => n.ubiquity));
  return (
    <figure className="chart">
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-label={t('analytics.space.titleShort')}
        data-testid="industry-space"
      >
        {space.links.map((l) => {
          const a = points[index.get(l.source)!]!;
          const b = points[index.get(l.target)!]!;
          return (
            <line
              key={`${l.source}-${l.target}`}
              x1={a.x}
              y1={a.y}
              x2={b.x}
              y2={b.y}
              stroke={l.tree ? '#607d8b' : '#cfd8dc'}
              strokeWidth={1 + 3 * l.proximity}
            >
              <title>{`${nameOf(l.source)} — ${nameOf(l.target)}: ${i18n.number(l.proximity, { maximumFractionDigits: 2 })}`}</title>
            </line>
          );
        })}
        {space.nodes.map((n, i) => {
          const p = points[i]!;
          // Rarer industries (found in fewer regions) are drawn smaller, as in the product space.
          const r = 6 + 8 * Math.sqrt(n.ubiquity / maxUbiquity);
          return (
            <g key={n.industry} data-industry={n.industry} data-present={n.present ? 'true' : 'false'}>
              <circle
                cx={p.x}
                cy={p.y}
                r={r}
                fill={n.present ? PRESENT : ABSENT}
                stroke={n.present ? '#1b5e20' : '#78909c'}
                strokeWidth={n.present ? 2 : 1}
              >
                <title>
                  {t('analytics.space.nodeTitle', {
                    industry: nameOf(n.industry),
                    status: t(n.present ? 'analytics.space.present' : 'analytics.space.absent'),
                    lq: i18n.number(n.location_quotient, { maximumFractionDigits: 2 }),
                    ubiquity: i18n.number(n.ubiquity),
                  })}
                </title>
              </circle>
              <text
                // Kept inside the frame: the label is centred on its node, so half its width on each side.
                x={Math.min(
                  Math.max(p.x, halfWidth(label(n.industry)) + 2),
                  WIDTH - halfWidth(label(n.industry)) - 2,
                )}
                y={p.y + r + 13}
                textAnchor="middle"
                className={n.present ? 'space-label present' : 'space-label'}
              >
                {label(n.industry)}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption>
        <span className="legend-item">
          <span className="swatch" style={{ background: PRESENT }} /> {t('analytics.space.present')}
        </span>{' '}
        <span className="legend-item">
          <span className="swatch" style={{ background: ABSENT }} /> {t('analytics.space.absent')}
        </span>{' '}
        <span data-testid="industry-space-count">
          {t('analytics.space.links', {
            nodes: i18n.number(space.nodes.length),
            links: i18n.number(space.links.length),
          })}
        </span>
      </figcaption>
      {space.region_in_table ? (
        <p data-testid="industry-space-present">
          {t('analytics.space.presentList', { region: regionName })}:{' '}
          {present.map((n) => nameOf(n.industry)).join(', ') || '—'}
        </p>
      ) : (
        <p>{t('analytics.space.notInTable')}</p>
      )}
    </figure>
  );
}
