import { formatFigure } from '../app/format.ts';
import type { Indicator, Metric, Target } from '../app/types.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { Sparkline } from './Sparkline.tsx';

interface Series {
  metric: string;
  scope: string;
  points: Indicator[];
}

/** One line per (metric, scope): the latest figure with its source, and a sparkline when it has a history. */
function seriesOf(indicators: Indicator[]): Series[] {
  const byKey = new Map<string, Series>();
  for (const indicator of indicators) {
    const key = `${indicator.metric}|${indicator.scope}`;
    let series = byKey.get(key);
    if (!series) {
      series = { metric: indicator.metric, scope: indicator.scope, points: [] };
      byKey.set(key, series);
    }
    series.points.push(indicator);
  }
  for (const series of byKey.values()) series.points.sort((a, b) => a.period_end.localeCompare(b.period_end));
  return [...byKey.values()];
}

export function KeyIndicators({
  indicators,
  metrics,
  targets,
}: {
  indicators: Indicator[];
  metrics: ReadonlyMap<string, Metric>;
  targets: Target[];
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const metricName = (code: string, fallback: string) => {
    const metric = metrics.get(code);
    return metric ? i18n.name(metric.name_zh, metric.name_en) : fallback;
  };
  if (indicators.length === 0) return <p>{t('region.noIndicators')}</p>;
  return (
    <>
      <p className="help">{t('region.indicatorsHelp')}</p>
      <ul className="indicators" data-testid="indicators">
        {seriesOf(indicators).map((series) => {
          const latest = series.points.at(-1)!;
          return (
            <li
              key={`${series.metric}|${series.scope}`}
              data-metric={series.metric}
              data-scope={series.scope}
            >
              <div className="indicator-head">
                <span className="metric">{metricName(series.metric, latest.metric_name)}</span>
                {series.scope && <span className="scope">{series.scope.replaceAll('_', ' ')}</span>}
              </div>
              <div className="indicator-value">
                <span className="figure" title={latest.quote ?? undefined} data-testid="figure">
                  {formatFigure(i18n, latest.value, latest.unit)}
                </span>
                <span className="period">{latest.period}</span>
                <Sparkline
                  values={series.points.map((p) => p.value)}
                  label={t('region.trend', { count: series.points.length })}
                />
              </div>
              {latest.quote && (
                <details>
                  <summary>
                    {t('common.source')}: {latest.document_title ?? latest.source}
                  </summary>
                  <blockquote>{latest.quote}</blockquote>
                </details>
              )}
            </li>
          );
        })}
      </ul>
      {targets.length > 0 && (
        <>
          <h3>{t('region.targets')}</h3>
          <ul className="indicators">
            {targets.map((target) => {
              const reached = indicators
                .filter((i) => i.metric === target.metric && i.unit === target.unit && i.scope === '')
                .sort((a, b) => a.period_end.localeCompare(b.period_end))
                .at(-1);
              const progress = reached ? Math.min(1, reached.value / target.value) : null;
              return (
                <li key={target.id}>
                  <div className="indicator-head">
                    <span className="metric">{metricName(target.metric, target.metric)}</span>
                    {target.phase && <span className="scope">{target.phase}</span>}
                  </div>
                  <div className="indicator-value">
                    <span className="figure" title={target.quote ?? undefined}>
                      {formatFigure(i18n, target.value, target.unit)}
                    </span>
                    <span className="period">{t('region.due', { period: target.due_period })}</span>
                    {progress !== null && (
                      <progress
                        value={progress}
                        max={1}
                        aria-label={i18n.number(progress, { style: 'percent' })}
                      />
                    )}
                  </div>
                </li>
              );
            })}
          </ul>
        </>
      )}
    </>
  );
}
