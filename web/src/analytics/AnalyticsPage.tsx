import './analytics.css';
import { useMemo } from 'react';
import { api, list } from '../app/api.ts';
import { navigate } from '../app/route.ts';
import type { Indicator, Region } from '../app/types.ts';
import { useApi } from '../app/useApi.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { IndustrySpaceGraph } from './IndustrySpaceGraph.tsx';
import { PresenceDensityChart } from './PresenceDensityChart.tsx';
import { ShiftShareBars } from './ShiftShareBars.tsx';
import { SpecializationTreemap } from './SpecializationTreemap.tsx';
import type { IndustrySpace, ShiftShareAnswer, Specialization } from './types.ts';

interface IndustryRow extends Indicator {
  industry_code: string | null;
}
interface Industry {
  code: string;
  name_zh: string;
  name_en: string | null;
}

/** A region, metric and period for which the caller sees figures broken down by industry. */
interface Table {
  region: string;
  metric: string;
  /** The metric's name as the API gives it (English), for the choice list. */
  metricName: string;
  period: string;
  documents: string[];
}

/**
 * Specialization of a region from the store's region × industry figures: a treemap of its industries
 * (area = the figure, colour = location quotient) and relative presence vs fit (density) in quadrants.
 */
export function AnalyticsPage({ params }: { params: URLSearchParams }) {
  const i18n = useI18n();
  const { t } = i18n;
  const tables = useApi('analytics-tables', async () => {
    const rows = (await list<IndustryRow>('indicators', { entity_kind: 'region' })).items.filter(
      (r) => r.industry_code,
    );
    const byKey = new Map<string, Table & { industries: Set<string> }>();
    for (const r of rows) {
      const key = `${r.entity_code}|${r.metric}|${r.period}`;
      const table = byKey.get(key) ?? {
        region: r.entity_code,
        metric: r.metric,
        metricName: r.metric_name || r.metric,
        period: r.period,
        documents: [],
        industries: new Set<string>(),
      };
      table.industries.add(r.industry_code!);
      const doc = r.document_title ?? r.source;
      if (doc && !table.documents.includes(doc)) table.documents.push(doc);
      byKey.set(key, table);
    }
    // A breakdown needs at least two industries to say what the region is specialized in.
    // Latest period first, so the page opens on the newest figures.
    const found = [...byKey.values()]
      .filter((x) => x.industries.size >= 2)
      .sort((a, b) => b.period.localeCompare(a.period) || a.region.localeCompare(b.region));
    // The periods of each region and metric, for shift-share between two of them.
    const periods = new Map<string, string[]>();
    for (const x of found)
      periods.set(`${x.region}|${x.metric}`, [...(periods.get(`${x.region}|${x.metric}`) ?? []), x.period]);
    for (const list of periods.values()) list.sort();
    const codes = [...new Set(found.map((x) => x.region))];
    const regions = codes.length ? (await list<Region>('regions', { code: codes.join(',') })).items : [];
    return { tables: found, regions, periods };
  });
  const choices = tables.state === 'done' ? tables.data.tables : [];
  const wanted = `${params.get('region')}|${params.get('metric')}|${params.get('period')}`;
  const chosen = choices.find((c) => `${c.region}|${c.metric}|${c.period}` === wanted) ?? choices[0] ?? null;
  const result = useApi(
    chosen ? `specialization:${chosen.region}:${chosen.metric}:${chosen.period}` : null,
    async () => {
      const spec = await api<Specialization>(
        `/api/analytics/specialization/${encodeURIComponent(chosen!.region)}?${new URLSearchParams({
          metric: chosen!.metric,
          period: chosen!.period,
        })}`,
      );
      const base = `/api/analytics/%s/${encodeURIComponent(chosen!.region)}`;
      // Shift-share from the period before the chosen one (or to the one after, when it is the first).
      const periods =
        tables.state === 'done' ? (tables.data.periods.get(`${chosen!.region}|${chosen!.metric}`) ?? []) : [];
      const at = Math.max(periods.indexOf(chosen!.period), 1);
      const [space, shift] = await Promise.all([
        api<IndustrySpace>(
          `${base.replace('%s', 'industry-space')}?${new URLSearchParams({ metric: chosen!.metric, period: chosen!.period })}`,
        ),
        periods.length >= 2
          ? api<ShiftShareAnswer>(
              `${base.replace('%s', 'shift-share')}?${new URLSearchParams({ metric: chosen!.metric, from: periods[at - 1]!, to: periods[at]! })}`,
            )
          : Promise.resolve(null),
      ]);
      const codes = [
        ...new Set([...space.nodes.map((x) => x.industry), ...spec.industries.map((x) => x.industry)]),
      ];
      const industries = (await list<Industry>('industries', { code: codes.join(',') })).items;
      return { spec, industries, space, shift };
    },
  );
  const names = useMemo(() => {
    const map = new Map<string, string>();
    if (result.state === 'done') {
      for (const ind of result.data.industries) map.set(ind.code, i18n.name(ind.name_zh, ind.name_en));
    }
    return map;
  }, [result, i18n]);
  const regionName = (code: string) => {
    const r = tables.state === 'done' ? tables.data.regions.find((x) => x.code === code) : undefined;
    return r ? i18n.name(r.name_zh, r.name_en) : code;
  };

  return (
    <div className="analytics-page">
      <h1>{t('analytics.title')}</h1>
      <p className="help">{t('analytics.help')}</p>
      {tables.state === 'loading' && <p>{t('common.loading')}</p>}
      {tables.state === 'error' && <p role="alert">{t('common.error', { message: tables.message })}</p>}
      {tables.state === 'done' && choices.length === 0 && (
        <p className="panel" data-testid="analytics-empty">
          {t('analytics.noTable')}
        </p>
      )}
      {chosen && (
        <div className="controls">
          <label>
            {t('analytics.table')}{' '}
            <select
              value={`${chosen.region}|${chosen.metric}|${chosen.period}`}
              onChange={(e) => {
                const [region = '', metric = '', period = ''] = e.target.value.split('|');
                navigate('analytics', { region, metric, period });
              }}
            >
              {choices.map((c) => (
                <option
                  key={`${c.region}|${c.metric}|${c.period}`}
                  value={`${c.region}|${c.metric}|${c.period}`}
                >
                  {regionName(c.region)} — {c.metricName} — {c.period}
                </option>
              ))}
            </select>
          </label>
        </div>
      )}
      {result.state === 'error' && <p role="alert">{t('common.error', { message: result.message })}</p>}
      {chosen && result.state === 'done' && (
        <>
          <section className="panel" aria-labelledby="treemap-title">
            <h2 id="treemap-title">
              {t('analytics.treemapTitle', { region: regionName(chosen.region), period: chosen.period })}
            </h2>
            <p className="help">{t('analytics.treemapHelp')}</p>
            <SpecializationTreemap industries={result.data.spec.industries} names={names} />
          </section>
          <section className="panel" aria-labelledby="quadrant-title">
            <h2 id="quadrant-title">{t('analytics.quadrantTitle')}</h2>
            <p className="help">{t('analytics.quadrantHelp')}</p>
            <PresenceDensityChart industries={result.data.spec.industries} names={names} />
          </section>
          <section className="panel" aria-labelledby="shift-title">
            <h2 id="shift-title">
              {result.data.shift
                ? t('analytics.shift.title', {
                    region: regionName(chosen.region),
                    from: result.data.shift.from,
                    to: result.data.shift.to,
                  })
                : t('analytics.shift.titleShort')}
            </h2>
            <p className="help">{t('analytics.shift.help')}</p>
            {result.data.shift ? (
              <>
                <p data-testid="shift-share-benchmark">
                  {t('analytics.shift.benchmarkGrowth', {
                    growth: i18n.number(result.data.shift.benchmark_growth, {
                      style: 'percent',
                      maximumFractionDigits: 1,
                    }),
                  })}{' '}
                  ({result.data.shift.benchmark})
                </p>
                <ShiftShareBars answer={result.data.shift} names={names} />
              </>
            ) : (
              <p data-testid="shift-share-none">{t('analytics.shift.none')}</p>
            )}
          </section>
          <section className="panel" aria-labelledby="space-title">
            <h2 id="space-title">{t('analytics.space.title', { period: chosen.period })}</h2>
            <p className="help">{t('analytics.space.help', { region: regionName(chosen.region) })}</p>
            <IndustrySpaceGraph
              space={result.data.space}
              names={names}
              regionName={regionName(chosen.region)}
            />
            <p className="help">
              {t('analytics.method')}: {result.data.space.method}
            </p>
          </section>
          <section className="panel" data-testid="analytics-source">
            <h2>{t('common.source')}</h2>
            <p>
              {t('analytics.sourceFigures', {
                metric: chosen.metric,
                period: chosen.period,
                documents: chosen.documents.join('; ') || '—',
              })}
            </p>
            <p>
              {t('analytics.benchmark')}: {result.data.spec.benchmark}
            </p>
            <p>
              {t('analytics.method')}: {result.data.spec.method}
            </p>
          </section>
        </>
      )}
    </div>
  );
}
