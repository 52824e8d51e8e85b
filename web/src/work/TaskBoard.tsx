import { useState } from 'react';
import { api, list } from '../app/api.ts';
import { useApi } from '../app/useApi.ts';
import { useI18n } from '../i18n/i18n.tsx';
import type { MessageKey } from '../i18n/messages/en.ts';
import { formatDay } from './dates.ts';
import { type KeyTask, TASK_STATUSES, type TaskReview } from './types.ts';

/**
 * Key tasks in columns by the status the API computes from due date and latest review
 * (src/services/operations/tasks.ts: done, overdue, at risk, not started, on track); click a task for
 * its reviews.
 */
export function TaskBoard() {
  const i18n = useI18n();
  const { t } = i18n;
  const tasks = useApi('ops-tasks', () => api<{ items: KeyTask[] }>('/api/ops/tasks'));
  const [open, setOpen] = useState<string | null>(null);
  const reviews = useApi(open ? `task-reviews:${open}` : null, () =>
    list<TaskReview>('task-reviews', { task_code: open!, sort: 'reviewed_on' }),
  );
  if (tasks.state === 'loading') return <p>{t('common.loading')}</p>;
  if (tasks.state === 'error') return <p role="alert">{t('common.error', { message: tasks.message })}</p>;
  const items = tasks.data.items;
  const chosen = items.find((task) => task.code === open);
  return (
    <>
      <p data-testid="task-count">{t('work.tasks.count', { count: i18n.number(items.length) })}</p>
      {items.length === 0 ? (
        <p>{t('work.tasks.none')}</p>
      ) : (
        <div className="task-board" data-testid="task-board">
          {TASK_STATUSES.map((status) => {
            const column = items.filter((task) => task.status === status);
            return (
              <section
                key={status}
                className={`task-column status-${status}`}
                aria-labelledby={`col-${status}`}
              >
                <h3 id={`col-${status}`}>
                  {t(`work.status.${status}` as MessageKey)} ({i18n.number(column.length)})
                </h3>
                <ul>
                  {column.map((task) => (
                    <li key={task.code}>
                      <button
                        type="button"
                        className={`task-card${status === 'overdue' ? ' overdue' : ''}`}
                        aria-expanded={open === task.code}
                        onClick={() => setOpen(open === task.code ? null : task.code)}
                        data-testid={`task-${task.code}`}
                      >
                        <strong>{task.title}</strong>
                        <span>
                          {t('work.tasks.owner')}: {task.owner_department ?? task.lead_official ?? '—'}
                        </span>
                        <span>
                          {t('work.tasks.due')}: {formatDay(i18n.locale, task.due_date)}
                        </span>
                        {task.last_review?.progress !== null && task.last_review?.progress !== undefined && (
                          <span>
                            {t('work.tasks.progress')}:{' '}
                            {i18n.number(task.last_review.progress / 100, { style: 'percent' })}
                          </span>
                        )}
                      </button>
                    </li>
                  ))}
                </ul>
              </section>
            );
          })}
        </div>
      )}
      {chosen && (
        <section className="panel" aria-live="polite" data-testid="task-reviews">
          <h3>{t('work.tasks.reviewsOf', { task: chosen.title })}</h3>
          {reviews.state === 'loading' ? (
            <p>{t('common.loading')}</p>
          ) : reviews.state === 'error' ? (
            <p role="alert">{t('common.error', { message: reviews.message })}</p>
          ) : reviews.data.items.length === 0 ? (
            <p>{t('work.tasks.noReviews')}</p>
          ) : (
            <table>
              <thead>
                <tr>
                  <th>{t('work.tasks.reviewedOn')}</th>
                  <th>{t('work.tasks.reviewStatus')}</th>
                  <th>{t('work.tasks.progress')}</th>
                  <th>{t('work.tasks.note')}</th>
                  <th>{t('common.source')}</th>
                </tr>
              </thead>
              <tbody>
                {reviews.data.items.map((r) => (
                  <tr key={`${r.reviewed_on}-${r.status}`}>
                    <td>{formatDay(i18n.locale, r.reviewed_on)}</td>
                    <td>{t(`work.review.${r.status}` as MessageKey)}</td>
                    <td>
                      {r.progress === null
                        ? '—'
                        : i18n.number(Number(r.progress) / 100, { style: 'percent' })}
                    </td>
                    <td>{r.note ?? r.evidence ?? '—'}</td>
                    <td>{r.source ?? '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      )}
    </>
  );
}
