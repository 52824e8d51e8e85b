/**
 * `chainatlas chain diagnose|park-performance`: chain diagnostics from the command line, through the
 * running owner's API when one holds the embedded store, else on the store directly (services/chains/).
 */
import { type Command, InvalidArgumentError } from 'commander';
import type { Config } from '../../config.ts';
import type { NodeRef } from '../../services/chains/diagnose.ts';
import {
  type ChainDiagnosisReport,
  diagnoseChain,
  parkPerformanceOf,
} from '../../services/chains/diagnose-chain.ts';
import type { ParkPerformanceReport } from '../../services/chains/park-performance.ts';
import { ChainRequestError } from '../../services/chains/resolve.ts';
import { EXIT } from '../exit-codes.ts';
import { remoteJson } from '../remote.ts';
import { accessStore } from '../store-access.ts';

interface Deps {
  config: () => Config;
  log: (line: string) => void;
  print: (json: boolean | undefined, value: unknown, text: string) => void;
}

interface DiagnoseFlags {
  chain: string;
  scope: string;
  json?: boolean;
  year?: number;
  linksYear?: number;
  shockNode?: string;
  priceChange?: number;
  passThrough?: number;
  strongEnterprises?: number;
  presentOutputShare?: number;
  strongLq?: number;
  presentLq?: number;
  weakLq?: number;
  topShareThreshold?: number;
  hhiThreshold?: number;
}

/** "-10%" → −0.1, "-0.1" → −0.1. */
function parseRatio(text: string): number {
  const percent = text.trim().endsWith('%');
  const value = Number(text.trim().replace(/%$/, ''));
  if (!Number.isFinite(value)) throw new InvalidArgumentError('expected a number such as -0.1 or -10%');
  return percent ? value / 100 : value;
}

function parseNumber(text: string): number {
  const value = Number(text);
  if (!Number.isFinite(value)) throw new InvalidArgumentError('expected a number');
  return value;
}

function parseInteger(text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value)) throw new InvalidArgumentError('expected a whole number');
  return value;
}

export function addChainCommands(program: Command, deps: Deps) {
  const chain = program
    .command('chain')
    .description('industrial chain diagnostics (docs/chain-diagnostics.md)');
  chain
    .command('diagnose')
    .description(
      'place a park or region on a chain: every node with its status, completeness, gaps, leaders, local supporting rate, dependence, a stress test and park performance',
    )
    .requiredOption('--chain <code>', 'chain code, or a prefix of exactly one chain code (pv → pv-silicon)')
    .requiredOption(
      '--scope <code>',
      'a park code (with its sub-parks) or a region code (with every region below it)',
    )
    .option('--year <year>', 'year of enterprise output figures (default: latest)', parseInteger)
    .option('--links-year <year>', 'year of supply links (default: latest)', parseInteger)
    .option('--shock-node <key>', 'node whose price changes in the stress test (default: the largest node)')
    .option(
      '--price-change <ratio>',
      'price change for the stress test: -0.1 or -10% (default -10%)',
      parseRatio,
    )
    .option(
      '--pass-through <ratio>',
      'part of the price change passed on to local suppliers, 0–1 (default 0)',
      parseRatio,
    )
    .option(
      '--strong-enterprises <n>',
      'enterprises, with a chain leader, that make a node strong (default 3)',
      parseInteger,
    )
    .option(
      '--present-output-share <ratio>',
      'output share that makes a one-enterprise node present (default 0.1)',
      parseRatio,
    )
    .option('--strong-lq <lq>', 'location quotient of a strong node (default 2)', parseNumber)
    .option('--present-lq <lq>', 'location quotient of a present node (default 1)', parseNumber)
    .option('--weak-lq <lq>', 'location quotient of a weak node (default 0.5)', parseNumber)
    .option(
      '--top-share-threshold <ratio>',
      'node share flagged as single-product dependence (default 0.5)',
      parseRatio,
    )
    .option('--hhi-threshold <hhi>', 'HHI flagged as concentrated output (default 0.25)', parseNumber)
    .option('--json', 'machine-readable output')
    .action(async (opts: DiagnoseFlags) => {
      const access = await accessStore(deps.config(), deps.log);
      let report: ChainDiagnosisReport;
      if (access.mode === 'remote') {
        const answer = await userErrorOrAnswer(deps, () =>
          remoteJson<ChainDiagnosisReport>(
            access.remote,
            `/api/chains/${encodeURIComponent(opts.chain)}/diagnosis?${diagnosisQuery(opts)}`,
          ),
        );
        if (!answer) return;
        report = answer;
      } else {
        try {
          report = await diagnoseChain(access.store.db, opts.chain, opts.scope, {
            year: opts.year,
            linksYear: opts.linksYear,
            shock: { node: opts.shockNode, priceChange: opts.priceChange, passThrough: opts.passThrough },
            thresholds: {
              strongEnterprises: opts.strongEnterprises,
              presentOutputShare: opts.presentOutputShare,
              strongLocationQuotient: opts.strongLq,
              presentLocationQuotient: opts.presentLq,
              weakLocationQuotient: opts.weakLq,
            },
            dependence: { topShareThreshold: opts.topShareThreshold, hhiThreshold: opts.hhiThreshold },
          });
        } catch (error) {
          if (!(error instanceof ChainRequestError)) throw error;
          deps.log(`chainatlas: ${error.message}`);
          process.exitCode = EXIT.usage;
          return;
        } finally {
          await access.store.close();
        }
      }
      deps.print(opts.json, report, renderDiagnosis(report));
    });
  chain
    .command('park-performance')
    .description(
      'output and tax per mu, ranks, leading-industry and industrial concentration around a park or region',
    )
    .requiredOption('--scope <code>', 'a park code or a region code')
    .option('--json', 'machine-readable output')
    .action(async (opts: { scope: string; json?: boolean }) => {
      const access = await accessStore(deps.config(), deps.log);
      let report: ParkPerformanceReport;
      if (access.mode === 'remote') {
        report = await remoteJson(
          access.remote,
          `/api/park-performance?scope=${encodeURIComponent(opts.scope)}`,
        );
      } else {
        try {
          report = await parkPerformanceOf(access.store.db, opts.scope);
        } catch (error) {
          if (!(error instanceof ChainRequestError)) throw error;
          deps.log(`chainatlas: ${error.message}`);
          process.exitCode = EXIT.usage;
          return;
        } finally {
          await access.store.close();
        }
      }
      deps.print(opts.json, report, renderParkPerformance(report).join('\n'));
    });
}

/** The owner's answer, or undefined after reporting a user error (unknown chain or scope) with exit code 2. */
async function userErrorOrAnswer<T>(deps: Deps, call: () => Promise<T>): Promise<T | undefined> {
  try {
    return await call();
  } catch (error) {
    const message = (error as Error).message;
    const user = / answered (400|403|404): (.*)$/s.exec(message);
    if (!user) throw error;
    deps.log(`chainatlas: ${user[2]}`);
    process.exitCode = EXIT.usage;
    return undefined;
  }
}

function diagnosisQuery(o: DiagnoseFlags): string {
  const params: Record<string, string | number | undefined> = {
    scope: o.scope,
    year: o.year,
    links_year: o.linksYear,
    shock_node: o.shockNode,
    price_change: o.priceChange,
    pass_through: o.passThrough,
    strong_enterprises: o.strongEnterprises,
    present_output_share: o.presentOutputShare,
    strong_lq: o.strongLq,
    present_lq: o.presentLq,
    weak_lq: o.weakLq,
    top_share_threshold: o.topShareThreshold,
    hhi_threshold: o.hhiThreshold,
  };
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined) q.set(k, String(v));
  return q.toString();
}

const pct = (x: number | null | undefined) =>
  x === null || x === undefined ? 'n/a' : `${(Math.round(x * 1000) / 10).toString().replace('-', '−')} %`;
const keys = (nodes: NodeRef[]) => (nodes.length === 0 ? 'none' : nodes.map((n) => n.key).join(', '));
const pad = (s: string, n: number) => (s.length >= n ? `${s} ` : s + ' '.repeat(n - s.length));

/** The diagnosis as a person reads it in a terminal. */
export function renderDiagnosis(d: ChainDiagnosisReport): string {
  const out: string[] = [];
  const c = d.completeness;
  out.push(
    `${d.chain.name_en ?? d.chain.name_zh} (${d.chain.code} v${d.chain.version}) in ${d.scope.name_en ?? d.scope.name_zh} (${d.scope.kind} ${d.scope.code})`,
  );
  out.push(
    `completeness: ${c.nodes_present} of ${c.nodes_total} nodes present (${pct(c.completeness)}); weighted ${pct(c.weighted_completeness)} (${c.weight_basis})`,
  );
  out.push('');
  out.push(`  ${pad('status', 9)}${pad('node', 28)}${pad('position', 11)}${pad('stage', 13)}evidence`);
  for (const n of d.nodes) {
    out.push(
      `  ${pad(n.status, 9)}${pad(n.key, 28)}${pad(n.position, 11)}${pad(n.stage ?? '', 13)}${n.reasons.join('; ')}`,
    );
  }
  out.push('');
  const present = d.nodes.filter((n) => n.present);
  out.push(
    `present (${present.length}): ${present.length === 0 ? 'none' : present.map((n) => `${n.key} [${n.status}]`).join(', ')}`,
  );
  out.push(`missing upstream of what the scope has (${d.gaps.upstream.length}): ${keys(d.gaps.upstream)}`);
  out.push(
    `missing downstream of what the scope has (${d.gaps.downstream.length}): ${keys(d.gaps.downstream)}`,
  );
  if (d.gaps.unrelated.length > 0)
    out.push(`missing elsewhere (${d.gaps.unrelated.length}): ${keys(d.gaps.unrelated)}`);
  out.push(`weak (${d.weak.length}): ${keys(d.weak)}`);
  out.push(
    `coverage: ${d.coverage.by_position.map((p) => `${p.position} ${p.present}/${p.nodes}`).join(', ')}; smile curve: left ${d.coverage.smile_curve.left.present}/${d.coverage.smile_curve.left.nodes}, middle ${d.coverage.smile_curve.middle.present}/${d.coverage.smile_curve.middle.nodes}, right ${d.coverage.smile_curve.right.present}/${d.coverage.smile_curve.right.nodes}`,
  );
  const lsr = d.local_supporting_rate;
  out.push(
    `local supporting rate: ${lsr.rate === null ? `not measured (${lsr.note})` : `${pct(lsr.rate)} (${lsr.links} links of ${lsr.buyers} chain enterprises${lsr.links_without_value ? `, ${lsr.links_without_value} without value` : ''})`}`,
  );
  for (const l of d.leaders) {
    const rate =
      l.local_supporting_rate.rate === null ? 'no valued purchases' : pct(l.local_supporting_rate.rate);
    const linked = l.local_suppliers.map((s) => s.name).join(', ') || 'none recorded';
    const potential = l.potential_local_suppliers.map((s) => `${s.name} (${s.node})`).join(', ') || 'none';
    out.push(
      `chain leader ${l.name} (${l.nodes.join(', ')}): local supporting rate ${rate}; local suppliers: ${linked}; on supplying nodes: ${potential}`,
    );
  }
  const dep = d.dependence;
  out.push(
    `dependence: ${dep.flagged ? 'FLAGGED — ' : ''}${dep.summary}${dep.hhi === null ? '' : `; HHI ${dep.hhi_is_lower_bound ? '≥ ' : ''}${dep.hhi.toFixed(3)}`}`,
  );
  for (const e of dep.evidence)
    out.push(`  from ${e.source ?? 'an import'} (${e.period}): "${e.quote ?? e.note ?? ''}"`);
  if (d.stress_test) {
    const s = d.stress_test;
    out.push(
      `stress test: price of ${s.node} ${pct(s.price_change)} → the scope's revenue ${s.revenue_change === null ? 'unknown' : pct(s.revenue_change)}`,
    );
    out.push(`  ${s.formula}`);
  }
  out.push(...renderParkPerformance(d.park_performance));
  return out.join('\n');
}

function renderParkPerformance(p: ParkPerformanceReport): string[] {
  const out: string[] = [`park performance (parks of ${p.peer_region.name_zh} ${p.peer_region.code}):`];
  const money = (x: number | null) => (x === null ? 'n/a' : Math.round(x).toLocaleString('en-US'));
  const rows = p.park ? [p.park] : p.parks.filter((r) => r.output_per_mu !== null || r.tax_per_mu !== null);
  for (const r of rows) {
    out.push(
      `  ${r.code}: output/mu ${money(r.output_per_mu)} yuan${r.output_per_mu_rank ? ` (#${r.output_per_mu_rank} of ${p.ranked_by_output_per_mu})` : ''}, tax/mu ${money(r.tax_per_mu)} yuan${r.tax_per_mu_rank ? ` (#${r.tax_per_mu_rank} of ${p.ranked_by_tax_per_mu})` : ''}, land ${money(r.land_mu)} mu (${r.land_basis ?? 'unknown'}), leading-industry concentration ${pct(r.leading_industry_concentration)}`,
    );
  }
  if (rows.length === 0) out.push('  no park has output or tax figures with a known land area');
  for (const [label, rate] of [
    ['industrial concentration', p.industrial_concentration],
    ['leading-industry concentration', p.leading_industry_concentration],
  ] as const) {
    if (!rate) out.push(`  ${label}: not known`);
    else
      out.push(
        `  ${label} of ${rate.of}: ${pct(rate.value)} (${rate.basis}${rate.evidence ? `, ${rate.evidence.source} ${rate.evidence.period}` : ''})`,
      );
  }
  return out;
}
