/**
 * The technology roadmap's import for those who may change the desk (POST /api/desks/:desk/roadmap):
 * the file lands whole, or the page lists each problem with its file, line or row, column and what was
 * expected — the same answer the CLI prints.
 */
import { useState } from 'react';
import { ApiError, api } from '../app/api.ts';
import { useI18n } from '../i18n/i18n.tsx';

interface Issue {
  file: string;
  row: number;
  line?: number;
  column?: string;
  expected: string;
}

export function RoadmapImport({ desk, onImported }: { desk: string; onImported: () => void }) {
  const { t } = useI18n();
  const [file, setFile] = useState<File | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [issues, setIssues] = useState<Issue[]>([]);
  const [error, setError] = useState<string | null>(null);
  const submit = async () => {
    if (!file) return;
    setDone(null);
    setIssues([]);
    setError(null);
    const form = new FormData();
    form.append('file', file, file.name);
    try {
      const summary = await api<{ technologies: number; tasks: number; bottlenecks: number }>(
        `/api/desks/${encodeURIComponent(desk)}/roadmap`,
        { method: 'POST', body: form },
      );
      setDone(t('desk.roadmapDone', summary));
      onImported();
    } catch (e) {
      const body = (e as ApiError).body as { issues?: Issue[] } | undefined;
      if (e instanceof ApiError && body?.issues) setIssues(body.issues);
      else setError((e as Error).message);
    }
  };
  return (
    <form
      className="desk-roadmap-import"
      data-testid="roadmap-import"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <h3>{t('desk.roadmapImport')}</h3>
      <p className="help">{t('desk.roadmapHelp')}</p>
      <label>
        {t('desk.roadmapFile')}{' '}
        <input
          type="file"
          accept=".yaml,.yml,.json,.csv,.xlsx"
          onChange={(e) => setFile(e.target.files?.[0] ?? null)}
          data-testid="roadmap-file"
        />
      </label>{' '}
      <button type="submit" disabled={!file}>
        {t('desk.roadmapSubmit')}
      </button>
      {done && (
        <p role="status" data-testid="roadmap-done">
          {done}
        </p>
      )}
      {error && <p role="alert">{t('common.error', { message: error })}</p>}
      {issues.length > 0 && (
        <ul role="alert" className="error" data-testid="roadmap-issues">
          {issues.map((i) => (
            <li key={`${i.row}-${i.line ?? 0}-${i.column ?? ''}`}>
              {t('desk.issueAt', {
                file: i.file,
                where: i.line ? t('desk.line', { n: i.line }) : t('desk.row', { n: i.row }),
                column: i.column ?? '',
                expected: i.expected,
              })}
            </li>
          ))}
        </ul>
      )}
    </form>
  );
}
