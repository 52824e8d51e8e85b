import { type FormEvent, useState } from 'react';
import { api } from '../app/api.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { REQUEST_CATEGORIES } from './RequestInbox.tsx';
import type { ServiceRequestThread } from './types.ts';

/** An enterprise user files a service request; the API routes it to a department by the park's rule. */
export function RequestForm({ onFiled }: { onFiled: () => void }) {
  const { t } = useI18n();
  const [category, setCategory] = useState<string>(REQUEST_CATEGORIES[0]);
  const [text, setText] = useState('');
  const [filed, setFiled] = useState<ServiceRequestThread | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setFailure(null);
    try {
      const request = await api<ServiceRequestThread>('/api/ops/service-requests', {
        method: 'POST',
        body: JSON.stringify({ category, text }),
      });
      setFiled(request);
      setText('');
      onFiled();
    } catch (error) {
      setFailure((error as Error).message);
    }
  };

  return (
    <form className="request-form" onSubmit={submit} data-testid="request-form">
      <label htmlFor="request-category">{t('work.requests.category')}</label>
      <select id="request-category" value={category} onChange={(e) => setCategory(e.target.value)}>
        {REQUEST_CATEGORIES.map((c) => (
          <option key={c} value={c}>
            {t(`work.category.${c}`)}
          </option>
        ))}
      </select>
      <label htmlFor="request-text">{t('work.requests.textLabel')}</label>
      <textarea id="request-text" value={text} required rows={4} onChange={(e) => setText(e.target.value)} />
      <button type="submit" className="button" disabled={!text.trim()}>
        {t('work.requests.file')}
      </button>
      {filed && (
        <p role="status" data-testid="request-filed">
          {filed.department
            ? t('work.requests.filedTo', { code: filed.code, department: filed.department })
            : t('work.requests.filedUnrouted', { code: filed.code })}
        </p>
      )}
      {failure && <p role="alert">{t('common.error', { message: failure })}</p>}
    </form>
  );
}
