/**
 * A chain desk (docs/chain-desk.md): the chain chief system of one chain in one region or park — chief,
 * deputies, chain office, chain masters, partners, goals ("not recorded" where no source names them) —
 * its five maps and five lists, the chain book to download or issue, and the chief's dashboard.
 * Route: #/desk?code=LJ-HUAPING-PV&view=chain (a map or a list), #/desk?view=dashboard.
 */
import './desk.css';
import { useState } from 'react';
import { api, list } from '../app/api.ts';
import { hrefOf } from '../app/route.ts';
import { useApi } from '../app/useApi.ts';
import { useI18n } from '../i18n/i18n.tsx';
import type { MessageKey } from '../i18n/messages/en.ts';
import { ChiefDashboard } from './ChiefDashboard.tsx';
import { DeskListView, LISTS, type ListName } from './DeskLists.tsx';
import { DeskMap, MAPS, type MapName } from './DeskMaps.tsx';
import type { Desk, DeskPerson, DeskSummary } from './types.ts';

function People({ label, people }: { label: MessageKey; people: DeskPerson[] }) {
  const i18n = useI18n();
  const { t } = i18n;
  return (
    <>
      <dt>{t(label)}</dt>
      <dd>
        {people.length === 0
          ? t('desk.notRecorded')
          : people.map((p) => (
              <span key={p.name} title={p.quote ? `${p.source}: “${p.quote}”` : undefined} className="person">
                {[
                  p.enterprise ? i18n.name(p.enterprise.name_zh, p.enterprise.name_en) : p.name,
                  p.title,
                  p.department,
                  p.park_code,
                ]
                  .filter(Boolean)
                  .join(', ')}
              </span>
            ))}
      </dd>
    </>
  );
}

function ChiefSystem({ desk }: { desk: Desk }) {
  const { t } = useI18n();
  return (
    <dl className="desk-team" data-testid="desk-team">
      <dt>{t('desk.chief')}</dt>
      <dd data-testid="desk-chief">
        {desk.chief ? [desk.chief.name, desk.chief.title].filter(Boolean).join(', ') : t('desk.notRecorded')}
      </dd>
      <People label="desk.deputies" people={desk.deputies} />
      <People label="desk.office" people={desk.office} />
      <People label="desk.masters" people={desk.chain_masters} />
      <People label="desk.partners" people={desk.partners} />
      <dt>{t('desk.goals')}</dt>
      <dd>
        {desk.goals.length === 0
          ? t('desk.notRecorded')
          : desk.goals.map((g) => (
              <span key={`${g.year}-${g.title}`} className="person">
                {g.year}: {g.title}
              </span>
            ))}
      </dd>
    </dl>
  );
}

function Book({ desk, editable }: { desk: string; editable: boolean }) {
  const i18n = useI18n();
  const { t } = i18n;
  const period = String(new Date().getFullYear());
  const [issued, setIssued] = useState<string | null>(null);
  // Once issued here, the links print that edition with its change log.
  const [edition, setEdition] = useState<number | null>(null);
  const editions = useApi(`desk-editions:${desk}:${issued ?? ''}`, () =>
    api<{ total: number }>(`/api/desks/${encodeURIComponent(desk)}/editions`),
  );
  const url = (format: string) =>
    `/api/desks/${encodeURIComponent(desk)}/book?period=${period}&format=${format}&lang=${i18n.locale}${edition ? `&edition=${edition}` : ''}`;
  const issue = async () => {
    const result = await api<{
      edition: { number: number };
      changes: Record<string, unknown[] | number | null>;
    }>(`/api/desks/${encodeURIComponent(desk)}/editions`, {
      method: 'POST',
      body: JSON.stringify({ period }),
    });
    const changes = Object.values(result.changes).reduce<number>(
      (n, v) => n + (Array.isArray(v) ? v.length : 0),
      0,
    );
    setEdition(result.edition.number);
    setIssued(t('desk.issued', { n: result.edition.number, changes }));
  };
  return (
    <div className="desk-book" data-testid="desk-book">
      <h2>{t('desk.book')}</h2>
      <p className="help">{t('desk.bookHelp')}</p>
      <p className="controls">
        <a href={url('pdf')} download>
          PDF
        </a>
        <a href={url('html')} target="_blank" rel="noreferrer">
          HTML
        </a>
        <a href={url('xlsx')} download>
          XLSX
        </a>
        {editions.state === 'done' && (
          <span>{t('desk.editions', { n: i18n.number(editions.data.total) })}</span>
        )}
        {editable && (
          <button type="button" onClick={() => void issue()} data-testid="issue-edition">
            {t('desk.issue')}
          </button>
        )}
      </p>
      {issued && (
        <p role="status" data-testid="issued">
          {issued}
        </p>
      )}
    </div>
  );
}

export function DeskPage({ params }: { params: URLSearchParams }) {
  const i18n = useI18n();
  const { t } = i18n;
  const desks = useApi('desks', () => list<DeskSummary>('desks'));
  const all = desks.state === 'done' ? desks.data.items : [];
  const code = params.get('code') ?? all[0]?.code ?? null;
  const view = params.get('view') ?? 'chain';
  const desk = useApi(code && view !== 'dashboard' ? `desk:${code}` : null, () =>
    api<Desk>(`/api/desks/${encodeURIComponent(code!)}`),
  );
  if (desks.state === 'loading') return <p>{t('common.loading')}</p>;
  if (desks.state === 'error') return <p role="alert">{t('common.error', { message: desks.message })}</p>;
  if (view === 'dashboard') return <ChiefDashboard chief={params.get('chief')} desks={all} />;
  if (!code) return <p>{t('common.none')}</p>;
  const tab = (name: string, label: MessageKey) => (
    <a
      key={name}
      href={hrefOf('desk', { code, view: name })}
      aria-current={view === name ? 'page' : undefined}
      className="desk-tab"
    >
      {t(label)}
    </a>
  );
  return (
    <div className="desk-page" data-testid="desk-page">
      <section className="panel">
        <h1>{t('desk.title')}</h1>
        <p className="help">{t('desk.help')}</p>
        <div className="controls">
          <label>
            {t('desk.desk')}{' '}
            <select
              value={code}
              onChange={(e) => {
                location.hash = hrefOf('desk', { code: e.target.value, view });
              }}
              data-testid="desk-select"
            >
              {all.map((d) => (
                <option key={d.code} value={d.code}>
                  {i18n.name(d.chain.name_zh, d.chain.name_en)} —{' '}
                  {i18n.name(d.scope.name_zh, d.scope.name_en)}
                </option>
              ))}
            </select>
          </label>
          <a href={hrefOf('desk', { view: 'dashboard' })}>{t('desk.dashboard')}</a>
        </div>
        {desk.state === 'loading' && <p>{t('common.loading')}</p>}
        {desk.state === 'error' && <p role="alert">{t('common.error', { message: desk.message })}</p>}
        {desk.state === 'done' && (
          <>
            <ChiefSystem desk={desk.data} />
            <Book key={code} desk={code} editable={desk.data.editable} />
          </>
        )}
      </section>
      <section className="panel">
        <nav className="desk-tabs" aria-label={t('desk.maps')}>
          <span className="desk-tabs-label">{t('desk.maps')}:</span>
          {MAPS.map((m) => tab(m, `desk.map.${m}` as MessageKey))}
        </nav>
        <nav className="desk-tabs" aria-label={t('desk.lists')}>
          <span className="desk-tabs-label">{t('desk.lists')}:</span>
          {LISTS.map((l) => tab(l, `desk.list.${l}` as MessageKey))}
        </nav>
        {desk.state === 'done' &&
          ((MAPS as readonly string[]).includes(view) ? (
            <>
              <h2>{t(`desk.map.${view}` as MessageKey)}</h2>
              <DeskMap
                key={`${code}:${view}`}
                desk={code}
                map={view as MapName}
                regionCode={desk.data.scope.region_code}
                editable={desk.data.editable}
              />
            </>
          ) : (LISTS as readonly string[]).includes(view) ? (
            <>
              <h2>{t(`desk.list.${view}` as MessageKey)}</h2>
              <DeskListView key={`${code}:${view}`} desk={code} list={view as ListName} />
            </>
          ) : null)}
      </section>
    </div>
  );
}
