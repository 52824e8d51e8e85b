import { api } from '../app/api.ts';
import { useApi } from '../app/useApi.ts';
import { useI18n } from '../i18n/i18n.tsx';
import type { MessageKey } from '../i18n/messages/en.ts';
import type { LandContract } from './types.ts';

/** Standard-land contracts as of today: status, each check with its date, and what falls short by how much. */
export function LandContracts() {
  const i18n = useI18n();
  const { t } = i18n;
  const data = useApi('gov-land', () =>
    api<{ as_of: string; items: LandContract[] }>('/api/governance/land-contracts'),
  );
  if (data.state === 'loading') return <p>{t('common.loading')}</p>;
  if (data.state === 'error') return <p role="alert">{t('common.error', { message: data.message })}</p>;
  const status = (s: string) => t(`gov.landStatus.${s}` as MessageKey);
  const value = (v: number | string | null) =>
    v === null ? '—' : typeof v === 'number' ? i18n.number(v) : v;
  return (
    <section aria-labelledby="gov-land-title">
      <h2 id="gov-land-title">{t('gov.land.title')}</h2>
      <p className="help">{t('gov.land.help')}</p>
      {data.data.items.length === 0 ? (
        <p>{t('gov.land.none')}</p>
      ) : (
        <table data-testid="gov-land">
          <thead>
            <tr>
              <th scope="col">{t('gov.land.contract')}</th>
              <th scope="col">{t('gov.land.parcel')}</th>
              <th scope="col">{t('gov.enterprise')}</th>
              <th scope="col">{t('gov.land.status')}</th>
              <th scope="col">{t('gov.land.checks')}</th>
            </tr>
          </thead>
          <tbody>
            {data.data.items.map((c) => (
              <tr key={c.code} className={`land-${c.status}`}>
                <th scope="row">{c.code}</th>
                <td>
                  {c.parcel_code} ({i18n.number(c.area_mu)} mu)
                </td>
                <td>{c.enterprise ?? '—'}</td>
                <td>
                  <strong>{status(c.status)}</strong>
                  {c.exemption_reason && <> — {c.exemption_reason}</>}
                </td>
                <td>
                  <ul>
                    {c.checkpoints.map((p) => (
                      <li key={p.kind}>
                        {t('gov.land.check', { kind: p.kind, due: p.due, status: status(p.status) })}
                        {p.criteria
                          .filter((x) => x.met === false)
                          .map((x) => (
                            <div key={x.criterion}>
                              {t('gov.land.short', {
                                criterion: x.criterion,
                                actual: value(x.actual),
                                committed: value(x.committed),
                                unit: x.unit,
                                shortfall: value(x.shortfall),
                              })}
                            </div>
                          ))}
                      </li>
                    ))}
                  </ul>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
