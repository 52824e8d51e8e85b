/**
 * Opportunities (docs/opportunities.md): for a chain and a park or region, the enterprises elsewhere to
 * attract for its missing and weak nodes (with each score's reasons, and the investment-attraction list
 * to download), the regions that complete it on the chain, and the chain nodes its region could enter
 * next. Every number shown is one the API returned with the ranking.
 */

import { api, list } from '../app/api.ts';
import { navigate } from '../app/route.ts';
import type { Session } from '../app/session.ts';
import type { Chain, Park, Region } from '../app/types.ts';
import { useApi } from '../app/useApi.ts';
import { useI18n } from '../i18n/i18n.tsx';

interface Candidate {
  rank: number;
  name: string;
  name_en: string | null;
  region: { code: string; name_zh: string; name_en: string | null };
  score: number;
  reasons: string[];
}
interface AttractNode {
  key: string;
  name_zh: string;
  name_en: string | null;
  status: string;
  candidates: Candidate[];
  clusters: ClusterCandidate[];
  note: string | null;
}
interface ClusterCandidate {
  rank: number;
  code: string;
  name_zh: string;
  name_en: string | null;
  region: { code: string; name_zh: string; name_en: string | null } | null;
  match: 'product' | 'chain' | 'industry';
  distance_km: number | null;
  reason: string;
}
interface Attract {
  formula: string;
  nodes: AttractNode[];
}
interface Complement {
  formula: string;
  partners: {
    rank: number;
    region: { code: string; name_zh: string; name_en: string | null };
    score: number;
    explanation: string;
    enclave_candidate: boolean;
  }[];
}
interface Diversify {
  options: { rank: number; product: string; name: string | null; explanation: string }[];
  notes: string[];
}

async function loadChoices() {
  const [chains, parks] = await Promise.all([list<Chain>('chains'), list<Park>('parks')]);
  const prefectures = [...new Set(parks.items.map((p) => `${p.region_code.slice(0, 4)}00`))];
  const regions = prefectures.length
    ? await list<Region>('regions', { code: prefectures.join(',') })
    : { items: [] };
  return { chains: chains.items, parks: parks.items, regions: regions.items };
}

/**
 * Complementary regions and diversification answer for a region: only roles that see regions (system,
 * region admin, region analyst) ask for them; a park officer or chain office gets the attraction targets
 * of its park, and the page says why the rest is not there.
 */
const REGION_ROLES = new Set(['system_admin', 'region_admin', 'region_analyst']);

export function OpportunitiesPage({ params, session }: { params: URLSearchParams; session: Session }) {
  const seesRegions = session.memberships.some((m) => REGION_ROLES.has(m.role));
  const i18n = useI18n();
  const { t } = i18n;
  const choices = useApi('opportunity-choices', loadChoices);
  const data = choices.state === 'done' ? choices.data : null;
  const chain =
    params.get('chain') ??
    (data?.chains.some((c) => c.code === 'hydrogen-energy') ? 'hydrogen-energy' : data?.chains[0]?.code) ??
    null;
  const scope =
    params.get('scope') ??
    (data?.parks.some((p) => p.code === 'LJ-JINSHAN') ? 'LJ-JINSHAN' : data?.parks[0]?.code) ??
    null;
  // Complementary regions and diversification are for regions: a park stands for its prefecture.
  const park = data?.parks.find((p) => p.code === scope);
  const region = park ? `${park.region_code.slice(0, 4)}00` : scope;
  const q = (s: string) => encodeURIComponent(s);
  const view = useApi(chain && scope ? `opportunities:${chain}@${scope}` : null, async () => {
    const [attract, complement, diversify] = await Promise.all([
      api<Attract>(`/api/opportunities/attract?chain=${q(chain!)}&scope=${q(scope!)}&limit=5`),
      seesRegions
        ? api<Complement>(`/api/opportunities/complement?chain=${q(chain!)}&region=${q(region!)}`)
        : null,
      seesRegions ? api<Diversify>(`/api/opportunities/diversify?region=${q(region!)}&limit=10`) : null,
    ]);
    return { attract, complement, diversify };
  });
  const go = (next: Record<string, string>) =>
    navigate('opportunities', { ...(chain ? { chain } : {}), ...(scope ? { scope } : {}), ...next });
  const score = (v: number) => i18n.number(v, { maximumFractionDigits: 3 });

  if (choices.state === 'loading') return <p>{t('common.loading')}</p>;
  if (choices.state === 'error') return <p role="alert">{t('common.error', { message: choices.message })}</p>;
  const { chains, parks, regions } = choices.data;
  if (!chain || !scope) return <p>{t('common.none')}</p>;
  const listUrl = (format: string) =>
    `/api/opportunities/attract?chain=${q(chain)}&scope=${q(scope)}&format=${format}`;

  return (
    <div className="chain-page" data-testid="opportunities-page">
      <section className="panel wide">
        <h1>{t('opp.title')}</h1>
        <p className="help">{t('opp.help')}</p>
        <div className="controls">
          <label>
            {t('chain.chain')}{' '}
            <select value={chain} onChange={(e) => go({ chain: e.target.value })}>
              {chains.map((c) => (
                <option key={c.code} value={c.code}>
                  {i18n.name(c.name_zh, c.name_en)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('chain.scope')}{' '}
            <select value={scope} onChange={(e) => go({ scope: e.target.value })}>
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
          <a href={listUrl('xlsx')} download>
            {t('opp.downloadList')} (XLSX)
          </a>{' '}
          <a href={listUrl('csv')} download>
            CSV
          </a>
        </div>
        {view.state === 'loading' && <p>{t('common.loading')}</p>}
        {view.state === 'error' && <p role="alert">{t('common.error', { message: view.message })}</p>}
        {view.state === 'done' && (
          <>
            <h2>{t('opp.attract')}</h2>
            <p className="help">{view.data.attract.formula}</p>
            <ul data-testid="attraction-targets">
              {view.data.attract.nodes.map((node) => (
                <li key={node.key}>
                  <strong>{i18n.name(node.name_zh, node.name_en)}</strong> (
                  {t(`chain.status.${node.status}` as never)})
                  {node.candidates.length === 0 ? (
                    <span> — {t('opp.noCandidate')}</span>
                  ) : (
                    <ol>
                      {node.candidates.map((c) => (
                        <li key={`${node.key}-${c.rank}`}>
                          {i18n.name(c.name, c.name_en)}, {i18n.name(c.region.name_zh, c.region.name_en)} —{' '}
                          {t('opp.score')} {score(c.score)}
                          <ul className="help">
                            {c.reasons.map((r) => (
                              <li key={r}>{r}</li>
                            ))}
                          </ul>
                        </li>
                      ))}
                    </ol>
                  )}
                  {node.clusters.length > 0 && (
                    <div data-testid={`clusters-${node.key}`}>
                      <span>{t('opp.clusters')}:</span>
                      <ol>
                        {node.clusters.map((c) => (
                          <li key={c.code} title={c.reason}>
                            {i18n.name(c.name_zh, c.name_en)}
                            {c.region ? `, ${i18n.name(c.region.name_zh, c.region.name_en)}` : ''} —{' '}
                            {t(`opp.match.${c.match}`)}
                            {c.distance_km === null
                              ? ''
                              : `, ${t('opp.km', { km: i18n.number(Math.round(c.distance_km)) })}`}
                          </li>
                        ))}
                      </ol>
                    </div>
                  )}
                </li>
              ))}
            </ul>
          </>
        )}
      </section>
      {view.state === 'done' && (
        <aside className="panel">
          <h2>{t('opp.complement')}</h2>
          {view.data.complement === null ? (
            <p className="help">{t('opp.regionRolesOnly')}</p>
          ) : (
            <>
              <p className="help">{view.data.complement.formula}</p>
              {view.data.complement.partners.length === 0 ? (
                <p>{t('common.none')}</p>
              ) : (
                <ol data-testid="complementary-regions">
                  {view.data.complement.partners.map((p) => (
                    <li key={p.region.code}>
                      {i18n.name(p.region.name_zh, p.region.name_en)} — {p.explanation}
                      {p.enclave_candidate ? ` (${t('opp.enclave')})` : ''}
                    </li>
                  ))}
                </ol>
              )}
            </>
          )}
          <h2>{t('opp.diversify')}</h2>
          {view.data.diversify === null ? (
            <p className="help">{t('opp.regionRolesOnly')}</p>
          ) : (
            <>
              {view.data.diversify.notes.map((n) => (
                <p key={n} className="help">
                  {n}
                </p>
              ))}
              <ol data-testid="diversification-options">
                {view.data.diversify.options.map((o) => (
                  <li key={o.product}>
                    <strong>{o.name ?? o.product}</strong>: {o.explanation}
                  </li>
                ))}
              </ol>
            </>
          )}
        </aside>
      )}
    </div>
  );
}
