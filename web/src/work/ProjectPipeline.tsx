import { api, list } from '../app/api.ts';
import { formatFigure } from '../app/format.ts';
import type { Park } from '../app/types.ts';
import { useApi } from '../app/useApi.ts';
import { useI18n } from '../i18n/i18n.tsx';
import type { MessageKey } from '../i18n/messages/en.ts';
import { formatDay } from './dates.ts';
import type { Pipeline, PipelineBucket, Project } from './types.ts';

/** The stages of src/domain/vocabulary.ts, in the order a project moves through them. */
const STAGES = ['planned', 'signed', 'approved', 'under_construction', 'completed', 'operating', 'cancelled'];

/** Projects by stage with planned and completed investment, by park, and the blocked or stalled ones. */
export function ProjectPipeline() {
  const i18n = useI18n();
  const { t } = i18n;
  const data = useApi('ops-pipeline', async () => {
    const [pipeline, projects, parks] = await Promise.all([
      api<Pipeline>('/api/ops/projects/pipeline'),
      list<Project>('projects', { sort: 'code' }),
      list<Park>('parks'),
    ]);
    return { pipeline, projects: projects.items, parks: parks.items };
  });
  if (data.state === 'loading') return <p>{t('common.loading')}</p>;
  if (data.state === 'error') return <p role="alert">{t('common.error', { message: data.message })}</p>;
  const { pipeline, projects, parks } = data.data;
  const parkName = (code: string | null) => {
    const park = parks.find((p) => p.code === code);
    return park ? i18n.name(park.name_zh, park.name_en) : (code ?? '—');
  };
  const money = (v: number | string | null) =>
    v === null || Number(v) === 0 ? '—' : formatFigure(i18n, Number(v), 'yuan');
  const stages = [...pipeline.by_stage].sort(
    (a, b) => STAGES.indexOf(a.key ?? '') - STAGES.indexOf(b.key ?? ''),
  );
  const bucketRows = (rows: PipelineBucket[], name: (key: string | null) => string) =>
    rows.map((b) => (
      <tr key={b.key ?? 'none'}>
        <th scope="row">{name(b.key)}</th>
        <td>{i18n.number(b.projects)}</td>
        <td>{money(b.planned_investment_yuan)}</td>
        <td>{money(b.completed_investment_yuan)}</td>
      </tr>
    ));
  const head = (first: MessageKey) => (
    <thead>
      <tr>
        <th>{t(first)}</th>
        <th>{t('work.pipeline.projects')}</th>
        <th>{t('work.pipeline.planned')}</th>
        <th>{t('work.pipeline.completed')}</th>
      </tr>
    </thead>
  );
  const total = (
    <p data-testid="pipeline-total">
      {t('work.pipeline.total', { count: i18n.number(pipeline.total.projects) })}
    </p>
  );
  if (pipeline.total.projects === 0) return total;
  return (
    <>
      {total}
      <div className="pipeline-tables">
        <table data-testid="pipeline-stages">
          <caption>{t('work.pipeline.byStage')}</caption>
          {head('work.pipeline.stage')}
          <tbody>{bucketRows(stages, (k) => t(`work.stage.${k}` as MessageKey))}</tbody>
        </table>
        <table data-testid="pipeline-parks">
          <caption>{t('work.pipeline.byPark')}</caption>
          {head('work.pipeline.park')}
          <tbody>{bucketRows(pipeline.by_park, (k) => (k ? parkName(k) : t('work.pipeline.noPark')))}</tbody>
        </table>
        <table data-testid="pipeline-chains">
          <caption>{t('work.pipeline.byChain')}</caption>
          {head('work.pipeline.chain')}
          <tbody>{bucketRows(pipeline.by_chain, (k) => k ?? t('work.pipeline.noChain'))}</tbody>
        </table>
      </div>
      <h3>{t('work.pipeline.watch', { days: i18n.number(pipeline.stalled_after_days) })}</h3>
      {pipeline.blocked_or_stalled.length === 0 ? (
        <p data-testid="pipeline-watch">{t('work.pipeline.noneBlocked')}</p>
      ) : (
        <ul data-testid="pipeline-watch">
          {pipeline.blocked_or_stalled.map((p) => (
            <li key={p.code} className="overdue">
              <strong>{p.name_zh}</strong> — {parkName(p.park_code)},{' '}
              {t(`work.stage.${p.stage}` as MessageKey)}{' '}
              {t('work.pipeline.since', { date: formatDay(i18n.locale, p.stage_since) })}
              {p.blockers ? ` — ${t('work.pipeline.blockers')}: ${p.blockers}` : ''}
            </li>
          ))}
        </ul>
      )}
      <table data-testid="project-list">
        <caption>{t('work.pipeline.list')}</caption>
        <thead>
          <tr>
            <th>{t('work.pipeline.project')}</th>
            <th>{t('work.pipeline.park')}</th>
            <th>{t('work.pipeline.chain')}</th>
            <th>{t('work.pipeline.stage')}</th>
            <th>{t('work.pipeline.planned')}</th>
            <th>{t('common.source')}</th>
          </tr>
        </thead>
        <tbody>
          {projects.map((p) => (
            <tr key={p.code}>
              <th scope="row">{i18n.name(p.name_zh, p.name_en)}</th>
              <td>{parkName(p.park_code)}</td>
              <td>{p.chain_code ?? '—'}</td>
              <td>{t(`work.stage.${p.stage}` as MessageKey)}</td>
              <td>{money(p.planned_investment_yuan)}</td>
              <td title={p.quote ?? undefined}>
                <bdi>{p.document_title ?? p.source ?? '—'}</bdi>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
