import { useMemo } from 'react';
import { list } from '../app/api.ts';
import { formatFigure } from '../app/format.ts';
import { hrefOf, navigate } from '../app/route.ts';
import type { Chain, Indicator, Park, Provenance, Region } from '../app/types.ts';
import { useApi } from '../app/useApi.ts';
import { useI18n } from '../i18n/i18n.tsx';
import type { MessageKey } from '../i18n/messages/en.ts';

interface Cluster extends Provenance {
  code: string;
  name_zh: string;
  name_en: string | null;
  tier: string | null;
  region_code: string | null;
  park_code: string | null;
  description: string | null;
  chain_codes: string[];
}

/** The tiers in the order plans rank them (src/domain/vocabulary.ts CLUSTER_TIERS), then clusters with none. */
const TIERS = ['world_class', 'national', 'provincial', 'emerging', 'traditional', 'other', 'none'] as const;
const TIER_COLOURS: Record<(typeof TIERS)[number], string> = {
  world_class: '#1b5e20',
  national: '#1f5f8b',
  provincial: '#4e9a8f',
  emerging: '#e69f00',
  traditional: '#8d6e63',
  other: '#90a4ae',
  none: '#cfd8dc',
};
const tierOf = (c: Cluster) => (c.tier ?? 'none') as (typeof TIERS)[number];

async function loadClusters() {
  const [clusters, figures] = await Promise.all([
    list<Cluster>('clusters').then((x) => x.items),
    list<Indicator>('indicators', { entity_kind: 'cluster' }).then((x) => x.items),
  ]);
  const parkCodes = [...new Set(clusters.map((c) => c.park_code).filter((x): x is string => !!x))];
  const [chains, parks] = await Promise.all([
    list<Chain>('chains'),
    parkCodes.length
      ? list<Park>('parks', { code: parkCodes.join(',') })
      : Promise.resolve({ items: [] as Park[] }),
  ]);
  const regionCodes = [
    ...new Set([
      ...clusters.map((c) => c.region_code).filter((x): x is string => !!x),
      ...parks.items.map((p) => p.region_code),
    ]),
  ];
  const provinces = [...new Set(regionCodes.map((c) => `${c.slice(0, 2)}0000`))];
  const regions = (
    await list<Region>('regions', { code: [...new Set([...regionCodes, ...provinces])].join(',') })
  ).items;
  return { clusters, figures, chains: chains.items, parks: parks.items, regions };
}

/** Clusters by tier (Hunan's "3+3+2", Puyang's six…), with where each sits and the chains it groups. */
export function ClustersPage({ params }: { params: URLSearchParams }) {
  const i18n = useI18n();
  const { t } = i18n;
  const data = useApi('clusters', loadClusters);
  const province = params.get('province') ?? '';
  const lookups = useMemo(() => {
    if (data.state !== 'done') return null;
    return {
      chains: new Map(data.data.chains.map((c) => [c.code, c])),
      parks: new Map(data.data.parks.map((p) => [p.code, p])),
      regions: new Map(data.data.regions.map((r) => [r.code, r])),
    };
  }, [data]);
  if (data.state === 'error') return <p role="alert">{t('common.error', { message: data.message })}</p>;
  if (data.state === 'loading' || !lookups) return <p>{t('common.loading')}</p>;
  const regionOf = (c: Cluster) => c.region_code ?? lookups.parks.get(c.park_code ?? '')?.region_code ?? null;
  const hostName = (c: Cluster) => {
    if (c.park_code) {
      const park = lookups.parks.get(c.park_code);
      return park ? i18n.name(park.name_zh, park.name_en) : c.park_code;
    }
    const region = lookups.regions.get(c.region_code ?? '');
    return region ? i18n.name(region.name_zh, region.name_en) : (c.region_code ?? '—');
  };
  const provinces = [
    ...new Set(
      data.data.clusters
        .map(regionOf)
        .filter((x): x is string => !!x)
        .map((c) => `${c.slice(0, 2)}0000`),
    ),
  ].sort();
  const shown = data.data.clusters.filter(
    (c) => !province || regionOf(c)?.slice(0, 2) === province.slice(0, 2),
  );
  const byTier = TIERS.map((tier) => ({ tier, clusters: shown.filter((c) => tierOf(c) === tier) })).filter(
    (x) => x.clusters.length > 0,
  );
  const max = Math.max(1, ...byTier.map((x) => x.clusters.length));
  const tierLabel = (tier: string) => t(`clusters.tier.${tier}` as MessageKey);

  return (
    <div className="clusters-page">
      <section className="panel">
        <h1>{t('clusters.title')}</h1>
        <p className="help">{t('clusters.help')}</p>
        <div className="controls">
          <label>
            {t('clusters.in')}{' '}
            <select
              value={province}
              onChange={(e) => navigate('clusters', e.target.value ? { province: e.target.value } : {})}
            >
              <option value="">{t('clusters.everywhere')}</option>
              {provinces.map((code) => {
                const r = lookups.regions.get(code);
                return (
                  <option key={code} value={code}>
                    {r ? i18n.name(r.name_zh, r.name_en) : code}
                  </option>
                );
              })}
            </select>
          </label>
        </div>
        {shown.length === 0 ? (
          <p>{t('common.none')}</p>
        ) : (
          <>
            <p data-testid="clusters-count">
              {t('clusters.count', { count: i18n.number(shown.length), tiers: i18n.number(byTier.length) })}
            </p>
            <figure className="chart">
              <svg
                viewBox={`0 0 720 ${byTier.length * 30 + 4}`}
                role="img"
                aria-label={t('clusters.tierChart')}
                data-testid="tier-chart"
              >
                {byTier.map((x, k) => {
                  const w = Math.max(2, (x.clusters.length / max) * 460);
                  return (
                    <g key={x.tier} data-tier={x.tier}>
                      <text x={0} y={k * 30 + 19} className="axis-label">
                        {tierLabel(x.tier)}
                      </text>
                      <rect x={200} y={k * 30 + 4} width={w} height={20} fill={TIER_COLOURS[x.tier]} />
                      <text x={206 + w} y={k * 30 + 19} className="axis-label">
                        {i18n.number(x.clusters.length)}
                      </text>
                    </g>
                  );
                })}
              </svg>
            </figure>
          </>
        )}
      </section>
      {byTier.map((x) => (
        <section
          key={x.tier}
          className="panel"
          data-testid={`tier-${x.tier}`}
          aria-labelledby={`tier-${x.tier}-title`}
        >
          <h2 id={`tier-${x.tier}-title`}>
            <span className="swatch" style={{ background: TIER_COLOURS[x.tier] }} aria-hidden="true" />{' '}
            {tierLabel(x.tier)} ({i18n.number(x.clusters.length)})
          </h2>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('clusters.name')}</th>
                  <th scope="col">{t('clusters.host')}</th>
                  <th scope="col">{t('clusters.chains')}</th>
                  <th scope="col">{t('clusters.figures')}</th>
                  <th scope="col">{t('common.source')}</th>
                </tr>
              </thead>
              <tbody>
                {x.clusters.map((c) => (
                  <tr key={c.code} data-cluster={c.code}>
                    <th scope="row" title={c.description ?? undefined}>
                      <bdi>{i18n.name(c.name_zh, c.name_en)}</bdi>
                    </th>
                    <td>
                      <bdi>{hostName(c)}</bdi>
                    </td>
                    <td>
                      {c.chain_codes.length === 0
                        ? t('clusters.noChains')
                        : c.chain_codes.map((code, i) => {
                            const chain = lookups.chains.get(code);
                            const name = chain ? i18n.name(chain.name_zh, chain.name_en) : code;
                            const scope = c.park_code ?? c.region_code ?? '';
                            return (
                              <span key={code}>
                                {i > 0 && ', '}
                                <a
                                  href={hrefOf('chain', { chain: code, scope })}
                                  data-chain={code}
                                  title={t('clusters.openChain', { chain: name, host: hostName(c) })}
                                >
                                  {name}
                                </a>
                              </span>
                            );
                          })}
                    </td>
                    <td data-testid={`figures-${c.code}`}>
                      {data.data.figures
                        .filter((f) => f.entity_code === c.code)
                        .map((f) => (
                          <div key={f.id} title={f.quote ?? undefined}>
                            {f.metric_name || f.metric}:{' '}
                            <bdi>{formatFigure(i18n, Number(f.value), f.unit)}</bdi> ({f.period})
                          </div>
                        ))}
                    </td>
                    <td className="quote" title={c.quote ?? undefined}>
                      {/* Names and titles come in their own language: isolated, so right-to-left pages keep their order. */}
                      <bdi>{c.document_title ?? c.source ?? '—'}</bdi>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ))}
    </div>
  );
}
