import { api, list } from '../app/api.ts';
import { formatFigure } from '../app/format.ts';
import { navigate } from '../app/route.ts';
import type { Chain, ChainNode, Diagnosis, Park, Region } from '../app/types.ts';
import { useApi } from '../app/useApi.ts';
import { useI18n } from '../i18n/i18n.tsx';
import type { MessageKey } from '../i18n/messages/en.ts';
import { ChainGraph } from './ChainGraph.tsx';
import { type SmileCoverage, SmileCurve, type StageCoverage } from './SmileCurve.tsx';

/** A project as GET /api/projects answers it, as far as the node detail reads it. */
interface NodeProject {
  code: string;
  name_zh: string;
  name_en: string | null;
  park_code: string | null;
  region_code: string | null;
  investor_name: string | null;
  node_code: string | null;
  stage: string;
  planned_investment_yuan: number | null;
  quote: string | null;
}
/** One node of GET /api/opportunities/attract: enterprises elsewhere on it and clusters to canvass. */
interface AttractNode {
  key: string;
  candidates: {
    rank: number;
    name: string;
    name_en: string | null;
    region: { name_zh: string; name_en: string | null } | null;
    score: number;
    reasons: string[];
  }[];
  clusters: {
    rank: number;
    code: string;
    name_zh: string;
    name_en: string | null;
    match: 'product' | 'chain' | 'industry';
    distance_km: number | null;
    reason: string;
  }[];
}

const STATUSES = ['strong', 'present', 'weak', 'missing'] as const;

async function loadChoices() {
  const [chains, parks] = await Promise.all([list<Chain>('chains'), list<Park>('parks')]);
  const prefectures = [...new Set(parks.items.map((p) => `${p.region_code.slice(0, 4)}00`))];
  const regions = prefectures.length
    ? await list<Region>('regions', { code: prefectures.join(',') })
    : { items: [] };
  return { chains: chains.items, parks: parks.items, regions: regions.items };
}

export function ChainPage({ params }: { params: URLSearchParams }) {
  const i18n = useI18n();
  const { t } = i18n;
  const choices = useApi('chain-choices', loadChoices);
  const data = choices.state === 'done' ? choices.data : null;
  const chain =
    params.get('chain') ??
    (data?.chains.some((c) => c.code === 'pv-silicon') ? 'pv-silicon' : data?.chains[0]?.code) ??
    null;
  const scope =
    params.get('scope') ??
    (data?.parks.some((p) => p.code === 'LJ-HUAPING') ? 'LJ-HUAPING' : data?.parks[0]?.code) ??
    null;
  const selected = params.get('node');
  const view = useApi(chain && scope ? `${chain}@${scope}` : null, async () => {
    const [diagnosis, nodes] = await Promise.all([
      api<Diagnosis>(
        `/api/chains/${encodeURIComponent(chain!)}/diagnosis?scope=${encodeURIComponent(scope!)}`,
      ),
      list<ChainNode>('chain-nodes', { chain_code: chain! }),
    ]);
    return { diagnosis, nodes: nodes.items };
  });
  const go = (next: Record<string, string | null>) => {
    const merged: Record<string, string> = {};
    for (const [k, v] of Object.entries({ chain, scope, node: selected, ...next })) if (v) merged[k] = v;
    navigate('chain', merged);
  };
  const pct = (v: number | null) =>
    v === null ? t('chain.notMeasured') : i18n.number(v, { style: 'percent', maximumFractionDigits: 1 });

  if (choices.state === 'loading') return <p>{t('common.loading')}</p>;
  if (choices.state === 'error') return <p role="alert">{t('common.error', { message: choices.message })}</p>;
  const { chains, parks, regions } = choices.data;
  if (!chain || !scope) return <p>{t('common.none')}</p>;

  return (
    <div className="chain-page">
      <section className="panel wide">
        <h1>{t('chain.title')}</h1>
        <p className="help">{t('chain.help')}</p>
        <div className="controls">
          <label>
            {t('chain.chain')}{' '}
            <select value={chain} onChange={(e) => go({ chain: e.target.value, node: null })}>
              {chains.map((c) => (
                <option key={c.code} value={c.code}>
                  {i18n.name(c.name_zh, c.name_en)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('chain.scope')}{' '}
            <select value={scope} onChange={(e) => go({ scope: e.target.value, node: null })}>
              {[
                ...regions.map((r) => ({ code: r.code, name: i18n.name(r.name_zh, r.name_en) })),
                ...parks.map((p) => ({ code: p.code, name: i18n.name(p.name_zh, p.name_en) })),
              ].map((s) => (
                <option key={s.code} value={s.code}>
                  {s.name}
                </option>
              ))}
            </select>
          </label>
        </div>
        <ul className="legend status-legend">
          {STATUSES.map((s) => (
            <li key={s}>
              <span className={`swatch status-${s}`} aria-hidden="true" />{' '}
              {t(`chain.status.${s}` as MessageKey)}
            </li>
          ))}
          <li>
            <span className="swatch gap-downstream" aria-hidden="true" /> {t('chain.missingDownstream')}
          </li>
        </ul>
        {view.state === 'loading' && <p>{t('common.loading')}</p>}
        {view.state === 'error' && <p role="alert">{t('common.error', { message: view.message })}</p>}
        {view.state === 'done' && (
          <ChainGraph
            nodes={view.data.nodes}
            diagnosis={view.data.diagnosis.nodes}
            selected={selected}
            label={t('chain.graphLabel', {
              chain: i18n.name(view.data.diagnosis.chain.name_zh, view.data.diagnosis.chain.name_en),
              scope: i18n.name(view.data.diagnosis.scope.name_zh, view.data.diagnosis.scope.name_en),
            })}
            onSelect={(node) => go({ node })}
          />
        )}
      </section>
      {view.state === 'done' && (
        <aside className="panel">
          <DiagnosisSummary diagnosis={view.data.diagnosis} pct={pct} />
          <NodeDetail
            diagnosis={view.data.diagnosis}
            selected={selected}
            chain={chain}
            scope={scope}
            parks={parks}
          />
        </aside>
      )}
    </div>
  );
}

function DiagnosisSummary({ diagnosis, pct }: { diagnosis: Diagnosis; pct: (v: number | null) => string }) {
  const i18n = useI18n();
  const { t } = i18n;
  const { completeness, coverage, local_supporting_rate: rate, dependence } = diagnosis;
  const byKey = new Map(diagnosis.nodes.map((n) => [n.key, n]));
  return (
    <dl className="facts" data-testid="chain-facts">
      <dt>{t('chain.completeness')}</dt>
      <dd>
        {/* Each part isolated, so right-to-left text does not run the share and the count together. */}
        <bdi>
          <strong>{pct(completeness.completeness)}</strong>
        </bdi>{' '}
        <bdi>
          {t('chain.nodesPresent', {
            present: i18n.number(completeness.nodes_present),
            total: i18n.number(completeness.nodes_total),
          })}
        </bdi>
      </dd>
      <dt>{t('chain.coverage')}</dt>
      <dd>
        {coverage.by_position.map((c) => (
          <div key={c.position}>
            {t(`chain.position.${c.position}` as MessageKey)}: {pct(c.coverage)} ({i18n.number(c.present)}/
            {i18n.number(c.nodes)})
          </div>
        ))}
      </dd>
      <dt>{t('chain.smile.title')}</dt>
      <dd>
        <p className="help">{t('chain.smile.help')}</p>
        <SmileCurve
          byStage={(coverage as typeof coverage & { by_stage: StageCoverage[] }).by_stage}
          smile={(coverage as typeof coverage & { smile_curve: SmileCoverage }).smile_curve}
        />
      </dd>
      <dt>{t('chain.supportingRate')}</dt>
      <dd title={rate.note}>{pct(rate.rate)}</dd>
      {dependence.summary && (
        <>
          <dt>{t('chain.dependence')}</dt>
          <dd>{dependence.summary}</dd>
        </>
      )}
      <dt>{t('chain.gapsDownstream')}</dt>
      <dd>
        <ul data-testid="downstream-gaps">
          {diagnosis.gaps.downstream.map((g) => {
            const n = byKey.get(g.key);
            return <li key={g.key}>{n ? i18n.name(n.name_zh, n.name_en) : g.key}</li>;
          })}
        </ul>
      </dd>
    </dl>
  );
}

function NodeDetail({
  diagnosis,
  selected,
  chain,
  scope,
  parks,
}: {
  diagnosis: Diagnosis;
  selected: string | null;
  chain: string;
  scope: string;
  parks: Park[];
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const node = diagnosis.nodes.find((n) => n.key === selected);
  // The chain's projects and investment-attraction candidates, asked for once a node is opened.
  const extra = useApi(node ? `node-extra:${chain}@${scope}` : null, async () => {
    const q = new URLSearchParams({ chain, scope, limit: '5' });
    const [projects, attract] = await Promise.all([
      list<NodeProject>('projects', { chain_code: chain }),
      api<{ nodes: AttractNode[] }>(`/api/opportunities/attract?${q}`),
    ]);
    // Projects of the scope: the park itself, or any park or place within the region.
    const prefix = scope.replace(/0+$/, '');
    const regionOf = (p: NodeProject) =>
      p.region_code ?? parks.find((k) => k.code === p.park_code)?.region_code ?? '';
    const inScope = (p: NodeProject) =>
      /^\d+$/.test(scope) ? regionOf(p).startsWith(prefix) : p.park_code === scope;
    return { projects: projects.items.filter(inScope), attract: attract.nodes };
  });
  if (!node) return null;
  const projects = extra.state === 'done' ? extra.data.projects.filter((p) => p.node_code === node.key) : [];
  const attract = extra.state === 'done' ? extra.data.attract.find((a) => a.key === node.key) : undefined;
  return (
    <section className="node-detail" data-testid="node-detail" aria-live="polite">
      <h2>
        {t('chain.node')}: {i18n.name(node.name_zh, node.name_en)}
      </h2>
      <p>
        <span className={`badge status-${node.status}`}>
          {t(`chain.status.${node.status}` as MessageKey)}
        </span>{' '}
        {t(`chain.position.${node.position}` as MessageKey)}
      </p>
      <h3>{t('chain.enterprises')}</h3>
      {node.enterprise_names.length ? (
        <ul>
          {node.enterprise_names.map((name) => (
            <li key={name}>{name}</li>
          ))}
        </ul>
      ) : (
        <p>{t('chain.noEnterprises')}</p>
      )}
      <h3>{t('chain.reasons')}</h3>
      <ul>
        {node.reasons.map((r) => (
          <li key={r}>{r}</li>
        ))}
      </ul>
      {extra.state === 'loading' && <p>{t('common.loading')}</p>}
      {extra.state === 'error' && <p role="alert">{t('common.error', { message: extra.message })}</p>}
      {extra.state === 'done' && (
        <>
          <h3>{t('chain.node.projects')}</h3>
          {projects.length ? (
            <ul data-testid="node-projects">
              {projects.map((p) => (
                <li key={p.code} title={p.quote ?? undefined}>
                  {i18n.name(p.name_zh, p.name_en)} — {t(`work.stage.${p.stage}` as MessageKey)}
                  {p.planned_investment_yuan !== null &&
                    `, ${t('chain.node.investment', { amount: formatFigure(i18n, Number(p.planned_investment_yuan), 'yuan') })}`}
                </li>
              ))}
            </ul>
          ) : (
            <p>{t('chain.node.noProjects')}</p>
          )}
          <h3>{t('chain.node.candidates')}</h3>
          {attract?.candidates.length ? (
            <ol data-testid="node-candidates">
              {attract.candidates.map((c) => (
                <li key={`${c.rank}-${c.name}`} title={c.reasons.join('\n')}>
                  {i18n.name(c.name, c.name_en)}
                  {c.region && ` (${i18n.name(c.region.name_zh, c.region.name_en)})`} — {t('opp.score')}{' '}
                  {i18n.number(c.score, { maximumFractionDigits: 3 })}
                </li>
              ))}
            </ol>
          ) : (
            <p>{t('opp.noCandidate')}</p>
          )}
          {attract && attract.clusters.length > 0 && (
            <>
              <h3>{t('opp.clusters')}</h3>
              <ol data-testid="node-clusters">
                {attract.clusters.slice(0, 5).map((c) => (
                  <li key={c.code} title={c.reason}>
                    {i18n.name(c.name_zh, c.name_en)} — {t(`opp.match.${c.match}`)}
                    {c.distance_km !== null &&
                      `, ${t('opp.km', { km: i18n.number(c.distance_km, { maximumFractionDigits: 0 }) })}`}
                  </li>
                ))}
              </ol>
            </>
          )}
        </>
      )}
    </section>
  );
}
