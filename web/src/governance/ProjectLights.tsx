import { api } from '../app/api.ts';
import { useApi } from '../app/useApi.ts';
import { useI18n } from '../i18n/i18n.tsx';
import type { MessageKey } from '../i18n/messages/en.ts';
import type { ProjectLightRow } from './types.ts';

/** The weekly meeting's list: each project's light, red first, with the rule that set it and why. */
export function ProjectLights() {
  const i18n = useI18n();
  const { t } = i18n;
  const data = useApi('gov-lights', () =>
    api<{ items: ProjectLightRow[] }>('/api/governance/project-lights'),
  );
  if (data.state === 'loading') return <p>{t('common.loading')}</p>;
  if (data.state === 'error') return <p role="alert">{t('common.error', { message: data.message })}</p>;
  return (
    <section aria-labelledby="gov-lights-title">
      <h2 id="gov-lights-title">{t('gov.lights.title')}</h2>
      <p className="help">{t('gov.lights.help')}</p>
      {data.data.items.length === 0 ? (
        <p>{t('gov.lights.none')}</p>
      ) : (
        <table data-testid="gov-lights">
          <thead>
            <tr>
              <th scope="col">{t('gov.lights.light')}</th>
              <th scope="col">{t('gov.lights.project')}</th>
              <th scope="col">{t('gov.park')}</th>
              <th scope="col">{t('gov.lights.reason')}</th>
            </tr>
          </thead>
          <tbody>
            {data.data.items.map((p) => (
              <tr key={p.code} data-light={p.light}>
                <td>
                  <span className={`gov-light gov-light-${p.light}`} aria-hidden="true" />{' '}
                  {t(`gov.light.${p.light}` as MessageKey)}
                </td>
                <th scope="row">{i18n.name(p.name_zh, p.name_en)}</th>
                <td>{p.park_code ?? '—'}</td>
                <td>
                  {p.rule && <code>{p.rule}</code>} {p.reason}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
