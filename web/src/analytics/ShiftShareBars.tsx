import { useI18n } from '../i18n/i18n.tsx';
import type { MessageKey } from '../i18n/messages/en.ts';
import type { ShiftShareAnswer } from './types.ts';

const WIDTH = 720;
const LABEL = 200;
const ROW = 30;
const BAR = 18;
const EFFECTS = [
  { key: 'national_growth', label: 'analytics.shift.national', colour: '#90a4ae' },
  { key: 'industry_mix', label: 'analytics.shift.mix', colour: '#1f5f8b' },
  { key: 'competitive', label: 'analytics.shift.competitive', colour: '#e69f00' },
] as const satisfies readonly { key: string; label: MessageKey; colour: string }[];

/**
 * Diverging stacked bars, one row per industry: the three shift-share effects stacked right of zero when
 * positive and left when negative, with a black tick at the actual change (their sum).
 */
export function ShiftShareBars({ answer, names }: { answer: ShiftShareAnswer; names: Map<string, string> }) {
  const i18n = useI18n();
  const { t } = i18n;
  const fmt = (v: number) => i18n.number(v, { maximumFractionDigits: 2, signDisplay: 'exceptZero' });
  const rows = answer.industries;
  const extent = Math.max(
    1e-9,
    ...rows.map((r) => {
      const parts = EFFECTS.map((e) => r[e.key]);
      const up = parts.filter((v) => v > 0).reduce((a, b) => a + b, 0);
      const down = -parts.filter((v) => v < 0).reduce((a, b) => a + b, 0);
      return Math.max(up, down, Math.abs(r.change));
    }),
  );
  const plot = WIDTH - LABEL - 10;
  const zero = LABEL + plot / 2;
  const scale = (v: number) => (v / extent) * (plot / 2);
  const height = rows.length * ROW + 24;
  const nameOf = (code: string) => names.get(code) ?? code;
  return (
    <figure className="chart">
      <svg
        viewBox={`0 0 ${WIDTH} ${height}`}
        role="img"
        aria-label={t('analytics.shift.titleShort')}
        data-testid="shift-share"
      >
        <line x1={zero} x2={zero} y1={0} y2={height - 20} stroke="#333" />
        {rows.map((r, i) => {
          const y = 4 + i * ROW;
          let right = 0;
          let left = 0;
          const name = nameOf(r.industry);
          return (
            <g key={r.industry} data-industry={r.industry}>
              <text x={0} y={y + BAR - 4} className="axis-label">
                {name.length > 28 ? `${name.slice(0, 27)}…` : name}
              </text>
              {EFFECTS.map((e) => {
                const v = r[e.key];
                const w = Math.abs(scale(v));
                const x = v >= 0 ? zero + right : zero - left - w;
                if (v >= 0) right += w;
                else left += w;
                return (
                  <rect key={e.key} x={x} y={y} width={w} height={BAR} fill={e.colour}>
                    <title>{`${name} — ${t(e.label)}: ${fmt(v)}`}</title>
                  </rect>
                );
              })}
              <line
                x1={zero + scale(r.change)}
                x2={zero + scale(r.change)}
                y1={y - 3}
                y2={y + BAR + 3}
                stroke="#000"
                strokeWidth={3}
              >
                <title>
                  {t('analytics.shift.barTitle', {
                    industry: name,
                    change: fmt(r.change),
                    national: fmt(r.national_growth),
                    mix: fmt(r.industry_mix),
                    competitive: fmt(r.competitive),
                  })}
                </title>
              </line>
            </g>
          );
        })}
        <text x={zero - plot / 2} y={height - 4} className="axis-label">
          {fmt(-extent)}
        </text>
        <text x={zero} y={height - 4} textAnchor="middle" className="axis-label">
          0
        </text>
        <text x={zero + plot / 2} y={height - 4} textAnchor="end" className="axis-label">
          {fmt(extent)}
        </text>
      </svg>
      <figcaption>
        {EFFECTS.map((e) => (
          <span key={e.key} className="legend-item">
            <span className="swatch" style={{ background: e.colour }} /> {t(e.label)}{' '}
          </span>
        ))}
        <span className="legend-item">
          <span className="swatch" style={{ background: '#000', width: 4 }} /> {t('analytics.shift.change')}
        </span>
      </figcaption>
      <table className="sr-table" data-testid="shift-share-table">
        <caption>{t('analytics.shift.tableCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('analytics.industry')}</th>
            <th scope="col">{t('analytics.shift.start')}</th>
            <th scope="col">{t('analytics.shift.end')}</th>
            <th scope="col">{t('analytics.shift.change')}</th>
            {EFFECTS.map((e) => (
              <th key={e.key} scope="col">
                {t(e.label)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.industry} data-industry={r.industry}>
              <th scope="row">{nameOf(r.industry)}</th>
              <td>{i18n.number(r.start)}</td>
              <td>{i18n.number(r.end)}</td>
              <td>{fmt(r.change)}</td>
              {EFFECTS.map((e) => (
                <td key={e.key}>{fmt(r[e.key])}</td>
              ))}
            </tr>
          ))}
          <tr data-testid="shift-share-total">
            <th scope="row">{t('analytics.shift.all')}</th>
            <td>{i18n.number(rows.reduce((a, r) => a + r.start, 0))}</td>
            <td>{i18n.number(rows.reduce((a, r) => a + r.end, 0))}</td>
            <td>{fmt(answer.totals.change)}</td>
            {EFFECTS.map((e) => (
              <td key={e.key}>{fmt(answer.totals[e.key])}</td>
            ))}
          </tr>
        </tbody>
      </table>
    </figure>
  );
}
