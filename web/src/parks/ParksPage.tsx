import { useMemo } from 'react';
import { list } from '../app/api.ts';
import { formatArea } from '../app/format.ts';
import { navigate } from '../app/route.ts';
import { currentSession, rolesOf } from '../app/session.ts';
import type { LandParcel, Park, Region } from '../app/types.ts';
import { useApi } from '../app/useApi.ts';
import { useI18n } from '../i18n/i18n.tsx';
import type { MessageKey } from '../i18n/messages/en.ts';
import { LandByStatusChart } from './LandByStatusChart.tsx';
import { ParkPerformance } from './ParkPerformance.tsx';

/** The prefectures that hold parks the caller may see: the choices of "parks in". */
function useParkRegions() {
  return useApi('park-regions', async () => {
    const parks = await list<Park>('parks');
    const codes = [...new Set(parks.items.map((p) => `${p.region_code.slice(0, 4)}00`))].sort();
    const regions = codes.length ? await list<Region>('regions', { code: codes.join(',') }) : { items: [] };
    return regions.items;
  });
}

export function ParksPage({ params }: { params: URLSearchParams }) {
  const i18n = useI18n();
  const { t } = i18n;
  const regions = useParkRegions();
  const choices = regions.state === 'done' ? regions.data : [];
  const within =
    params.get('within') ?? (choices.some((r) => r.code === '530700') ? '530700' : choices[0]?.code) ?? null;
  const withinRegion = choices.find((r) => r.code === within);
  const withinName = withinRegion ? i18n.name(withinRegion.name_zh, withinRegion.name_en) : (within ?? '');
  const parks = useApi(within ? `parks:${within}` : null, async () => {
    const [p, land] = await Promise.all([
      list<Park>('parks', { within: within! }),
      list<LandParcel>('land-parcels'),
    ]);
    const codes = new Set(p.items.map((x) => x.code));
    return { parks: p.items, land: land.items.filter((l) => codes.has(l.park_code)) };
  });

  // Park performance compares a region's parks (region roles) or a park with its province's (park
  // officers); the API gives other roles neither, so the section is not asked for.
  const session = useApi('session', currentSession);
  const roles = session.state === 'done' && session.data ? rolesOf(session.data) : [];
  const regionRole = roles.some((r) => ['system_admin', 'region_admin', 'region_analyst'].includes(r));
  const perfScope = regionRole
    ? within
    : roles.includes('park_officer') && parks.state === 'done'
      ? (parks.data.parks.find((p) => !p.parent_park_code)?.code ?? null)
      : null;

  const ordered = useMemo(() => {
    if (parks.state !== 'done') return [];
    const all = parks.data.parks;
    const codes = new Set(all.map((p) => p.code));
    const top = all.filter((p) => !p.parent_park_code || !codes.has(p.parent_park_code));
    return top.flatMap((p) => [
      { park: p, depth: 0 },
      ...all.filter((c) => c.parent_park_code === p.code).map((c) => ({ park: c, depth: 1 })),
    ]);
  }, [parks]);

  if (regions.state === 'error') return <p role="alert">{t('common.error', { message: regions.message })}</p>;
  return (
    <div className="parks-page">
      <section className="panel">
        <h1>{t('parks.title')}</h1>
        <p className="help">{t('parks.help')}</p>
        <div className="controls">
          <label>
            {t('parks.within')}{' '}
            <select value={within ?? ''} onChange={(e) => navigate('parks', { within: e.target.value })}>
              {choices.map((r) => (
                <option key={r.code} value={r.code}>
                  {i18n.name(r.name_zh, r.name_en)}
                </option>
              ))}
            </select>
          </label>
        </div>
        {regions.state === 'done' && choices.length === 0 && <p>{t('common.none')}</p>}
        {parks.state === 'loading' && within && <p>{t('common.loading')}</p>}
        {parks.state === 'error' && <p role="alert">{t('common.error', { message: parks.message })}</p>}
        {parks.state === 'done' && (
          <>
            <p data-testid="parks-count">
              {t('parks.count', {
                count: i18n.number(ordered.length),
                top: i18n.number(ordered.filter((o) => o.depth === 0).length),
              })}
            </p>
            <div className="table-wrap">
              <table data-testid="parks-table">
                <thead>
                  <tr>
                    <th scope="col">{t('parks.name')}</th>
                    <th scope="col">{t('parks.kind')}</th>
                    <th scope="col">{t('parks.level')}</th>
                    <th scope="col">{t('parks.county')}</th>
                    <th scope="col">{t('parks.planned')}</th>
                    <th scope="col">{t('parks.available')}</th>
                    <th scope="col">{t('parks.leading')}</th>
                  </tr>
                </thead>
                <tbody>
                  {ordered.map(({ park, depth }) => (
                    <tr key={park.code} className={depth ? 'sub-park' : 'park'} data-park={park.code}>
                      <th scope="row" title={park.quote ?? undefined}>
                        {i18n.name(park.name_zh, park.name_en)}
                        {depth === 0 && (
                          // The park's development report (docs/reports.md) of last year, from /api/reports.
                          <>
                            {' '}
                            <a
                              className="report-link"
                              data-testid={`report-${park.code}`}
                              download
                              href={`/api/reports?${new URLSearchParams({ scope: park.code, period: String(new Date().getFullYear() - 1), format: 'pdf', lang: i18n.locale })}`}
                              title={t('report.title', {
                                year: String(new Date().getFullYear() - 1),
                                name: i18n.name(park.name_zh, park.name_en),
                              })}
                            >
                              {t('report.link', {
                                year: String(new Date().getFullYear() - 1),
                                format: 'PDF',
                              })}
                            </a>
                          </>
                        )}
                      </th>
                      <td>{t(`kind.${park.kind}` as MessageKey)}</td>
                      <td>{park.level ? t(`level.${park.level}` as MessageKey) : '—'}</td>
                      <td>{park.region_name}</td>
                      <td className="num">
                        {formatArea(i18n, park.planned_area_ha, 'ha')}
                        <br />
                        {formatArea(i18n, park.planned_area_mu, 'mu')}
                      </td>
                      <td className="num">
                        {formatArea(i18n, park.available_area_ha, 'ha')}
                        <br />
                        {formatArea(i18n, park.available_area_mu, 'mu')}
                      </td>
                      <td>{park.leading_industries.join(', ') || '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )}
      </section>
      {parks.state === 'done' && (
        <section className="panel">
          <h2>{t('parks.landTitle')}</h2>
          <p className="help">{t('parks.landHelp')}</p>
          <LandByStatusChart parcels={parks.data.land} parks={parks.data.parks} />
        </section>
      )}
      {perfScope && parks.state === 'done' && (
        <section className="panel" aria-labelledby="perf-title">
          <h2 id="perf-title">{t('parks.perf.title', { region: withinName })}</h2>
          <p className="help">{t('parks.perf.help')}</p>
          <ParkPerformance scope={perfScope} regionName={withinName} />
        </section>
      )}
    </div>
  );
}
