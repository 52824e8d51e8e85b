import { api } from '../app/api.ts';
import { useApi } from '../app/useApi.ts';
import { useI18n } from '../i18n/i18n.tsx';
import type { GradingResultDetail } from './types.ts';

/** One enterprise's score worked out: each indicator's value against its benchmark, weighted, and the total. */
export function ScoreBreakdown({
  runId,
  enterprise,
  statusLabel,
}: {
  runId: string;
  enterprise: string;
  statusLabel: (status: string) => string;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const data = useApi(`gov-result-${runId}-${enterprise}`, () =>
    api<GradingResultDetail>(`/api/governance/runs/${runId}/results/${encodeURIComponent(enterprise)}`),
  );
  if (data.state === 'loading') return <p>{t('common.loading')}</p>;
  if (data.state === 'error') return <p role="alert">{t('common.error', { message: data.message })}</p>;
  const r = data.data;
  const n = (v: number | null) => (v === null ? '—' : i18n.number(v, { maximumFractionDigits: 4 }));
  return (
    <section className="gov-breakdown" data-testid="gov-breakdown" aria-labelledby="gov-breakdown-title">
      <h2 id="gov-breakdown-title">{t('gov.breakdown', { name: i18n.name(r.name_zh, r.name_en) })}</h2>
      <p>
        <strong>{r.grade ?? statusLabel(r.status)}</strong>
        {r.exemption && <> — {t('gov.exemption', { reason: r.exemption })}</>}
      </p>
      <p className="gov-formula">{r.breakdown.formula}</p>
      {r.breakdown.items.length > 0 && (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('gov.indicator')}</th>
              <th scope="col">{t('gov.value')}</th>
              <th scope="col">{t('gov.benchmark')}</th>
              <th scope="col">{t('gov.weight')}</th>
              <th scope="col">{t('gov.points')}</th>
              <th scope="col">{t('gov.arithmetic')}</th>
            </tr>
          </thead>
          <tbody>
            {r.breakdown.items.map((item) => (
              <tr key={item.indicator} data-state={item.state}>
                <th scope="row" lang="zh">
                  {item.name_zh}
                </th>
                <td>{n(item.value)}</td>
                <td>{n(item.benchmark)}</td>
                <td>{n(item.weight)}</td>
                <td>{n(item.points)}</td>
                <td dir="ltr">{item.formula}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {r.breakdown.adjustment !== 0 && <p>{t('gov.adjustments', { points: n(r.breakdown.adjustment) })}</p>}
      {r.missing.length > 0 && (
        <p>
          {t('gov.missing')}: {r.missing.join(', ')}
        </p>
      )}
      <p data-testid="gov-total">{t('gov.total', { score: n(r.score) })}</p>
    </section>
  );
}
