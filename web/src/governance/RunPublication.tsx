import { type FormEvent, useState } from 'react';
import { api } from '../app/api.ts';
import { canWrite, type Session } from '../app/session.ts';
import { useApi } from '../app/useApi.ts';
import { useI18n } from '../i18n/i18n.tsx';
import type { MessageKey } from '../i18n/messages/en.ts';
import type { GradingResultRow } from './types.ts';

interface Objections {
  objections: { id: number; name_zh: string; text: string; status: string; resolution: string | null }[];
  changes: {
    id: number;
    name_zh: string;
    field: string;
    old_value: string | null;
    new_value: string | null;
    reason: string;
  }[];
}

/**
 * Publication (公示) of a run: officers publish a draft with an objection window; while it is open an
 * enterprise (or an officer for it) files an objection; everyone who sees the run sees the objections and
 * the corrections they led to. The grades for differentiated pricing are one link away.
 */
export function RunPublication({
  session,
  run,
  results,
  onChange,
}: {
  session: Session;
  run: { id: number; status: string; objections_until: string | null };
  results: GradingResultRow[];
  onChange: () => void;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const [version, setVersion] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const log = useApi(`gov-objections-${run.id}-${version}`, () =>
    api<Objections>(`/api/governance/runs/${run.id}/objections`),
  );
  const post = async (path: string, body: unknown) => {
    setError(null);
    try {
      await api(path, { method: 'POST', body: JSON.stringify(body) });
      return true;
    } catch (e) {
      setError((e as Error).message);
      return false;
    }
  };
  const publish = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const days = Number(new FormData(event.currentTarget).get('days'));
    if (await post(`/api/governance/runs/${run.id}/publish`, { objection_days: days })) onChange();
  };
  const object = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const element = event.currentTarget;
    const form = new FormData(element);
    const ok = await post(`/api/governance/runs/${run.id}/objections`, {
      enterprise: form.get('enterprise'),
      text: String(form.get('text') ?? '').trim(),
    });
    if (ok) {
      element.reset();
      setVersion((v) => v + 1);
    }
  };
  const open = run.status === 'published' && run.objections_until !== null;
  return (
    <section className="gov-publication" aria-labelledby="gov-objections-title">
      <p data-testid="gov-run-status">
        {t('gov.runStatus', { status: t(`gov.runStatus.${run.status}` as MessageKey) })}{' '}
        {open && t('gov.objectionsUntil', { date: run.objections_until!.slice(0, 10) })}{' '}
        <a href={`/api/governance/runs/${run.id}/pricing-list?format=csv`}>{t('gov.pricingList')}</a>
      </p>
      {run.status === 'draft' && canWrite(session) && (
        <form onSubmit={publish} className="gov-inline">
          <label>
            {t('gov.objectionDays')}{' '}
            <input name="days" type="number" min={1} max={90} defaultValue={7} required />
          </label>
          <button type="submit">{t('gov.publish')}</button>
        </form>
      )}
      {open && (
        <details>
          <summary>{t('gov.object')}</summary>
          <form onSubmit={object} className="gov-inline">
            <label>
              {t('gov.objectionEnterprise')}{' '}
              <select name="enterprise" required>
                {results.map((r) => (
                  <option key={r.credit_code ?? r.name_zh} value={r.credit_code ?? r.name_zh}>
                    {i18n.name(r.name_zh, r.name_en)}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t('gov.objectionText')} <textarea name="text" required maxLength={10_000} rows={2} />
            </label>
            <button type="submit">{t('gov.fileObjection')}</button>
          </form>
        </details>
      )}
      {error && <p role="alert">{t('common.error', { message: error })}</p>}
      <h2 id="gov-objections-title">{t('gov.objections')}</h2>
      {log.state === 'done' &&
        (log.data.objections.length === 0 ? (
          <p>{t('gov.noObjections')}</p>
        ) : (
          <ul data-testid="gov-objections">
            {log.data.objections.map((o) => (
              <li key={o.id}>
                <strong>{o.name_zh}</strong> ({t(`gov.objection.${o.status}` as MessageKey)}): {o.text}
                {o.resolution && <> — {o.resolution}</>}
              </li>
            ))}
            {log.data.changes.map((c) => (
              <li key={`c${c.id}`}>
                <strong>{c.name_zh}</strong>{' '}
                {t('gov.change', {
                  field: c.field,
                  from: c.old_value ?? '—',
                  to: c.new_value ?? '—',
                  reason: c.reason,
                })}
              </li>
            ))}
          </ul>
        ))}
    </section>
  );
}
