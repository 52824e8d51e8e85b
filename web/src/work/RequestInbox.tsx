import { type FormEvent, useState } from 'react';
import { api, list } from '../app/api.ts';
import { useApi } from '../app/useApi.ts';
import { useI18n } from '../i18n/i18n.tsx';
import type { MessageKey } from '../i18n/messages/en.ts';
import { formatDay } from './dates.ts';
import type { ServiceRequestRow, ServiceRequestThread } from './types.ts';

/**
 * Service requests the caller may list ("enterprise whistles, department responds"); open one for its
 * thread; the department it is routed to and the park's officers may answer it.
 */
export function RequestInbox({ canAnswer, version }: { canAnswer: boolean; version: number }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [reload, setReload] = useState(0);
  const requests = useApi(`requests:${version}:${reload}`, () =>
    list<ServiceRequestRow>('service-requests', { sort: 'code' }),
  );
  const [open, setOpen] = useState<string | null>(null);
  const thread = useApi(open ? `request:${open}:${reload}` : null, () =>
    api<ServiceRequestThread>(`/api/ops/service-requests/${encodeURIComponent(open!)}`),
  );
  const [answer, setAnswer] = useState('');
  const [failure, setFailure] = useState<string | null>(null);

  const send = async (event: FormEvent) => {
    event.preventDefault();
    setFailure(null);
    try {
      await api(`/api/ops/service-requests/${encodeURIComponent(open!)}/responses`, {
        method: 'POST',
        body: JSON.stringify({ text: answer }),
      });
      setAnswer('');
      setReload((n) => n + 1);
    } catch (error) {
      setFailure((error as Error).message);
    }
  };

  if (requests.state === 'loading') return <p>{t('common.loading')}</p>;
  if (requests.state === 'error')
    return <p role="alert">{t('common.error', { message: requests.message })}</p>;
  const items = requests.data.items;
  return (
    <>
      <p data-testid="request-count">{t('work.requests.count', { count: i18n.number(items.length) })}</p>
      {items.length > 0 && (
        <table data-testid="request-list">
          <thead>
            <tr>
              <th>{t('work.requests.code')}</th>
              <th>{t('work.requests.enterprise')}</th>
              <th>{t('work.requests.category')}</th>
              <th>{t('work.requests.text')}</th>
              <th>{t('work.requests.department')}</th>
              <th>{t('work.requests.status')}</th>
              <th>{t('work.requests.deadline')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((r) => (
              <tr key={r.code}>
                <th scope="row">
                  <button
                    type="button"
                    className="link"
                    aria-expanded={open === r.code}
                    onClick={() => setOpen(open === r.code ? null : r.code)}
                  >
                    {r.code}
                  </button>
                </th>
                <td>{r.enterprise_name}</td>
                <td>{categoryLabel(t, r.category)}</td>
                <td title={r.quote ?? undefined}>{r.text}</td>
                <td>{r.department ?? t('work.requests.unrouted')}</td>
                <td>{t(`work.requestStatus.${r.status}` as MessageKey)}</td>
                <td>{formatDay(i18n.locale, r.deadline)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {open && thread.state === 'done' && (
        <section className="panel" data-testid="request-thread" aria-live="polite">
          <h3>{t('work.requests.thread', { code: thread.data.code })}</h3>
          <p>{thread.data.text}</p>
          {thread.data.response && (
            <p>
              <strong>{t('work.requests.response')}:</strong> {thread.data.response}
            </p>
          )}
          {thread.data.overdue && <p className="overdue">{t('work.requests.overdue')}</p>}
          <ol>
            {thread.data.events.map((e) => (
              <li key={`${e.at}-${e.kind}`}>
                {formatDay(i18n.locale, e.at, true)} — {t(`work.event.${e.kind}` as MessageKey)}
                {e.actor ? ` (${e.actor})` : ''}
                {e.text ? `: ${e.text}` : ''}
              </li>
            ))}
          </ol>
          {canAnswer && thread.data.status !== 'closed' && (
            <form onSubmit={send} className="answer-form">
              <label htmlFor="request-answer">{t('work.requests.answerLabel')}</label>
              <textarea
                id="request-answer"
                value={answer}
                required
                rows={3}
                onChange={(e) => setAnswer(e.target.value)}
              />
              <button type="submit" className="button" disabled={!answer.trim()}>
                {t('work.requests.answer')}
              </button>
              {failure && <p role="alert">{t('common.error', { message: failure })}</p>}
            </form>
          )}
        </section>
      )}
    </>
  );
}

/** Categories of the demo and of the filing form have labels; others are shown as recorded. */
export const REQUEST_CATEGORIES = [
  'labour_and_logistics',
  'land_use_quota',
  'land_and_construction',
  'financing',
  'permits',
  'utilities',
  'other',
] as const;

export function categoryLabel(t: (key: MessageKey) => string, category: string): string {
  return (REQUEST_CATEGORIES as readonly string[]).includes(category)
    ? t(`work.category.${category}` as MessageKey)
    : category;
}
