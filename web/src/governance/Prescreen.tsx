import { type FormEvent, useState } from 'react';
import { api, list } from '../app/api.ts';
import { useApi } from '../app/useApi.ts';
import { useI18n } from '../i18n/i18n.tsx';
import type { MessageKey } from '../i18n/messages/en.ts';
import type { PrescreenCard, PrescreenCriterion } from './types.ts';

/** Amounts are typed as the proposal states them; officers often write 万元 or 亿元. */
const MONEY_UNITS = { yuan: 1, '10k': 10_000, '100m': 100_000_000 } as const;
type MoneyUnit = keyof typeof MONEY_UNITS;

interface Named {
  code: string;
  name_zh: string;
  name_en: string | null;
}

/**
 * The pre-screening scorecard (issue 14, build 5): a proposed investment's land, investment, expected tax
 * and output and plot ratio, checked against the park's thresholds per mu, and its chain and node against
 * the park's chains and the chain diagnosis. Each criterion passes or fails with its number beside the
 * park's threshold; one the park has set no threshold for, or the proposal gives no figure for, says so.
 */
export function Prescreen() {
  const i18n = useI18n();
  const { t } = i18n;
  const parks = useApi('gov-pre-parks', () => list<Named>('parks'));
  const chains = useApi('gov-pre-chains', () => list<Named>('chains'));
  const [chain, setChain] = useState('');
  const nodes = useApi(chain ? `gov-pre-nodes-${chain}` : null, () =>
    list<Named>('chain_nodes', { chain_code: chain }),
  );
  const [card, setCard] = useState<PrescreenCard | null>(null);
  const [error, setError] = useState<string | null>(null);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const factor = MONEY_UNITS[String(form.get('unit')) as MoneyUnit] ?? 1;
    const figure = (name: string, scale = 1) => {
      const text = String(form.get(name) ?? '').trim();
      return text === '' ? undefined : Number(text) * scale;
    };
    setError(null);
    try {
      setCard(
        await api<PrescreenCard>('/api/governance/prescreen', {
          method: 'POST',
          body: JSON.stringify({
            park_code: form.get('park'),
            land_mu: figure('land_mu'),
            investment_yuan: figure('investment', factor),
            expected_tax_yuan: figure('tax', factor),
            expected_output_yuan: figure('output', factor),
            plot_ratio: figure('plot_ratio'),
            chain_code: chain || undefined,
            node_code: String(form.get('node') ?? '') || undefined,
          }),
        }),
      );
    } catch (e) {
      setCard(null);
      setError((e as Error).message);
    }
  };

  const amount = (v: number | string | null, unit: string) =>
    v === null
      ? '—'
      : typeof v === 'string'
        ? v
        : unit === 'yuan/mu'
          ? t('gov.pre.perMu', { value: i18n.number(v, { maximumFractionDigits: 0 }) })
          : i18n.number(v, { maximumFractionDigits: 2 });

  return (
    <section aria-labelledby="gov-pre-title" className="gov-prescreen">
      <h2 id="gov-pre-title">{t('gov.pre.title')}</h2>
      <p className="help">{t('gov.pre.help')}</p>
      <form onSubmit={submit} className="gov-pre-form" data-testid="gov-prescreen-form">
        <label>
          {t('gov.park')}{' '}
          <select name="park" required>
            {parks.state === 'done' &&
              parks.data.items.map((p) => (
                <option key={p.code} value={p.code}>
                  {p.code} — {i18n.name(p.name_zh, p.name_en)}
                </option>
              ))}
          </select>
        </label>
        <label>
          {t('gov.pre.land')} <input name="land_mu" type="number" min={0.01} step="any" required />
        </label>
        <label>
          {t('gov.pre.unit')}{' '}
          <select name="unit" defaultValue="10k">
            {(Object.keys(MONEY_UNITS) as MoneyUnit[]).map((u) => (
              <option key={u} value={u}>
                {t(`gov.pre.unit.${u}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('gov.pre.investment')} <input name="investment" type="number" min={0} step="any" required />
        </label>
        <label>
          {t('gov.pre.tax')} <input name="tax" type="number" min={0} step="any" />
        </label>
        <label>
          {t('gov.pre.output')} <input name="output" type="number" min={0} step="any" />
        </label>
        <label>
          {t('gov.pre.plotRatio')} <input name="plot_ratio" type="number" min={0} step="any" />
        </label>
        <label>
          {t('gov.chain')}{' '}
          <select name="chain" value={chain} onChange={(e) => setChain(e.target.value)}>
            <option value="">{t('gov.pre.noChain')}</option>
            {chains.state === 'done' &&
              chains.data.items.map((c) => (
                <option key={c.code} value={c.code}>
                  {i18n.name(c.name_zh, c.name_en)}
                </option>
              ))}
          </select>
        </label>
        <label>
          {t('gov.pre.node')}{' '}
          <select name="node" disabled={!chain} key={chain}>
            <option value="">{t('gov.pre.noChain')}</option>
            {chain &&
              nodes.state === 'done' &&
              nodes.data.items.map((n) => (
                <option key={n.code} value={n.code}>
                  {i18n.name(n.name_zh, n.name_en)}
                </option>
              ))}
          </select>
        </label>
        <button type="submit">{t('gov.pre.submit')}</button>
      </form>
      {error && <p role="alert">{t('common.error', { message: error })}</p>}
      {card && (
        <div className="gov-pre-card" data-testid="gov-prescreen">
          <p data-verdict={card.verdict} className={`gov-verdict gov-verdict-${card.verdict}`}>
            {t('gov.pre.summary', {
              park: `${card.park.code} ${card.park.name_zh}`,
              verdict: t(`gov.pre.verdict.${card.verdict}`),
              passed: i18n.number(card.passed),
              failed: i18n.number(card.failed),
              unchecked: i18n.number(card.unchecked),
            })}
          </p>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('gov.pre.criterion')}</th>
                <th scope="col">{t('gov.pre.value')}</th>
                <th scope="col">{t('gov.pre.threshold')}</th>
                <th scope="col">{t('gov.pre.result')}</th>
              </tr>
            </thead>
            <tbody>
              {card.criteria.map((c) => (
                <tr key={c.criterion} data-criterion={c.criterion} data-result={c.result}>
                  <th scope="row">{t(`gov.pre.criterion.${c.criterion}` as MessageKey)}</th>
                  <td>
                    {amount(c.value, c.unit)}
                    {c.criterion === 'chain_fit' && <ChainFitNote criterion={c} />}
                  </td>
                  <td>{amount(c.threshold, c.unit)}</td>
                  <td className={`gov-pre-${c.result}`}>{t(`gov.pre.result.${c.result}` as MessageKey)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {card.thresholds_source.source && (
            <p className="help">{t('gov.pre.source', { source: card.thresholds_source.source })}</p>
          )}
        </div>
      )}
    </section>
  );
}

/** What the chain diagnosis says of the proposed node in the park, worded in the reader's language. */
function ChainFitNote({ criterion }: { criterion: PrescreenCriterion }) {
  const i18n = useI18n();
  const { t } = i18n;
  const lines: string[] = [];
  if (criterion.node_status === 'missing')
    lines.push(
      criterion.gap_side && criterion.gap_side !== 'none'
        ? t('gov.pre.nodeMissingSide', { side: t(`gov.pre.gap.${criterion.gap_side}` as MessageKey) })
        : t('gov.pre.nodeMissing'),
    );
  else if (criterion.node_status)
    lines.push(t('gov.pre.nodeStatus', { status: t(`chain.status.${criterion.node_status}` as MessageKey) }));
  if (criterion.enterprises_on_node === 0) lines.push(t('gov.pre.fillsNode'));
  else if (criterion.enterprises_on_node)
    lines.push(t('gov.pre.onNode', { count: i18n.number(criterion.enterprises_on_node) }));
  if (lines.length === 0) return null;
  return (
    <p className="gov-pre-note">
      {lines.map((line) => (
        <span key={line}>{line}</span>
      ))}
    </p>
  );
}
