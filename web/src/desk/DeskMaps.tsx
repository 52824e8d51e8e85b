/**
 * The five maps of a chain desk, each drawn from its API resource (GET /api/desks/:desk/maps/:map):
 * the chain graph coloured by the scope's status, the technology roadmap by node and year, the
 * application domains, the chain's enterprises on the map of the scope's province with the neighbours'
 * strengths, and the delegations' route (nearest stop first).
 */
import { useState } from 'react';
import { api } from '../app/api.ts';
import type { ChainNode, DiagnosedNode } from '../app/types.ts';
import { type Loaded, useApi } from '../app/useApi.ts';
import { ChainGraph } from '../chain/ChainGraph.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import type { MessageKey } from '../i18n/messages/en.ts';
import { ChinaMap } from '../region/ChinaMap.tsx';
import { RoadmapImport } from './RoadmapImport.tsx';
import type { ApplicationMap, AttractionMap, ChainMapData, RegionMap, TechnologyMap } from './types.ts';

export const MAPS = ['chain', 'technology', 'applications', 'regions', 'attraction'] as const;
export type MapName = (typeof MAPS)[number];

function NotRecorded() {
  const { t } = useI18n();
  return (
    <p className="help" data-testid="not-recorded">
      {t('desk.notRecorded')}
    </p>
  );
}

function ChainMapView({ data, desk }: { data: ChainMapData; desk: string }) {
  const i18n = useI18n();
  const { t } = i18n;
  const nodes: ChainNode[] = data.nodes.map((n) => ({
    chain_code: desk,
    code: n.key,
    name_zh: n.name_zh,
    name_en: n.name_en,
    position: n.position,
    stage: n.stage,
    seq: n.seq,
    suppliers: n.suppliers,
  }));
  const diagnosis: DiagnosedNode[] = data.nodes.map((n) => ({
    key: n.key,
    name_zh: n.name_zh,
    name_en: n.name_en,
    position: n.position,
    stage: n.stage,
    status: n.status,
    reasons: n.reasons,
    gap_side: n.gap_side,
    enterprises: n.enterprises,
    enterprise_names: n.enterprise_names,
  }));
  const pct = (v: number | null) =>
    v === null ? t('chain.notMeasured') : i18n.number(v, { style: 'percent', maximumFractionDigits: 1 });
  return (
    <div data-testid="desk-map-chain">
      <p>
        {t('chain.completeness')}: <strong>{pct(data.completeness.completeness)}</strong> ·{' '}
        {t('chain.supportingRate')}: <strong>{pct(data.local_supporting_rate.rate)}</strong>
      </p>
      <ChainGraph
        nodes={nodes}
        diagnosis={diagnosis}
        selected={null}
        label={t('desk.map.chain')}
        onSelect={() => {}}
      />
    </div>
  );
}

function TechnologyView({ data }: { data: TechnologyMap }) {
  const i18n = useI18n();
  const { t } = i18n;
  const rows = data.nodes.flatMap((n) => n.technologies.map((tech) => ({ node: n, tech })));
  return (
    <div data-testid="desk-map-technology">
      {!data.recorded && <NotRecorded />}
      {data.recorded && (
        <table className="desk-table">
          <thead>
            <tr>
              <th>{t('chain.node')}</th>
              <th>{t('desk.technology')}</th>
              <th>{t('desk.maturity')}</th>
              <th>{t('desk.dependence')}</th>
              <th>{t('desk.bottleneck')}</th>
              <th>{t('desk.institutions')}</th>
              {data.years.map((y) => (
                <th key={y}>{y}</th>
              ))}
              <th>{t('common.source')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map(({ node, tech }) => (
              <tr key={tech.code} className={tech.bottleneck ? 'bottleneck' : undefined}>
                <td>{i18n.name(node.name_zh, node.name_en)}</td>
                <td>{tech.name}</td>
                <td>{tech.trl ?? t('desk.notRecorded')}</td>
                <td>
                  {tech.dependence ? t(`desk.dep.${tech.dependence}` as MessageKey) : t('desk.notRecorded')}
                </td>
                <td>{tech.bottleneck ? t('desk.bottleneck') : ''}</td>
                <td>{tech.institutions.join('; ') || t('desk.notRecorded')}</td>
                {data.years.map((y) => (
                  <td key={y}>
                    {tech.tasks
                      .filter((k) => k.year === y)
                      .map((k) => k.title)
                      .join('; ')}
                  </td>
                ))}
                {/* Each technology is what its source states: the document, then the sentence quoted. */}
                <td className="desk-source" title={tech.quote ?? undefined}>
                  {tech.source ?? t('desk.notRecorded')}
                  {tech.quote ? <q>{tech.quote}</q> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h3>{t('desk.institutions')}</h3>
      {data.institutions.length === 0 ? <NotRecorded /> : <p>{data.institutions.join('; ')}</p>}
    </div>
  );
}

function ApplicationsView({ data }: { data: ApplicationMap }) {
  const i18n = useI18n();
  const { t } = i18n;
  return (
    <div data-testid="desk-map-applications">
      {!data.recorded && <NotRecorded />}
      {data.recorded && (
        <table className="desk-table">
          <thead>
            <tr>
              <th>{t('desk.domain')}</th>
              <th>{t('chain.node')}</th>
              <th>{t('desk.marketSize')}</th>
              <th>{t('common.source')}</th>
            </tr>
          </thead>
          <tbody>
            {data.domains.map((d) => (
              <tr key={d.domain}>
                <td>{d.domain}</td>
                <td>{i18n.name(d.node_name_zh, d.node_name_en) || '—'}</td>
                <td>
                  {d.market_size === null
                    ? t('desk.notRecorded')
                    : `${i18n.number(d.market_size)} ${d.market_unit ?? ''} (${d.market_year ?? ''})`}
                </td>
                <td title={d.quote ?? undefined}>
                  {d.source}
                  {d.quote ? ` — “${d.quote}”` : ''}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h3>{t('desk.downstream')}</h3>
      <ul>
        {data.downstream_nodes.map((n) => (
          <li key={n.key}>{i18n.name(n.name_zh, n.name_en)}</li>
        ))}
      </ul>
    </div>
  );
}

function RegionsView({ data, provinceCode }: { data: RegionMap; provinceCode: string }) {
  const i18n = useI18n();
  const { t } = i18n;
  // Counts of the chain's enterprises per prefecture: the scope's and its neighbours'.
  const values = new Map<string, number>();
  for (const e of data.enterprises) {
    const prefecture = `${e.region_code.slice(0, 4)}00`;
    values.set(prefecture, (values.get(prefecture) ?? 0) + 1);
  }
  for (const n of data.neighbours)
    if (n.enterprises > 0 && n.code.endsWith('00'))
      values.set(n.code, (values.get(n.code) ?? 0) + n.enterprises);
  return (
    <div data-testid="desk-map-regions" className="desk-regions">
      <ChinaMap
        province={provinceCode}
        values={values}
        selected={null}
        label={t('desk.mapLabel')}
        nameOf={(f) => f.properties.name}
        formatValue={(v) => t('desk.count', { n: i18n.number(v) })}
        onSelect={() => {}}
      />
      <div>
        <p className="help">{t('desk.method')}</p>
        <table className="desk-table">
          <thead>
            <tr>
              <th>{t('desk.col.name')}</th>
              <th>{t('chain.node')}</th>
              <th>{t('desk.col.role')}</th>
              <th>{t('desk.col.place')}</th>
            </tr>
          </thead>
          <tbody>
            {data.enterprises.map((e) => (
              <tr key={`${e.name_zh}-${e.node}`} className={`role-${e.role}`}>
                <td>{i18n.name(e.name_zh, e.name_en)}</td>
                <td>{i18n.name(e.node_name_zh, e.node_name_en)}</td>
                <td>{t(`desk.role.${e.role}` as MessageKey)}</td>
                <td>{e.park_code ?? e.region_code}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <h3>{t('desk.neighbours')}</h3>
        <ul>
          {data.neighbours.map((n) => (
            <li key={n.code}>
              {i18n.name(n.name_zh, n.name_en)}: {t('desk.count', { n: i18n.number(n.enterprises) })}
              {n.nodes.length > 0 ? ` (${n.nodes.join(', ')})` : ''}
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}

function AttractionView({ data }: { data: AttractionMap }) {
  const i18n = useI18n();
  const { t } = i18n;
  return (
    <div data-testid="desk-map-attraction">
      <p className="help">{data.formula}</p>
      {data.route.length === 0 ? (
        <p>{t('common.none')}</p>
      ) : (
        <ol className="desk-route">
          {data.route.map((s) => (
            <li key={s.code}>
              <strong>
                {t('desk.stop')} {s.stop}: {i18n.name(s.name_zh, s.name_en)}
              </strong>
              {s.distance_km === null
                ? ''
                : ` — ${t('desk.km', { km: i18n.number(Math.round(s.distance_km)) })}`}
              <ul>
                {s.targets.map((x) => (
                  <li key={`${x.kind}-${x.name}-${x.node}`} title={x.reasons.join(' ')}>
                    {x.name} ({x.node}
                    {x.score === null
                      ? ''
                      : `, ${t('opp.score')} ${i18n.number(x.score, { maximumFractionDigits: 2 })}`}
                    )<span className="help"> — {x.reasons[0]}</span>
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}

export function DeskMap({
  desk,
  map,
  regionCode,
  editable,
}: {
  desk: string;
  map: MapName;
  regionCode: string;
  editable: boolean;
}) {
  // Bumped after an import, so the map is fetched again.
  const [version, setVersion] = useState(0);
  const data = useApi(`desk-map:${desk}:${map}:${version}`, () =>
    api<unknown>(`/api/desks/${encodeURIComponent(desk)}/maps/${map}`),
  );
  // The roadmap's import stays below the map while it reloads, so its answer stays on screen.
  const importer =
    map === 'technology' && editable ? (
      <RoadmapImport desk={desk} onImported={() => setVersion((v) => v + 1)} />
    ) : null;
  return (
    <>
      <MapBody data={data} desk={desk} map={map} regionCode={regionCode} />
      {importer}
    </>
  );
}

function MapBody({
  data,
  desk,
  map,
  regionCode,
}: {
  data: Loaded<unknown>;
  desk: string;
  map: MapName;
  regionCode: string;
}) {
  const { t } = useI18n();
  if (data.state === 'loading') return <p>{t('common.loading')}</p>;
  if (data.state === 'error') return <p role="alert">{t('common.error', { message: data.message })}</p>;
  switch (map) {
    case 'chain':
      return <ChainMapView data={data.data as ChainMapData} desk={desk} />;
    case 'technology':
      return <TechnologyView data={data.data as TechnologyMap} />;
    case 'applications':
      return <ApplicationsView data={data.data as ApplicationMap} />;
    case 'regions':
      return <RegionsView data={data.data as RegionMap} provinceCode={`${regionCode.slice(0, 2)}0000`} />;
    case 'attraction':
      return <AttractionView data={data.data as AttractionMap} />;
  }
}
