import type { LandParcel, Park } from '../app/types.ts';
import { useI18n } from '../i18n/i18n.tsx';
import type { MessageKey } from '../i18n/messages/en.ts';

export const LAND_STATUSES = [
  'raw',
  'standard_ready',
  'sold',
  'in_use',
  'inefficient',
  'revitalized',
] as const;
const COLOURS: Record<string, string> = {
  raw: '#b8c4d6',
  standard_ready: '#4e9a8f',
  sold: '#1f5f8b',
  in_use: '#2e7d32',
  inefficient: '#c0392b',
  revitalized: '#e69f00',
};

/** Horizontal stacked bars: each park's recorded land in mu, split by status (Lijiang's report, seed 003). */
export function LandByStatusChart({ parcels, parks }: { parcels: LandParcel[]; parks: Park[] }) {
  const i18n = useI18n();
  const { t } = i18n;
  if (parcels.length === 0) return <p>{t('parks.noLand')}</p>;
  const byPark = new Map<string, LandParcel[]>();
  // Areas arrive as SQL numerics (JSON strings): read them as numbers once.
  for (const p of parcels) {
    byPark.set(p.park_code, [...(byPark.get(p.park_code) ?? []), { ...p, area_mu: Number(p.area_mu) }]);
  }
  const rows = [...byPark].map(([code, items]) => ({
    code,
    name: (() => {
      const park = parks.find((p) => p.code === code);
      return park ? i18n.name(park.name_zh, park.name_en) : code;
    })(),
    items: [...items].sort(
      (a, b) => LAND_STATUSES.indexOf(a.status as never) - LAND_STATUSES.indexOf(b.status as never),
    ),
    total: items.reduce((sum, p) => sum + p.area_mu, 0),
  }));
  const max = Math.max(...rows.map((r) => r.total));
  const barHeight = 24;
  const rowHeight = barHeight + 30;
  const labelWidth = 0;
  const width = 720;
  const plotWidth = width - 110;
  const used = [...new Set(parcels.map((p) => p.status))];
  const mu = (v: number) => `${i18n.number(v, { maximumFractionDigits: 2 })} ${t('unit.mu')}`;
  return (
    <figure className="chart">
      <svg
        viewBox={`0 0 ${width} ${rows.length * rowHeight + 4}`}
        role="img"
        aria-label={t('parks.landTitle')}
        data-testid="land-chart"
      >
        {rows.map((row, r) => {
          let x = labelWidth;
          const y = 22 + r * rowHeight;
          return (
            <g key={row.code}>
              <text x={0} y={y - 6} className="axis-label">
                {row.name}
              </text>
              {row.items.map((p) => {
                const w = (p.area_mu / max) * plotWidth;
                const rect = (
                  <rect
                    key={p.code}
                    x={x}
                    y={y}
                    width={Math.max(w, 1)}
                    height={barHeight}
                    fill={COLOURS[p.status] ?? '#999'}
                  >
                    <title>
                      {`${t(`land.${p.status}` as MessageKey)}: ${mu(p.area_mu)}${p.quote ? ` — ${p.quote}` : ''}`}
                    </title>
                  </rect>
                );
                x += w;
                return rect;
              })}
              <text x={x + 6} y={y + barHeight / 2 + 5} className="axis-label">
                {mu(row.total)}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption className="legend">
        {LAND_STATUSES.filter((s) => used.includes(s)).map((s) => (
          <span key={s} className="legend-item">
            <span className="swatch" style={{ background: COLOURS[s] }} aria-hidden="true" />
            {t(`land.${s}` as MessageKey)}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
