import { type FormEvent, useState } from 'react';
import { api } from '../app/api.ts';
import { hrefOf, navigate } from '../app/route.ts';
import { canWrite, type Session } from '../app/session.ts';
import { useApi } from '../app/useApi.ts';
import { useI18n } from '../i18n/i18n.tsx';
import type { MessageKey } from '../i18n/messages/en.ts';
import { GradeDistributionChart } from './GradeDistributionChart.tsx';
import { LandContracts } from './LandContracts.tsx';
import { Prescreen } from './Prescreen.tsx';
import { ProjectLights } from './ProjectLights.tsx';
import { RunPublication } from './RunPublication.tsx';
import { ScoreBreakdown } from './ScoreBreakdown.tsx';
import type { GradingResultRow, GradingRun, GradingRunDetail, SchemeSummary } from './types.ts';
import './governance.css';

/**
 * Per-mu efficiency grading (issue 14): pick a run, see its grade distribution (overall and by park) and
 * its enterprises; pick an enterprise to see its score worked out item by item. Officers start a run.
 */
export function GovernancePage({ session, params }: { session: Session; params: URLSearchParams }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [version, setVersion] = useState(0);
  const view = params.get('view') ?? 'grading';
  const runs = useApi(`gov-runs-${version}`, () => api<{ items: GradingRun[] }>('/api/governance/runs'));
  const selected = params.get('run');
  const enterprise = params.get('enterprise');
  if (runs.state === 'loading') return <p>{t('common.loading')}</p>;
  if (runs.state === 'error') return <p role="alert">{t('common.error', { message: runs.message })}</p>;
  const items = runs.data.items;
  const runId = selected ?? (items[0] ? String(items[0].id) : null);
  const statusLabel = (status: string) => t(`gov.status.${status}` as MessageKey);
  const tabs = (
    <nav className="gov-tabs" aria-label={t('gov.tabs')}>
      {(['grading', 'land', 'lights', 'prescreen'] as const).map((v) => (
        <a key={v} href={hrefOf('governance', { view: v })} aria-current={view === v ? 'page' : undefined}>
          {t(`gov.tab.${v}`)}
        </a>
      ))}
    </nav>
  );
  if (view === 'land' || view === 'lights' || view === 'prescreen')
    return (
      <section className="governance" aria-labelledby="gov-title">
        <h1 id="gov-title">{t('gov.title')}</h1>
        {tabs}
        {view === 'land' ? <LandContracts /> : view === 'lights' ? <ProjectLights /> : <Prescreen />}
      </section>
    );
  return (
    <section className="governance" aria-labelledby="gov-title">
      <h1 id="gov-title">{t('gov.title')}</h1>
      {tabs}
      <p className="help">{t('gov.help')}</p>
      {canWrite(session) && (
        <NewRunForm
          onCreated={(id) => {
            setVersion((v) => v + 1);
            navigate('governance', { run: String(id) });
          }}
        />
      )}
      {items.length === 0 ? (
        <p>{t('gov.noRuns')}</p>
      ) : (
        <>
          <label>
            {t('gov.run')}{' '}
            <select
              value={runId ?? ''}
              onChange={(e) => navigate('governance', { run: e.target.value })}
              data-testid="gov-run"
            >
              {items.map((r) => (
                <option key={r.id} value={r.id}>
                  {t('gov.runOption', {
                    id: r.id,
                    scheme: r.scheme_code,
                    scope: r.scope_code,
                    year: r.year,
                    status: t(`gov.runStatus.${r.status}` as MessageKey),
                  })}
                </option>
              ))}
            </select>
          </label>
          {runId && (
            <RunView
              key={`${runId}-${version}`}
              session={session}
              runId={runId}
              enterprise={enterprise}
              statusLabel={statusLabel}
              onChange={() => setVersion((v) => v + 1)}
            />
          )}
        </>
      )}
    </section>
  );
}

function NewRunForm({ onCreated }: { onCreated: (id: number) => void }) {
  const { t } = useI18n();
  const schemes = useApi('gov-schemes', () => api<{ items: SchemeSummary[] }>('/api/governance/schemes'));
  const [error, setError] = useState<string | null>(null);
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setError(null);
    try {
      const created = await api<{ id: number }>('/api/governance/runs', {
        method: 'POST',
        body: JSON.stringify({
          scheme: form.get('scheme'),
          scope: String(form.get('scope') ?? '').trim(),
          year: Number(form.get('year')),
        }),
      });
      onCreated(created.id);
    } catch (e) {
      setError((e as Error).message);
    }
  };
  return (
    <details className="gov-new">
      <summary>{t('gov.new')}</summary>
      <form onSubmit={submit}>
        <label>
          {t('gov.scheme')}{' '}
          <select name="scheme" required>
            {schemes.state === 'done' &&
              schemes.data.items.map((s) => (
                <option key={s.code} value={s.code}>
                  {s.code} — {s.name_zh}
                </option>
              ))}
          </select>
        </label>
        <label>
          {t('gov.scope')} <input name="scope" required />
        </label>
        <label>
          {t('gov.year')} <input name="year" type="number" min={1990} max={2200} required />
        </label>
        <button type="submit">{t('gov.create')}</button>
        {error && <p role="alert">{t('common.error', { message: error })}</p>}
      </form>
    </details>
  );
}

function RunView({
  session,
  runId,
  enterprise,
  statusLabel,
  onChange,
}: {
  session: Session;
  runId: string;
  enterprise: string | null;
  statusLabel: (status: string) => string;
  onChange: () => void;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const data = useApi(`gov-run-${runId}`, async () => {
    const [run, results] = await Promise.all([
      api<GradingRunDetail>(`/api/governance/runs/${runId}`),
      api<{ items: GradingResultRow[] }>(`/api/governance/runs/${runId}/results`),
    ]);
    return { run, results: results.items };
  });
  if (data.state === 'loading') return <p>{t('common.loading')}</p>;
  if (data.state === 'error') return <p role="alert">{t('common.error', { message: data.message })}</p>;
  const { run, results } = data.data;
  const source = run.scheme.source;
  const score = (v: number | null) => (v === null ? '—' : i18n.number(v, { maximumFractionDigits: 2 }));
  const labels = [...run.scheme.grades];
  for (const key of Object.keys(run.distribution.overall.grades)) if (!labels.includes(key)) labels.push(key);
  const labelOf = (key: string) => (run.scheme.grades.includes(key) ? key : statusLabel(key));
  return (
    <div className="gov-run">
      <p className="gov-source">
        {t('gov.source', { issuer: source.issuer, date: source.date, title: source.title })}{' '}
        <a href={source.url} rel="noreferrer" target="_blank">
          {source.url}
        </a>
      </p>
      <p className="gov-formula">
        {t('gov.formulaAbove')} <bdi dir="ltr">{run.scheme.formulas.above_size}</bdi>
      </p>
      <p className="gov-formula">
        {t('gov.formulaBelow')} <bdi dir="ltr">{run.scheme.formulas.below_size}</bdi>
      </p>
      <RunPublication
        session={session}
        run={run}
        grades={run.scheme.grades}
        results={results}
        onChange={onChange}
      />
      <h2>{t('gov.distribution')}</h2>
      <GradeDistributionChart buckets={run.distribution.overall.grades} order={labels} labelOf={labelOf} />
      {(
        [
          ['by_park', 'gov.byPark', 'gov.park'],
          ['by_chain', 'gov.byChain', 'gov.chain'],
          ['by_industry', 'gov.byIndustry', 'gov.industry'],
        ] as const
      ).map(
        ([field, caption, head]) =>
          run.distribution[field].length > 0 && (
            <table key={field} className="gov-by-group" data-testid={`gov-${field}`}>
              <caption>{t(caption)}</caption>
              <thead>
                <tr>
                  <th scope="col">{t(head)}</th>
                  {labels.map((l) => (
                    <th key={l} scope="col">
                      {labelOf(l)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {run.distribution[field].map((b) => (
                  <tr key={b.key ?? 'none'}>
                    <th scope="row">{b.key ?? '—'}</th>
                    {labels.map((l) => (
                      <td key={l}>{i18n.number(b.grades[l] ?? 0)}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          ),
      )}
      <div className="gov-columns">
        <table className="gov-results" data-testid="gov-results">
          <caption>{t('gov.results')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('gov.enterprise')}</th>
              <th scope="col">{t('gov.grade')}</th>
              <th scope="col">{t('gov.score')}</th>
              <th scope="col">{t('gov.rank')}</th>
              <th scope="col">{t('gov.missing')}</th>
            </tr>
          </thead>
          <tbody>
            {results.map((r) => {
              const key = r.credit_code ?? r.name_zh;
              return (
                <tr key={key} aria-current={enterprise === key ? 'true' : undefined}>
                  <th scope="row">
                    <a href={`#/governance?run=${runId}&enterprise=${encodeURIComponent(key)}`}>
                      {i18n.name(r.name_zh, r.name_en)}
                    </a>
                  </th>
                  <td>{r.grade ?? statusLabel(r.status)}</td>
                  <td>{score(r.score)}</td>
                  <td>
                    {r.rank === null
                      ? '—'
                      : t('gov.rankOf', { rank: i18n.number(r.rank), count: i18n.number(r.group_size ?? 0) })}
                  </td>
                  <td>{r.missing.join(', ') || '—'}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
        {enterprise ? (
          <ScoreBreakdown runId={runId} enterprise={enterprise} statusLabel={statusLabel} />
        ) : (
          <p className="gov-pick">{t('gov.pickEnterprise')}</p>
        )}
      </div>
    </div>
  );
}
