import { useState } from 'react';
import { api } from '../app/api.ts';
import { useApi } from '../app/useApi.ts';
import { useI18n } from '../i18n/i18n.tsx';
import type { MessageKey } from '../i18n/messages/en.ts';
import { formatDay } from './dates.ts';
import type { Notification } from './types.ts';

/** The caller's inbox: notifications for the departments, parks, regions and enterprises they see. */
export function NotificationsInbox({ version }: { version: number }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [reload, setReload] = useState(0);
  const inbox = useApi(`notifications:${version}:${reload}`, () =>
    api<{ items: Notification[]; unread: number }>('/api/ops/notifications'),
  );
  if (inbox.state === 'loading') return <p>{t('common.loading')}</p>;
  if (inbox.state === 'error') return <p role="alert">{t('common.error', { message: inbox.message })}</p>;
  const markRead = async (id: number) => {
    await api(`/api/ops/notifications/${id}/read`, { method: 'POST', body: '{}' });
    setReload((n) => n + 1);
  };
  return (
    <>
      <p data-testid="unread-count">
        {t('work.notifications.unread', {
          unread: i18n.number(inbox.data.unread),
          count: i18n.number(inbox.data.items.length),
        })}
      </p>
      {inbox.data.items.length > 0 && (
        <ul className="notifications" data-testid="notifications">
          {inbox.data.items.map((n) => (
            <li key={n.id} className={n.read_at ? 'read' : 'unread'}>
              <span>{formatDay(i18n.locale, n.at, true)}</span>{' '}
              <strong>{t(`work.notice.${n.kind}` as MessageKey)}</strong>: {n.message}
              {!n.read_at && (
                <button type="button" onClick={() => markRead(n.id)}>
                  {t('work.notifications.markRead')}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
