/**
 * The chief's dashboard (GET /api/chief-dashboard): all of a chief's chains on one screen — completeness
 * by edition, supporting rate, projects by stage, open problems, overdue tasks — and the next meeting's
 * agenda drafted from them.
 */
import { api } from '../app/api.ts';
import { hrefOf, navigate } from '../app/route.ts';
import { useApi } from '../app/useApi.ts';
import { useI18n } from '../i18n/i18n.tsx';
import type { MessageKey } from '../i18n/messages/en.ts';
import type { DeskDashboard, DeskSummary } from './types.ts';

export function ChiefDashboard({ chief, desks }: { chief: string | null; desks: DeskSummary[] }) {
  const i18n = useI18n();
  const { t } = i18n;
  const data = useApi(`chief-dashboard:${chief ?? ''}`, () =>
    api<{ desks: DeskDashboard[] }>(
      `/api/chief-dashboard${chief ? `?chief=${encodeURIComponent(chief)}` : ''}`,
    ),
  );
  const chiefs = [...new Set(desks.map((d) => d.chief?.name).filter((n): n is string => Boolean(n)))];
  const pct = (v: number | null) =>
    v === null ? t('chain.notMeasured') : i18n.number(v, { style: 'percent', maximumFractionDigits: 1 });
  return (
    <section className="panel wide" data-testid="chief-dashboard">
      <h2>{t('desk.dashboard')}</h2>
      <p className="help">{t('desk.dashboardHelp')}</p>
      <label className="controls">
        {t('desk.chiefFilter')}{' '}
        <select
          value={chief ?? ''}
          onChange={(e) =>
            navigate('desk', { view: 'dashboard', ...(e.target.value ? { chief: e.target.value } : {}) })
          }
        >
          <option value="">{t('desk.allChiefs')}</option>
          {chiefs.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
      </label>
      {data.state === 'loading' && <p>{t('common.loading')}</p>}
      {data.state === 'error' && <p role="alert">{t('common.error', { message: data.message })}</p>}
      {data.state === 'done' && (
        <div className="desk-cards">
          {data.data.desks.map((d) => (
            <article key={d.desk} className="desk-card" data-testid={`dashboard-${d.desk}`}>
              <h3>
                <a href={hrefOf('desk', { code: d.desk })}>
                  {i18n.name(d.chain.name_zh, d.chain.name_en)} —{' '}
                  {i18n.name(d.scope.name_zh, d.scope.name_en)}
                </a>
              </h3>
              <p>
                {t('desk.chief')}:{' '}
                {d.chief ? [d.chief.name, d.chief.title].filter(Boolean).join(', ') : t('desk.notRecorded')}
              </p>
              <dl>
                <dt>{t('chain.completeness')}</dt>
                <dd>{pct(d.completeness)}</dd>
                <dt>{t('desk.trend')}</dt>
                <dd>
                  {d.completeness_trend
                    .map((p) => `${p.label === 'now' ? t('desk.now') : p.label}: ${pct(p.completeness)}`)
                    .join(' → ')}
                </dd>
                <dt>{t('chain.supportingRate')}</dt>
                <dd>{pct(d.supporting_rate)}</dd>
                <dt>{t('desk.projectsByStage')}</dt>
                <dd>
                  {Object.entries(d.projects_by_stage)
                    .map(([stage, n]) => `${t(`work.stage.${stage}` as MessageKey)} ${i18n.number(n)}`)
                    .join(', ') || t('common.none')}
                </dd>
                <dt>{t('desk.openProblems')}</dt>
                <dd>{i18n.number(d.open_problems)}</dd>
                <dt>{t('desk.overdueTasks')}</dt>
                <dd>{i18n.number(d.overdue_tasks)}</dd>
              </dl>
              <h4>{t('desk.agenda')}</h4>
              <ol data-testid="agenda">
                {d.agenda.map((a) => (
                  <li key={`${a.kind}-${a.text}`} title={a.evidence ?? undefined}>
                    <span className="tag">{t(`desk.agenda.${a.kind}` as MessageKey)}</span>{' '}
                    {i18n.name(a.subject_zh, a.subject)}
                    {a.owner ? ` — ${a.owner}` : ''}
                  </li>
                ))}
              </ol>
            </article>
          ))}
        </div>
      )}
    </section>
  );
}
