import { api, list } from '../app/api.ts';
import { navigate } from '../app/route.ts';
import type { Chain, ChainNode, Diagnosis, Park, Region } from '../app/types.ts';
import { useApi } from '../app/useApi.ts';
import { useI18n } from '../i18n/i18n.tsx';
import type { MessageKey } from '../i18n/messages/en.ts';
import { ChainGraph } from './ChainGraph.tsx';

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
          <NodeDetail diagnosis={view.data.diagnosis} selected={selected} />
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
        <strong>{pct(completeness.completeness)}</strong>{' '}
        {t('chain.nodesPresent', {
          present: i18n.number(completeness.nodes_present),
          total: i18n.number(completeness.nodes_total),
        })}
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

function NodeDetail({ diagnosis, selected }: { diagnosis: Diagnosis; selected: string | null }) {
  const i18n = useI18n();
  const { t } = i18n;
  const node = diagnosis.nodes.find((n) => n.key === selected);
  if (!node) return null;
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
    </section>
  );
}
