/**
 * Documents as evidence: search every document in the five languages (glossary terms find their
 * translations), and the review queue of figures proposed from them — each shown with the sentence it
 * came from — with accept / reject, and the conflicts with stored figures (docs/evidence.md).
 */
import { type FormEvent, useState } from 'react';
import { api } from '../app/api.ts';
import { type Session, canWrite as writerRole } from '../app/session.ts';
import { useApi } from '../app/useApi.ts';
import { useI18n } from '../i18n/i18n.tsx';

const formatNumber = (n: number) => n.toLocaleString(undefined, { maximumFractionDigits: 4 });

interface Hit {
  documentCode: string;
  title: string;
  language: string;
  publishedOn: string | null;
  passageStart: number;
  passageEnd: number;
  snippet: string;
  marks: [number, number][];
  score: number;
  scoreParts: { terms: number; similarity: number; recency: number };
}

interface Fact {
  id: number;
  document_code: string;
  figure_text: string;
  value: number;
  unit: string;
  change: string | null;
  period: string | null;
  entity_kind: string | null;
  entity_code: string | null;
  metric_code: string | null;
  sentence: string;
  start_offset: number;
  end_offset: number;
  status: string;
  note: string | null;
  proposed_as: 'indicator' | 'target';
  target_id: number | null;
}

interface Conflict {
  factId: number;
  storedAs: 'indicator' | 'target';
  entityCode: string;
  metricCode: string;
  period: string;
  proposed: { value: number; unit: string; document: string; sentence: string };
  stored: { value: number; unit: string; source: string | null; sentence: string | null };
}

function Snippet({ hit }: { hit: Hit }) {
  const parts: React.ReactNode[] = [];
  let at = 0;
  for (const [s, e] of hit.marks) {
    parts.push(hit.snippet.slice(at, s), <mark key={s}>{hit.snippet.slice(s, e)}</mark>);
    at = e;
  }
  parts.push(hit.snippet.slice(at));
  return <span>{parts}</span>;
}

const LANGS = ['', 'zh', 'en', 'fr', 'ar', 'bg'] as const;

export function DocumentsPage({ session }: { session: Session }) {
  const { t } = useI18n();
  const [query, setQuery] = useState('');
  const [language, setLanguage] = useState('');
  const [submitted, setSubmitted] = useState<string | null>(null);
  const [reload, setReload] = useState(0);
  const [message, setMessage] = useState<string | null>(null);
  const canWrite = writerRole(session);
  const results = useApi(submitted, () =>
    api<{ terms: string[]; hits: Hit[] }>(
      `/api/documents/search?${new URLSearchParams({ q: submitted ?? '', ...(language ? { language } : {}) })}`,
    ),
  );
  const queue = useApi(`queue-${reload}`, () => api<Fact[]>('/api/evidence/facts?status=proposed&limit=200'));
  const conflicts = useApi(`conflicts-${reload}`, () => api<Conflict[]>('/api/evidence/conflicts'));

  const onSearch = (e: FormEvent) => {
    e.preventDefault();
    if (query.trim()) setSubmitted(`${query.trim()}`);
  };
  const review = async (
    fact: Fact,
    action: 'accept' | 'reject',
    metric?: string,
    as?: 'indicator' | 'target',
  ) => {
    try {
      const body = action === 'accept' ? { ...(metric ? { metric } : {}), ...(as ? { as } : {}) } : {};
      const answer = await api<{ outcome?: string }>(`/api/evidence/facts/${fact.id}/${action}`, {
        method: 'POST',
        body: JSON.stringify(body),
      });
      setMessage(
        t(action === 'accept' ? 'docs.accepted' : 'docs.rejected', {
          figure: fact.figure_text,
          outcome: answer.outcome ?? '',
        }),
      );
      setReload((n) => n + 1);
    } catch (error) {
      setMessage(t('common.error', { message: (error as Error).message }));
    }
  };

  return (
    <section>
      <h1>{t('docs.title')}</h1>
      <form onSubmit={onSearch} aria-label={t('docs.search')}>
        <label>
          {t('docs.query')}{' '}
          <input value={query} onChange={(e) => setQuery(e.target.value)} data-testid="doc-query" />
        </label>{' '}
        <label>
          {t('docs.language')}{' '}
          <select value={language} onChange={(e) => setLanguage(e.target.value)}>
            {LANGS.map((l) => (
              <option key={l} value={l}>
                {l || t('docs.allLanguages')}
              </option>
            ))}
          </select>
        </label>{' '}
        <button type="submit">{t('docs.search')}</button>
      </form>
      <p>{t('docs.searchHelp')}</p>
      {submitted !== null &&
        (results.state === 'loading' ? (
          <p>{t('common.loading')}</p>
        ) : results.state === 'error' ? (
          <p role="alert">{t('common.error', { message: results.message })}</p>
        ) : (
          <>
            <p>
              {t('docs.found', { count: results.data.hits.length, terms: results.data.terms.join(' · ') })}
            </p>
            <ol data-testid="doc-hits">
              {results.data.hits.map((h) => (
                <li key={`${h.documentCode}-${h.passageStart}`} lang={h.language}>
                  <strong>{h.title}</strong>{' '}
                  <small>
                    ({h.documentCode}, {h.language}
                    {h.publishedOn ? `, ${h.publishedOn}` : ''}, {h.passageStart}–{h.passageEnd})
                  </small>{' '}
                  <small
                    data-testid="doc-score"
                    title={`${t('docs.search.scoreHelp')} (${h.scoreParts.terms} + ${h.scoreParts.similarity} + ${h.scoreParts.recency})`}
                  >
                    {t('docs.search.score', { score: h.score.toFixed(2) })}
                  </small>
                  <br />… <Snippet hit={h} /> …
                </li>
              ))}
            </ol>
          </>
        ))}

      <h2>{t('docs.queue')}</h2>
      {message && <p role="status">{message}</p>}
      {queue.state === 'loading' ? (
        <p>{t('common.loading')}</p>
      ) : queue.state === 'error' ? (
        <p role="alert">{t('common.error', { message: queue.message })}</p>
      ) : queue.data.length === 0 ? (
        <p>{t('docs.queueEmpty')}</p>
      ) : (
        <table data-testid="doc-queue">
          <thead>
            <tr>
              <th>{t('docs.figure')}</th>
              <th>{t('common.value')}</th>
              <th>{t('common.period')}</th>
              <th>{t('docs.entity')}</th>
              <th>{t('docs.metric')}</th>
              <th>{t('common.source')}</th>
              {canWrite && <th />}
            </tr>
          </thead>
          <tbody>
            {queue.data.map((f) => (
              <FactRow key={f.id} fact={f} canWrite={canWrite} onReview={review} />
            ))}
          </tbody>
        </table>
      )}

      <h2>{t('docs.conflicts')}</h2>
      {conflicts.state === 'done' &&
        (conflicts.data.length === 0 ? (
          <p>{t('docs.noConflicts')}</p>
        ) : (
          <ul>
            {conflicts.data.map((c) => (
              <li key={c.factId}>
                {c.entityCode} · {c.metricCode} · {c.period}: {formatNumber(c.proposed.value)}{' '}
                {c.proposed.unit} ({c.proposed.document}) ≠ {formatNumber(c.stored.value)} {c.stored.unit} (
                {t(c.storedAs === 'target' ? 'docs.review.storedTarget' : 'docs.review.storedIndicator')},{' '}
                {c.stored.source ?? '?'})<blockquote>{c.proposed.sentence}</blockquote>
                <blockquote>{c.stored.sentence}</blockquote>
              </li>
            ))}
          </ul>
        ))}
    </section>
  );
}

function FactRow({
  fact,
  canWrite,
  onReview,
}: {
  fact: Fact;
  canWrite: boolean;
  onReview: (f: Fact, a: 'accept' | 'reject', metric?: string, as?: 'indicator' | 'target') => void;
}) {
  const { t } = useI18n();
  const [metric, setMetric] = useState(fact.metric_code ?? '');
  // Proposed as a target when the sentence states a goal ("by 2027 … expected to reach"); the reviewer decides.
  const [as, setAs] = useState<'indicator' | 'target'>(fact.target_id ? 'target' : fact.proposed_as);
  return (
    <tr>
      <td>{fact.figure_text}</td>
      <td>
        {formatNumber(fact.value)} {fact.unit}
        {fact.change ? ` (${fact.change})` : ''}
      </td>
      <td>{fact.period ?? '—'}</td>
      <td>{fact.entity_code ? `${fact.entity_kind} ${fact.entity_code}` : '—'}</td>
      <td>
        {canWrite ? (
          <input
            value={metric}
            onChange={(e) => setMetric(e.target.value)}
            aria-label={t('docs.metric')}
            size={18}
          />
        ) : (
          (fact.metric_code ?? '—')
        )}
      </td>
      <td>
        <details>
          <summary title={fact.sentence}>
            {fact.document_code} @{fact.start_offset}
          </summary>
          <q>{fact.sentence}</q>
        </details>
      </td>
      {canWrite && (
        <td>
          <label>
            {t('docs.review.as')}{' '}
            <select value={as} onChange={(e) => setAs(e.target.value as 'indicator' | 'target')}>
              <option value="indicator">{t('docs.review.indicator')}</option>
              <option value="target">{t('docs.review.target')}</option>
            </select>
          </label>{' '}
          <button type="button" onClick={() => onReview(fact, 'accept', metric || undefined, as)}>
            {t('docs.accept')}
          </button>{' '}
          <button type="button" onClick={() => onReview(fact, 'reject')}>
            {t('docs.reject')}
          </button>
        </td>
      )}
    </tr>
  );
}
