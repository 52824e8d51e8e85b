import { type FormEvent, useState } from 'react';
import { ApiError, api } from '../app/api.ts';
import { canWrite, type Session } from '../app/session.ts';
import type { ImportIssue, ImportSummary } from '../app/types.ts';
import { useI18n } from '../i18n/i18n.tsx';

/** What a file may hold (src/domain/import-rows.ts) and the tables one may download (GET /api/export). */
const IMPORT_KINDS = [
  'documents',
  'regions',
  'metrics',
  'parks',
  'chains',
  'clusters',
  'enterprises',
  'enterprise_nodes',
  'supply_links',
  'indicators',
  'targets',
  'plans',
  'actions',
  'tasks',
  'task_reviews',
  'projects',
  'land_parcels',
  'standard_land_contracts',
  'incentives',
  'service_requests',
  'enclave_agreements',
  'problems',
];
const EXPORT_TABLES = [...IMPORT_KINDS, 'industries', 'units', 'chain_nodes'].sort();

type Check =
  | { state: 'idle' }
  | { state: 'busy' }
  | { state: 'errors'; issues: ImportIssue[]; total: number }
  | { state: 'checked'; summary: ImportSummary; file: File; kind: string }
  | { state: 'imported'; summary: ImportSummary }
  | { state: 'failed'; message: string };

async function upload(file: File, kind: string, dryRun: boolean): Promise<ImportSummary> {
  const form = new FormData();
  form.set('file', file);
  const query = new URLSearchParams({ dry_run: String(dryRun) });
  if (kind) query.set('kind', kind);
  return api<ImportSummary>(`/api/import?${query}`, { method: 'POST', body: form });
}

function ImportForm() {
  const i18n = useI18n();
  const { t } = i18n;
  const [check, setCheck] = useState<Check>({ state: 'idle' });
  const [busyImport, setBusyImport] = useState(false);

  async function run(file: File, kind: string, dryRun: boolean) {
    try {
      const summary = await upload(file, kind, dryRun);
      setCheck(dryRun ? { state: 'checked', summary, file, kind } : { state: 'imported', summary });
    } catch (e) {
      if (e instanceof ApiError && e.status === 422) {
        const body = e.body as { issues: ImportIssue[]; total: number };
        setCheck({ state: 'errors', issues: body.issues, total: body.total });
      } else setCheck({ state: 'failed', message: (e as Error).message });
    }
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const file = form.get('file');
    if (!(file instanceof File) || !file.name) return;
    setCheck({ state: 'busy' });
    await run(file, String(form.get('kind') ?? ''), true);
  }

  const counts = (s: ImportSummary) => ({
    file: s.file,
    rows: i18n.number(s.rows),
    inserted: i18n.number(s.inserted),
    updated: i18n.number(s.updated),
  });

  return (
    <>
      <form onSubmit={submit} className="import-form" onChange={() => setCheck({ state: 'idle' })}>
        <label>
          {t('data.kind')}
          <select name="kind" defaultValue="">
            <option value="">{t('data.kindFromFile')}</option>
            {IMPORT_KINDS.map((k) => (
              <option key={k} value={k}>
                {k}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('data.file')}
          <input
            type="file"
            name="file"
            required
            accept=".csv,.xlsx,.json,.yaml,.yml"
            data-testid="import-file"
          />
        </label>
        <button type="submit" disabled={check.state === 'busy'}>
          {check.state === 'busy' ? t('data.checking') : t('data.check')}
        </button>
      </form>
      <div aria-live="polite">
        {check.state === 'failed' && (
          <p role="alert" className="error">
            {t('common.error', { message: check.message })}
          </p>
        )}
        {check.state === 'errors' && (
          <>
            <p className="error" data-testid="import-errors-summary">
              {t('data.errors', { count: i18n.number(check.total) })}
            </p>
            <div className="table-wrap">
              <table data-testid="import-errors">
                <thead>
                  <tr>
                    <th scope="col">{t('data.row')}</th>
                    <th scope="col">{t('data.column')}</th>
                    <th scope="col">{t('data.given')}</th>
                    <th scope="col">{t('data.expected')}</th>
                  </tr>
                </thead>
                <tbody>
                  {check.issues.map((issue) => (
                    <tr key={`${issue.row}|${issue.column}|${issue.expected}`}>
                      <td className="num">{i18n.number(issue.row)}</td>
                      <td>{issue.column ?? '—'}</td>
                      <td>
                        <code>{issue.value === undefined ? '' : JSON.stringify(issue.value)}</code>
                      </td>
                      <td>{issue.expected}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )}
        {check.state === 'checked' && (
          <>
            <p data-testid="import-checked">{t('data.checked', counts(check.summary))}</p>
            <button
              type="button"
              disabled={busyImport}
              onClick={async () => {
                setBusyImport(true);
                await run(check.file, check.kind, false);
                setBusyImport(false);
              }}
            >
              {busyImport ? t('data.importing') : t('data.import', { rows: i18n.number(check.summary.rows) })}
            </button>
          </>
        )}
        {check.state === 'imported' && (
          <p data-testid="import-done">{t('data.imported', counts(check.summary))}</p>
        )}
      </div>
    </>
  );
}

function ExportLinks() {
  const { t } = useI18n();
  const [table, setTable] = useState('parks');
  return (
    <div className="controls">
      <label>
        {t('data.table')}{' '}
        <select value={table} onChange={(e) => setTable(e.target.value)}>
          {EXPORT_TABLES.map((k) => (
            <option key={k} value={k}>
              {k}
            </option>
          ))}
        </select>
      </label>
      {(['csv', 'xlsx'] as const).map((format) => (
        <a key={format} className="button" href={`/api/export/${table}?format=${format}`} download>
          {t('data.download', { format: format.toUpperCase() })}
        </a>
      ))}
    </div>
  );
}

export function DataPage({ session }: { session: Session }) {
  const { t } = useI18n();
  return (
    <div className="data-page">
      <section className="panel">
        <h1>{t('data.importTitle')}</h1>
        {canWrite(session) ? (
          <>
            <p className="help">{t('data.importHelp')}</p>
            <ImportForm />
          </>
        ) : (
          <p data-testid="read-only">{t('data.readOnly')}</p>
        )}
      </section>
      <section className="panel">
        <h2>{t('data.exportTitle')}</h2>
        <p className="help">{t('data.exportHelp')}</p>
        <ExportLinks />
      </section>
    </div>
  );
}
