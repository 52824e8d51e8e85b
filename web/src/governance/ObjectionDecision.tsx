import { type FormEvent, useState } from 'react';
import { api } from '../app/api.ts';
import { useI18n } from '../i18n/i18n.tsx';

/**
 * An officer's decision on one open objection: upheld, with the grade or score it corrects (both
 * optional: an objection may be upheld on a point that changes neither), or rejected; a reason either
 * way, which the log of changes keeps beside each correction. A rejected objection changes nothing, so
 * the correction fields are off while "reject" is chosen.
 */
export function ObjectionDecision({
  objectionId,
  grades,
  onDecided,
  onRefused,
}: {
  objectionId: number;
  grades: string[];
  onDecided: () => void;
  onRefused: (message: string) => void;
}) {
  const { t } = useI18n();
  const [decision, setDecision] = useState<'upheld' | 'rejected'>('upheld');
  const decide = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const grade = String(form.get('grade') ?? '');
    const score = String(form.get('score') ?? '').trim();
    const body = {
      decision,
      resolution: String(form.get('reason') ?? '').trim(),
      ...(decision === 'upheld' && grade ? { grade } : {}),
      ...(decision === 'upheld' && score ? { score: Number(score) } : {}),
    };
    try {
      await api(`/api/governance/objections/${objectionId}/resolve`, {
        method: 'POST',
        body: JSON.stringify(body),
      });
      onDecided();
    } catch (e) {
      onRefused((e as Error).message);
    }
  };
  const id = (field: string) => `gov-decide-${objectionId}-${field}`;
  return (
    <details className="gov-decide">
      <summary>{t('gov.decide')}</summary>
      <form onSubmit={decide} className="gov-inline" data-testid={`gov-decide-${objectionId}`}>
        <fieldset>
          <legend>{t('gov.decision')}</legend>
          {(['upheld', 'rejected'] as const).map((d) => (
            <label key={d}>
              <input
                type="radio"
                name="decision"
                value={d}
                checked={decision === d}
                onChange={() => setDecision(d)}
              />{' '}
              {t(`gov.decision.${d}`)}
            </label>
          ))}
        </fieldset>
        <label htmlFor={id('grade')}>{t('gov.correctedGrade')}</label>
        <select id={id('grade')} name="grade" disabled={decision === 'rejected'} defaultValue="">
          <option value="">{t('gov.unchanged')}</option>
          {grades.map((g) => (
            <option key={g} value={g}>
              {g}
            </option>
          ))}
        </select>
        <label htmlFor={id('score')}>{t('gov.correctedScore')}</label>
        <input
          id={id('score')}
          name="score"
          type="number"
          step="any"
          placeholder={t('gov.unchanged')}
          disabled={decision === 'rejected'}
        />
        <label htmlFor={id('reason')}>{t('gov.reason')}</label>
        <textarea id={id('reason')} name="reason" required maxLength={10_000} rows={2} />
        <button type="submit">{t('gov.resolve')}</button>
      </form>
    </details>
  );
}
