import { api } from '../app/api.ts';
import { formatFigure } from '../app/format.ts';
import type { Park } from '../app/types.ts';
import { useApi } from '../app/useApi.ts';
import type { I18n } from '../i18n/i18n.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import type { MessageKey } from '../i18n/messages/en.ts';

/** GET /api/park-performance (src/services/chains/park-performance.ts), as far as this page reads it. */
interface Stated {
  metric: string;
  value: number;
  unit: string;
  period: string;
  quote: string | null;
}
interface Rate {
  value: number;
  basis: 'computed' | 'stated';
  of: string;
  evidence: Stated | null;
  formula: string | null;
}
interface PerformanceRow {
  code: string;
  name_zh: string;
  name_en: string | null;
  period: string | null;
  land_mu: number | null;
  land_basis: 'developed' | 'planned' | null;
  output_per_mu: number | null;
  tax_per_mu: number | null;
  leading_industry_concentration: number | null;
  output_per_mu_rank: number | null;
  tax_per_mu_rank: number | null;
  stated: Stated[];
}
interface Performance {
  peer_region: { code: string; name_zh: string };
  parks: PerformanceRow[];
  ranked_by_output_per_mu: number;
  ranked_by_tax_per_mu: number;
  industrial_concentration: Rate | null;
  leading_industry_concentration: Rate | null;
}

const BAR_COLOURS = { output_per_mu: '#1f5f8b', tax_per_mu: '#4e9a8f' } as const;

function PerMuBars({
  rows,
  field,
  label,
  nameOf,
}: {
  rows: PerformanceRow[];
  field: 'output_per_mu' | 'tax_per_mu';
  label: MessageKey;
  nameOf: (row: PerformanceRow) => string;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const rankField = field === 'output_per_mu' ? 'output_per_mu_rank' : 'tax_per_mu_rank';
  const withValue = rows
    .filter((r) => r[field] !== null)
    .sort((a, b) => (a[rankField] ?? 0) - (b[rankField] ?? 0));
  if (withValue.length === 0) {
    return (
      <p data-testid={`perf-${field}-none`}>
        {t('parks.perf.noFigure', { what: t(label).toLocaleLowerCase(i18n.locale) })}
      </p>
    );
  }
  const max = Math.max(...withValue.map((r) => r[field]!));
  const width = 720;
  const row = 44;
  return (
    <figure className="chart">
      <svg
        viewBox={`0 0 ${width} ${withValue.length * row + 4}`}
        role="img"
        aria-label={t(label)}
        data-testid={`perf-${field}`}
      >
        {withValue.map((r, k) => {
          const y = 20 + k * row;
          const w = Math.max(1, (r[field]! / max) * (width - 170));
          const value = formatFigure(i18n, r[field]!, 'yuan');
          return (
            <g key={r.code} data-park={r.code}>
              <text x={0} y={y - 5} className="axis-label">
                {t('parks.perf.rankOf', {
                  rank: i18n.number(r[rankField] ?? 0),
                  count: i18n.number(withValue.length),
                })}{' '}
                · {nameOf(r)}
              </text>
              <rect x={0} y={y} width={w} height={18} fill={BAR_COLOURS[field]}>
                <title>{`${nameOf(r)}: ${value} (${r.period ?? ''})`}</title>
              </rect>
              <text x={w + 6} y={y + 14} className="axis-label">
                {value}
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}

function RateLine({ label, rate }: { label: string; rate: Rate }) {
  const i18n = useI18n();
  const { t } = i18n;
  const basis =
    rate.basis === 'computed'
      ? t('parks.perf.computed', { formula: rate.formula ?? '' })
      : t('parks.perf.stated', { period: rate.evidence?.period ?? '', quote: rate.evidence?.quote ?? '' });
  return (
    <li>
      <strong>{label}</strong>:{' '}
      <span data-testid="perf-rate" title={basis}>
        {i18n.number(rate.value, { style: 'percent', maximumFractionDigits: 2 })}
      </span>
      <br />
      <small className="quote">{basis}</small>
    </li>
  );
}

const statedText = (i18n: I18n, s: Stated) =>
  `${s.metric}: ${formatFigure(i18n, s.value, s.unit)} (${s.period})`;

/** Output and tax per mu by park as ranked bars, the concentration rates, and the ranking table. */
export function ParkPerformance({ scope, regionName }: { scope: string; regionName: string }) {
  const i18n = useI18n();
  const { t } = i18n;
  const perf = useApi(`park-performance:${scope}`, () =>
    api<Performance>(`/api/park-performance?${new URLSearchParams({ scope })}`),
  );
  if (perf.state === 'loading') return <p>{t('common.loading')}</p>;
  if (perf.state === 'error') return <p role="alert">{t('common.error', { message: perf.message })}</p>;
  const { parks, industrial_concentration, leading_industry_concentration } = perf.data;
  const nameOf = (r: Pick<Park, 'name_zh' | 'name_en'>) => i18n.name(r.name_zh, r.name_en);
  // Parks with no figure at all are named in one line rather than given a row of dashes each.
  const hasFigure = (r: PerformanceRow) =>
    r.land_mu !== null ||
    r.output_per_mu !== null ||
    r.tax_per_mu !== null ||
    r.leading_industry_concentration !== null ||
    r.stated.length > 0;
  const rows = parks.filter(hasFigure);
  const bare = parks.filter((r) => !hasFigure(r)).map(nameOf);
  const mu = (v: number) => `${i18n.number(v, { maximumFractionDigits: 2 })} ${t('unit.mu')}`;
  return (
    <div data-testid="park-performance">
      <h3>{t('parks.perf.outputPerMu')}</h3>
      <PerMuBars rows={parks} field="output_per_mu" label="parks.perf.outputPerMu" nameOf={nameOf} />
      <h3>{t('parks.perf.taxPerMu')}</h3>
      <PerMuBars rows={parks} field="tax_per_mu" label="parks.perf.taxPerMu" nameOf={nameOf} />
      {(industrial_concentration || leading_industry_concentration) && (
        <ul className="rates" data-testid="perf-concentration">
          {industrial_concentration && (
            <RateLine
              label={t('parks.perf.industrial', { region: regionName })}
              rate={industrial_concentration}
            />
          )}
          {leading_industry_concentration && (
            <RateLine label={t('parks.perf.leading')} rate={leading_industry_concentration} />
          )}
        </ul>
      )}
      <div className="table-wrap">
        <table data-testid="perf-table">
          <caption>{t('parks.perf.tableCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('parks.name')}</th>
              <th scope="col">{t('parks.perf.land')}</th>
              <th scope="col">{t('parks.perf.outputPerMu')}</th>
              <th scope="col">{t('parks.perf.taxPerMu')}</th>
              <th scope="col">{t('parks.perf.leading')}</th>
              <th scope="col">{t('parks.perf.statedFigures')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.code} data-perf-park={r.code}>
                <th scope="row">{nameOf(r)}</th>
                <td className="num">
                  {r.land_mu === null
                    ? '—'
                    : t(
                        r.land_basis === 'developed' ? 'parks.perf.landDeveloped' : 'parks.perf.landPlanned',
                        {
                          area: mu(r.land_mu),
                        },
                      )}
                </td>
                <td className="num">
                  {r.output_per_mu === null
                    ? '—'
                    : `${formatFigure(i18n, r.output_per_mu, 'yuan')} (${t('parks.perf.rankOf', { rank: i18n.number(r.output_per_mu_rank ?? 0), count: i18n.number(perf.data.ranked_by_output_per_mu) })})`}
                </td>
                <td className="num">
                  {r.tax_per_mu === null
                    ? '—'
                    : `${formatFigure(i18n, r.tax_per_mu, 'yuan')} (${t('parks.perf.rankOf', { rank: i18n.number(r.tax_per_mu_rank ?? 0), count: i18n.number(perf.data.ranked_by_tax_per_mu) })})`}
                </td>
                <td className="num">
                  {r.leading_industry_concentration === null
                    ? '—'
                    : i18n.number(r.leading_industry_concentration, {
                        style: 'percent',
                        maximumFractionDigits: 1,
                      })}
                </td>
                <td>
                  {r.stated.length === 0 && '—'}
                  {r.stated.map((s) => (
                    <span key={`${s.metric}${s.period}`} title={s.quote ?? undefined}>
                      {statedText(i18n, s)}{' '}
                    </span>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {bare.length > 0 && (
        <p data-testid="perf-bare">{t('parks.perf.noFigures', { parks: bare.join(', ') })}</p>
      )}
    </div>
  );
}
