import { type FormEvent, useState } from 'react';
import { api } from '../app/api.ts';
import { canWrite, type Session } from '../app/session.ts';
import { useApi } from '../app/useApi.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { RTL_LOCALES } from '../i18n/locales.ts';
import type { MessageKey } from '../i18n/messages/en.ts';
import { ObjectionDecision } from './ObjectionDecision.tsx';
import type { GradingResultRow, ObjectionLog } from './types.ts';

/**
 * Publication (公示) of a run: officers publish a draft with an objection window; while it is open an
 * enterprise (or an officer for it) files an objection; officers decide each objection (upheld, with the
 * correction it makes, or rejected, each with its reason) and, once the window has passed and nothing is
 * open, finalise the run. Everyone who sees the run sees the objections and the log of changes. The
 * grades for differentiated pricing are one link away.
 */
export function RunPublication({
  session,
  run,
  grades,
  results,
  onChange,
}: {
  session: Session;
  run: { id: number; status: string; objections_until: string | null };
  /** The scheme's grade letters, for a correction. */
  grades: string[];
  results: GradingResultRow[];
  onChange: () => void;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const [version, setVersion] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const officer = canWrite(session);
  const log = useApi(`gov-objections-${run.id}-${version}`, () =>
    api<ObjectionLog>(`/api/governance/runs/${run.id}/objections`),
  );
  const refusedAs = (message: string) => t('gov.refused', { message });
  const post = async (path: string, body: unknown, refused = refusedAs) => {
    setError(null);
    try {
      await api(path, { method: 'POST', body: JSON.stringify(body) });
      return true;
    } catch (e) {
      setError(refused((e as Error).message));
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
  // The server's clock decides whether the window has passed (the browser's may differ): its refusal is
  // shown as it words it, after a line saying the run was not finalised.
  const finalize = async () => {
    if (
      await post(`/api/governance/runs/${run.id}/finalize`, {}, (message) =>
        t('gov.finalizeRefused', { message }),
      )
    )
      onChange();
  };
  const open = run.status === 'published' && run.objections_until !== null;
  const when = (iso: string | null) => (iso ? `${iso.slice(0, 10)} ${iso.slice(11, 16)}` : '—');
  // Dates and user names set inside a right-to-left sentence are isolated left to right, or the
  // bidirectional algorithm shows 2026-01-20 as 20-01-2026.
  const rtl = RTL_LOCALES.has(i18n.locale);
  const ltr = (text: string) => (rtl ? `\u2066${text}\u2069` : text);
  return (
    <section className="gov-publication" aria-labelledby="gov-objections-title">
      <p data-testid="gov-run-status">
        {t('gov.runStatus', { status: t(`gov.runStatus.${run.status}` as MessageKey) })}{' '}
        {open && t('gov.objectionsUntil', { date: ltr(run.objections_until!.slice(0, 10)) })}{' '}
        {run.status === 'final' && t('gov.finalNote')}{' '}
        <a href={`/api/governance/runs/${run.id}/pricing-list?format=csv`}>{t('gov.pricingList')}</a>
      </p>
      {run.status === 'draft' && officer && (
        <form onSubmit={publish} className="gov-inline">
          <label>
            {t('gov.objectionDays')}{' '}
            <input name="days" type="number" min={1} max={90} defaultValue={7} required />
          </label>
          <button type="submit">{t('gov.publish')}</button>
        </form>
      )}
      {open && officer && (
        <div className="gov-inline">
          <p className="help">{t('gov.finalizeHelp', { date: ltr(run.objections_until!.slice(0, 10)) })}</p>
          <button type="button" onClick={finalize}>
            {t('gov.finalize')}
          </button>
        </div>
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
      {error && (
        <p role="alert" data-testid="gov-refused">
          {error}
        </p>
      )}
      <h2 id="gov-objections-title">{t('gov.objections')}</h2>
      {log.state === 'error' && <p role="alert">{t('common.error', { message: log.message })}</p>}
      {log.state === 'done' &&
        (log.data.objections.length === 0 ? (
          <p>{t('gov.noObjections')}</p>
        ) : (
          <ul data-testid="gov-objections" className="gov-objections">
            {log.data.objections.map((o) => (
              <li key={o.id} data-testid={`gov-objection-${o.id}`} data-status={o.status}>
                <strong>{i18n.name(o.name_zh, o.name_en)}</strong> (
                {t(`gov.objection.${o.status}` as MessageKey)}): {o.text}
                <span className="gov-filed">
                  {' '}
                  {t('gov.filed', { id: o.id, date: ltr(when(o.filed_at)), by: ltr(o.filed_by ?? '—') })}
                </span>
                {o.status !== 'open' && (
                  <p className="gov-decided">
                    {t('gov.decided', {
                      decision: t(`gov.objection.${o.status}` as MessageKey),
                      date: ltr(when(o.resolved_at)),
                      by: ltr(o.resolved_by ?? '—'),
                      reason: o.resolution ?? '',
                    })}
                  </p>
                )}
                {o.status === 'open' && officer && (
                  <ObjectionDecision
                    objectionId={o.id}
                    grades={grades}
                    onDecided={onChange}
                    onRefused={(message) => setError(refusedAs(message))}
                  />
                )}
              </li>
            ))}
          </ul>
        ))}
      {log.state === 'done' && log.data.objections.length > 0 && (
        <table className="gov-changes" data-testid="gov-changes">
          <caption>{t('gov.changesLog')}</caption>
          {log.data.changes.length > 0 && (
            <thead>
              <tr>
                <th scope="col">{t('gov.changeWhen')}</th>
                <th scope="col">{t('gov.enterprise')}</th>
                <th scope="col">{t('gov.changeField')}</th>
                <th scope="col">{t('gov.changeFrom')}</th>
                <th scope="col">{t('gov.changeTo')}</th>
                <th scope="col">{t('gov.reason')}</th>
                <th scope="col">{t('gov.changeBy')}</th>
              </tr>
            </thead>
          )}
          <tbody>
            {log.data.changes.length === 0 ? (
              <tr>
                <td>{t('gov.noChanges')}</td>
              </tr>
            ) : (
              log.data.changes.map((c) => (
                <tr key={c.id}>
                  <td>
                    <bdi dir="ltr">{when(c.at)}</bdi>
                  </td>
                  <th scope="row">{i18n.name(c.name_zh, c.name_en)}</th>
                  <td>{t(`gov.field.${c.field}` as MessageKey)}</td>
                  <td>{c.old_value ?? '—'}</td>
                  <td>{c.new_value ?? '—'}</td>
                  <td>{c.reason}</td>
                  <td>{c.by_user ?? '—'}</td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      )}
    </section>
  );
}
