import { Suspense, useEffect, useState } from 'react';
import { LoginPage } from '../auth/LoginPage.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { LOCALE_NAMES, LOCALES, type Locale } from '../i18n/locales.ts';
import type { MessageKey } from '../i18n/messages/en.ts';
import { RegionPage } from '../region/RegionPage.tsx';
import { mayOpen } from './page-access.ts';
import {
  AnalyticsPage,
  ChainPage,
  ClustersPage,
  DataPage,
  DeskPage,
  DocumentsPage,
  GovernancePage,
  OpportunitiesPage,
  ParksPage,
  WorkPage,
} from './pages.ts';
import { hrefOf, PAGES, type PageName, useRoute } from './route.ts';
import { currentSession, rolesOf, type Session, signOut } from './session.ts';

const PAGE_LABELS: Record<PageName, MessageKey> = {
  region: 'nav.region',
  parks: 'nav.parks',
  clusters: 'nav.clusters',
  chain: 'nav.chain',
  opportunities: 'nav.opportunities',
  data: 'nav.data',
  documents: 'nav.documents',
  work: 'nav.work',
  analytics: 'nav.analytics',
  governance: 'nav.governance',
  desk: 'nav.desk',
};

function LanguageSwitcher() {
  const { t, locale, setLocale } = useI18n();
  return (
    <label className="language">
      {t('lang.label')}{' '}
      <select value={locale} onChange={(e) => setLocale(e.target.value as Locale)} data-testid="language">
        {LOCALES.map((l) => (
          <option key={l} value={l} lang={l}>
            {LOCALE_NAMES[l]}
          </option>
        ))}
      </select>
    </label>
  );
}

export function App() {
  const { t } = useI18n();
  const route = useRoute();
  const [session, setSession] = useState<Session | null | undefined>(undefined);
  useEffect(() => {
    currentSession().then(setSession, () => setSession(null));
  }, []);
  useEffect(() => {
    document.title = t('app.title');
  }, [t]);

  return (
    <>
      <a className="skip" href="#main">
        {t('app.skip')}
      </a>
      <header className="top">
        <div className="brand">
          <strong>{t('app.title')}</strong> <span>{t('app.tagline')}</span>
        </div>
        {session && (
          <nav aria-label={t('nav.main')}>
            {PAGES.filter((page) => mayOpen(session, page)).map((page) => (
              <a key={page} href={hrefOf(page)} aria-current={route.page === page ? 'page' : undefined}>
                {t(PAGE_LABELS[page])}
              </a>
            ))}
          </nav>
        )}
        <div className="who">
          <LanguageSwitcher />
          {session && (
            <>
              <span data-testid="signed-in">
                {t('auth.signedInAs', {
                  user: session.username,
                  roles: rolesOf(session)
                    .map((r) => t(`role.${r}` as MessageKey))
                    .join(', '),
                })}
              </span>
              <button type="button" onClick={() => signOut().then(() => setSession(null))}>
                {t('auth.signOut')}
              </button>
            </>
          )}
        </div>
      </header>
      <main id="main">
        <Suspense fallback={<p>{t('common.loading')}</p>}>
          {session === undefined ? (
            <p>{t('common.loading')}</p>
          ) : session === null ? (
            <LoginPage onSignedIn={setSession} />
          ) : route.page === 'parks' ? (
            <ParksPage params={route.params} />
          ) : route.page === 'clusters' ? (
            <ClustersPage params={route.params} />
          ) : route.page === 'chain' ? (
            <ChainPage params={route.params} />
          ) : route.page === 'opportunities' ? (
            <OpportunitiesPage params={route.params} session={session} />
          ) : route.page === 'data' ? (
            <DataPage session={session} />
          ) : route.page === 'documents' ? (
            <DocumentsPage session={session} />
          ) : route.page === 'work' ? (
            <WorkPage session={session} />
          ) : route.page === 'analytics' ? (
            <AnalyticsPage params={route.params} />
          ) : route.page === 'desk' ? (
            <DeskPage params={route.params} />
          ) : route.page === 'governance' ? (
            <GovernancePage session={session} params={route.params} />
          ) : (
            <RegionPage params={route.params} />
          )}
        </Suspense>
      </main>
    </>
  );
}
