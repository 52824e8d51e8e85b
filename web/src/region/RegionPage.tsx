import { useEffect, useMemo } from 'react';
import { list } from '../app/api.ts';
import { formatFigure } from '../app/format.ts';
import { navigate } from '../app/route.ts';
import type { Indicator, Metric, Park, Region, Target } from '../app/types.ts';
import { useApi } from '../app/useApi.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { ChinaMap } from './ChinaMap.tsx';
import { loadChinaGeo } from './chinaGeo.ts';
import { KeyIndicators } from './KeyIndicators.tsx';

interface Atlas {
  regions: Region[];
  indicators: Indicator[];
  metrics: Metric[];
  parks: Park[];
}

async function loadAtlas(): Promise<Atlas> {
  const [regions, indicators, metrics, parks] = await Promise.all([
    list<Region>('regions', { level: 'province,prefecture' }),
    list<Indicator>('indicators', { entity_kind: 'region' }),
    list<Metric>('metrics'),
    list<Park>('parks'),
  ]);
  return { regions: regions.items, indicators: indicators.items, metrics: metrics.items, parks: parks.items };
}

const ALL_OF_CHINA = 'china';
const provinceOf = (code: string) => `${code.slice(0, 2)}0000`;
const prefectureOf = (code: string) => `${code.slice(0, 4)}00`;
const isProvince = (code: string) => code.endsWith('0000');

export function RegionPage({ params }: { params: URLSearchParams }) {
  const i18n = useI18n();
  const { t } = i18n;
  const atlas = useApi('atlas', loadAtlas);
  const data = atlas.state === 'done' ? atlas.data : null;
  // A user whose parks and figures all lie in one province (a region or park officer) starts inside it;
  // "all of China" is then asked for explicitly (province=china), so the back button still leads out.
  const homeProvince = useMemo(() => {
    if (!data) return null;
    const codes = [...data.parks.map((p) => p.region_code), ...data.indicators.map((i) => i.entity_code)];
    const provinces = new Set(codes.map(provinceOf));
    return provinces.size === 1 ? [...provinces][0]! : null;
  }, [data]);
  const provinceParam = params.get('province');
  const province = provinceParam === ALL_OF_CHINA ? null : (provinceParam ?? homeProvince);
  // The boundaries are fetched alongside the figures, not after them: the map is drawn once both are
  // in (chinaGeo caches the answer; a failure is the map's to show).
  useEffect(() => {
    loadChinaGeo(province ? 'prefectures' : 'provinces').catch(() => undefined);
  }, [province]);
  const metric = params.get('metric') ?? 'parks';

  // Off the first render's path: enterprises only for their choropleth, and the names of counties that
  // have figures (Jiahe, 431024) but are not on the province/prefecture map.
  const enterprises = useApi(metric === 'enterprises' ? 'enterprises' : null, () =>
    list<{ region_code: string | null }>('enterprises'),
  );
  const missingCodes = useMemo(() => {
    const known = new Set(data?.regions.map((r) => r.code));
    return [...new Set(data?.indicators.map((i) => i.entity_code))].filter((c) => !known.has(c)).sort();
  }, [data]);
  const moreRegions = useApi(missingCodes.length ? `regions:${missingCodes.join(',')}` : null, () =>
    list<Region>('regions', { code: missingCodes.join(',') }),
  );
  const regionsByCode = useMemo(
    () =>
      new Map(
        [...(data?.regions ?? []), ...(moreRegions.state === 'done' ? moreRegions.data.items : [])].map(
          (r) => [r.code, r],
        ),
      ),
    [data, moreRegions],
  );
  const metricsByCode = useMemo(() => new Map(data?.metrics.map((m) => [m.code, m]) ?? []), [data]);
  /** Regions with figures, most first: the places the workspace knows about. */
  const regionsWithFigures = useMemo(() => {
    const counts = new Map<string, number>();
    for (const i of data?.indicators ?? []) counts.set(i.entity_code, (counts.get(i.entity_code) ?? 0) + 1);
    return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  }, [data]);
  const selected = params.get('region') ?? regionsWithFigures[0]?.[0] ?? null;

  const set = (next: Record<string, string | null>) => {
    const merged: Record<string, string> = {};
    for (const [k, v] of Object.entries({ province, region: selected, metric, ...next }))
      if (v) merged[k] = v;
    navigate('region', merged);
  };

  /** The chosen figure by map unit: provinces on the country map, prefectures inside a province. */
  const values = useMemo(() => {
    const byUnit = new Map<string, number>();
    if (!data) return byUnit;
    const unitOf = (code: string | null) => {
      if (!code) return null;
      if (!province) return provinceOf(code);
      return code.slice(0, 2) === province.slice(0, 2) && !isProvince(code) ? prefectureOf(code) : null;
    };
    const add = (code: string | null, amount: number) => {
      const unit = unitOf(code);
      if (unit) byUnit.set(unit, (byUnit.get(unit) ?? 0) + amount);
    };
    if (metric === 'parks') for (const p of data.parks) add(p.region_code, 1);
    else if (metric === 'enterprises') {
      for (const e of enterprises.state === 'done' ? enterprises.data.items : []) add(e.region_code, 1);
    } else {
      // An indicator is drawn where it was recorded at the map's own level, latest period, whole scope.
      const latest = new Map<string, Indicator>();
      for (const i of data.indicators) {
        if (i.metric !== metric || i.scope !== '' || unitOf(i.entity_code) !== i.entity_code) continue;
        const seen = latest.get(i.entity_code);
        if (!seen || seen.period_end < i.period_end) latest.set(i.entity_code, i);
      }
      for (const [code, i] of latest) byUnit.set(code, i.value);
    }
    return byUnit;
  }, [data, enterprises, metric, province]);

  if (atlas.state === 'loading') return <p>{t('common.loading')}</p>;
  if (atlas.state === 'error') return <p role="alert">{t('common.error', { message: atlas.message })}</p>;
  const { indicators, metrics } = atlas.data;

  const regionName = (code: string) => {
    const region = regionsByCode.get(code);
    return region ? i18n.name(region.name_zh, region.name_en) : code;
  };
  const metricUnit = metricsByCode.get(metric)?.unit ?? 'count';
  const metricLabel =
    metric === 'parks'
      ? t('region.metricParks')
      : metric === 'enterprises'
        ? t('region.metricEnterprises')
        : i18n.name(metricsByCode.get(metric)?.name_zh, metricsByCode.get(metric)?.name_en);
  const indicatorMetrics = [...new Set(indicators.filter((i) => i.scope === '').map((i) => i.metric))].sort();
  const selectedIndicators = indicators.filter((i) => i.entity_code === selected);

  return (
    <div className="region-page">
      <section className="panel">
        <h1>{province ? regionName(province) : t('region.mapTitle')}</h1>
        <p className="help">{t('region.mapHelp')}</p>
        <div className="controls">
          <label>
            {t('region.metric')}{' '}
            <select value={metric} onChange={(e) => set({ metric: e.target.value })}>
              <option value="parks">{t('region.metricParks')}</option>
              <option value="enterprises">{t('region.metricEnterprises')}</option>
              {indicatorMetrics.map((code) => (
                <option key={code} value={code}>
                  {i18n.name(metricsByCode.get(code)?.name_zh, metricsByCode.get(code)?.name_en) || code}
                </option>
              ))}
            </select>
          </label>
          {province && (
            <button type="button" onClick={() => set({ province: ALL_OF_CHINA })}>
              {t('region.back')}
            </button>
          )}
        </div>
        <ChinaMap
          province={province}
          values={values}
          selected={selected ? (province ? prefectureOf(selected) : provinceOf(selected)) : null}
          label={t('region.mapLabel', {
            name: province ? regionName(province) : t('region.mapTitle'),
            metric: metricLabel,
          })}
          nameOf={(f) => (regionsByCode.has(f.id) ? regionName(f.id) : f.properties.name)}
          formatValue={(v) => formatFigure(i18n, v, metricUnit)}
          onSelect={(code) => (province ? set({ region: code }) : set({ province: code, region: code }))}
        />
      </section>
      <aside className="panel">
        <h2>{t('region.withFigures')}</h2>
        {regionsWithFigures.length === 0 && <p data-testid="no-regions">{t('common.none')}</p>}
        <ul className="region-list">
          {regionsWithFigures.map(([code, count]) => (
            <li key={code}>
              <button
                type="button"
                aria-pressed={code === selected}
                data-region={code}
                onClick={() => set({ region: code, province: isProvince(code) ? code : provinceOf(code) })}
              >
                {regionName(code)}{' '}
                <span className="count">{t('region.figuresCount', { count: i18n.number(count) })}</span>
              </button>
            </li>
          ))}
        </ul>
        {selected ? (
          <>
            <h2 data-testid="region-title">{t('region.keyIndicators', { name: regionName(selected) })}</h2>
            {/* The development report (docs/reports.md) of last year, downloaded from /api/reports. */}
            <p className="report-links" style={{ display: 'flex', gap: '1em', flexWrap: 'wrap' }}>
              {(['pdf', 'xlsx'] as const).map((format) => (
                <a
                  key={format}
                  data-testid={`report-${format}`}
                  download
                  href={`/api/reports?${new URLSearchParams({ scope: selected, period: String(new Date().getFullYear() - 1), format, lang: i18n.locale })}`}
                  title={t('report.title', {
                    year: String(new Date().getFullYear() - 1),
                    name: regionName(selected),
                  })}
                >
                  {t('report.link', {
                    year: String(new Date().getFullYear() - 1),
                    format: format.toUpperCase(),
                  })}
                </a>
              ))}
            </p>
            <RegionTargets code={selected}>
              {(targets) => (
                <KeyIndicators
                  indicators={selectedIndicators}
                  metrics={new Map(metrics.map((m) => [m.code, m]))}
                  targets={targets}
                />
              )}
            </RegionTargets>
          </>
        ) : (
          regionsWithFigures.length > 0 && <p>{t('region.choose')}</p>
        )}
      </aside>
    </div>
  );
}

function RegionTargets({
  code,
  children,
}: {
  code: string;
  children: (targets: Target[]) => React.ReactNode;
}) {
  const targets = useApi(`targets:${code}`, () =>
    list<Target>('targets', { entity_kind: 'region', region_code: code }),
  );
  return <>{children(targets.state === 'done' ? targets.data.items : [])}</>;
}
