/**
 * The pre-screening scorecard for a proposed investment (项目预审): investment intensity, expected tax
 * and output per mu, and plot ratio against the park's thresholds, and fit with the park's chains. Each
 * criterion passes or fails with its number; a criterion the park has set no threshold for is shown as
 * such, never passed silently.
 */

export interface Proposal {
  land_mu: number;
  investment_yuan: number;
  expected_tax_yuan: number | null;
  expected_output_yuan: number | null;
  plot_ratio: number | null;
  chain_code: string | null;
  node_code: string | null;
}

export interface Thresholds {
  investment_yuan_per_mu: number | null;
  tax_yuan_per_mu: number | null;
  output_yuan_per_mu: number | null;
  plot_ratio: number | null;
}

export interface ChainFit {
  /** The park's chains (from its clusters and the chains its enterprises are placed on). */
  parkChains: string[];
  /** Enterprises of the park already on the proposed node (0: the project fills a gap). */
  enterprisesOnNode: number | null;
  /** The node's status in the park's chain diagnosis (present, weak, missing …) and, if missing, its side. */
  nodeStatus?: string | null;
  gapSide?: string | null;
}

export interface Criterion {
  criterion: 'investment_intensity' | 'tax_per_mu' | 'output_per_mu' | 'plot_ratio' | 'chain_fit';
  value: number | string | null;
  threshold: number | string | null;
  unit: string;
  result: 'pass' | 'fail' | 'no_threshold' | 'no_value';
  note?: string;
  /** Chain fit only: what the note says, as data, for a reader that words it in its own language. */
  node_status?: string | null;
  gap_side?: string | null;
  enterprises_on_node?: number | null;
}

const round = (x: number) => Math.round(x * 100) / 100;

function chainNote(p: Proposal, fit: ChainFit): string | undefined {
  if (!p.node_code) return undefined;
  const parts: string[] = [];
  if (fit.nodeStatus === 'missing')
    parts.push(
      `the chain diagnosis finds this node missing in the park${fit.gapSide ? ` (${fit.gapSide} gap)` : ''}`,
    );
  else if (fit.nodeStatus) parts.push(`the chain diagnosis finds this node ${fit.nodeStatus} in the park`);
  if (fit.enterprisesOnNode !== null)
    parts.push(
      fit.enterprisesOnNode === 0
        ? 'fills a node where the park has no enterprise yet'
        : `${fit.enterprisesOnNode} enterprise(s) of the park already on this node`,
    );
  return parts.length ? parts.join('; ') : undefined;
}

function atLeast(
  criterion: Criterion['criterion'],
  value: number | null,
  threshold: number | null,
  unit: string,
): Criterion {
  if (value === null) return { criterion, value: null, threshold, unit, result: 'no_value' };
  if (threshold === null)
    return { criterion, value: round(value), threshold: null, unit, result: 'no_threshold' };
  return { criterion, value: round(value), threshold, unit, result: value >= threshold ? 'pass' : 'fail' };
}

export function prescreen(p: Proposal, t: Thresholds, fit: ChainFit) {
  const perMu = (x: number | null) => (x === null || !(p.land_mu > 0) ? null : x / p.land_mu);
  const criteria: Criterion[] = [
    atLeast('investment_intensity', perMu(p.investment_yuan), t.investment_yuan_per_mu, 'yuan/mu'),
    atLeast('tax_per_mu', perMu(p.expected_tax_yuan), t.tax_yuan_per_mu, 'yuan/mu'),
    atLeast('output_per_mu', perMu(p.expected_output_yuan), t.output_yuan_per_mu, 'yuan/mu'),
    atLeast('plot_ratio', p.plot_ratio, t.plot_ratio, 'ratio'),
  ];
  if (p.chain_code === null)
    criteria.push({
      criterion: 'chain_fit',
      value: null,
      threshold: null,
      unit: 'chain',
      result: 'no_value',
    });
  else {
    const fits = fit.parkChains.includes(p.chain_code);
    criteria.push({
      criterion: 'chain_fit',
      value: p.node_code ? `${p.chain_code}/${p.node_code}` : p.chain_code,
      threshold: fit.parkChains.join(', ') || null,
      unit: 'chain',
      result: fit.parkChains.length === 0 ? 'no_threshold' : fits ? 'pass' : 'fail',
      note: chainNote(p, fit),
      ...(p.node_code
        ? {
            node_status: fit.nodeStatus ?? null,
            gap_side: fit.gapSide ?? null,
            enterprises_on_node: fit.enterprisesOnNode,
          }
        : {}),
    });
  }
  const failed = criteria.filter((c) => c.result === 'fail').length;
  const unchecked = criteria.filter((c) => c.result === 'no_threshold' || c.result === 'no_value').length;
  return {
    criteria,
    passed: criteria.filter((c) => c.result === 'pass').length,
    failed,
    unchecked,
    verdict: failed > 0 ? 'fail' : unchecked > 0 ? 'incomplete' : 'pass',
  };
}
