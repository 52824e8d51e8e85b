/**
 * `chainatlas opportunities diversify|attract|complement`: where a region can go next, whom to attract
 * for a chain's gaps, and with which regions to pair (docs/opportunities.md). Through the running
 * owner's API when one holds the embedded store, else on the store directly (services/opportunities/).
 * `diversify --file` reads a long CSV (e.g. world trade) instead of the store.
 */
import { writeFileSync } from 'node:fs';
import { type Command, InvalidArgumentError } from 'commander';
import type { Config } from '../../config.ts';
import { AnalysisFileError } from '../../services/analysis/long-csv.ts';
import { ChainRequestError } from '../../services/chains/resolve.ts';
import { attractionListCsv, attractionListXlsx } from '../../services/opportunities/attraction-list.ts';
import { type AttractionReport, attractionTargets } from '../../services/opportunities/attraction-targets.ts';
import {
  type ComplementReport,
  complementaryRegionsFor,
} from '../../services/opportunities/complementary-regions.ts';
import {
  type DiversificationReport,
  diversifyFromFile,
  diversifyRegion,
} from '../../services/opportunities/diversification.ts';
import type { Queryable } from '../../store/db.ts';
import { EXIT } from '../exit-codes.ts';
import { remoteJson } from '../remote.ts';
import { accessStore } from '../store-access.ts';

interface Deps {
  config: () => Config;
  log: (line: string) => void;
  print: (json: boolean | undefined, value: unknown, text: string) => void;
}

function parseInteger(text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0) throw new InvalidArgumentError('expected a whole number ≥ 0');
  return value;
}

const query = (params: Record<string, string | number | undefined>) =>
  new URLSearchParams(
    Object.entries(params)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]): [string, string] => [k, String(v)]),
  ).toString();

/** Runs a use case on the owner's API or the local store; user errors become a message and exit code 2. */
async function run<T>(
  deps: Deps,
  remote: (r: Parameters<typeof remoteJson>[0]) => Promise<T>,
  local: (db: Queryable) => Promise<T>,
): Promise<T | undefined> {
  const access = await accessStore(deps.config(), deps.log);
  try {
    return access.mode === 'remote' ? await remote(access.remote) : await local(access.store.db);
  } catch (error) {
    const message = (error as Error).message;
    const user = / answered (400|403|404): (.*)$/s.exec(message);
    if (error instanceof ChainRequestError || error instanceof AnalysisFileError || user) {
      deps.log(`chainatlas: ${user ? user[2] : message}`);
      process.exitCode = EXIT.usage;
      return undefined;
    }
    throw error;
  } finally {
    if (access.mode === 'local') await access.store.close();
  }
}

const n3 = (x: number | null) => (x === null ? '—' : x.toFixed(3));

function renderDiversification(r: DiversificationReport): string {
  const lines = [
    `${r.location.code}${r.location.name ? ` ${r.location.name}` : ''}: options by ${r.rank_by} (${r.basis}; ${r.locations_compared} locations × ${r.products} products)`,
    ...r.notes.map((n) => `note: ${n}`),
    'rank  product                               density  distance  PCI     COG     because you have',
  ];
  for (const o of r.options) {
    lines.push(
      `${String(o.rank).padStart(4)}  ${(o.name ?? o.product).slice(0, 36).padEnd(36)}  ${n3(o.density)}    ${n3(o.distance)}     ${n3(o.pci).padEnd(6)}  ${n3(o.cog).padEnd(6)}  ${o.because.map((b) => `${b.name ?? b.product} (φ ${b.proximity.toFixed(2)})`).join(', ') || '—'}`,
    );
  }
  return lines.join('\n');
}

function renderAttraction(r: AttractionReport): string {
  const lines = [
    `${r.chain.code} in ${r.scope.code} ${r.scope.name_zh}: attraction targets for missing and weak nodes`,
    `score: ${r.formula}`,
    `weights: ${Object.entries(r.weights)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}; chain leaders of the scope: ${r.leaders.join(', ') || 'none'}`,
  ];
  for (const node of r.nodes) {
    lines.push(
      `${node.key} (${node.status}): ${node.candidates_total} candidate(s)${node.note ? ` — ${node.note}` : ''}`,
    );
    for (const c of node.candidates) {
      lines.push(
        `  ${c.rank}. ${c.name}${c.name_en ? ` (${c.name_en})` : ''}, ${c.region.code} ${c.region.name_zh}: score ${c.score.toFixed(3)}`,
      );
      for (const reason of c.reasons) lines.push(`       ${reason}`);
    }
    if (node.clusters.length > 0) lines.push(`  clusters elsewhere to canvass (${node.clusters_total}):`);
    for (const c of node.clusters)
      lines.push(`  ${c.rank}. ${c.name_zh}${c.name_en ? ` (${c.name_en})` : ''}: ${c.match} — ${c.reason}`);
  }
  return lines.join('\n');
}

function renderComplement(r: ComplementReport): string {
  const lines = [
    `${r.chain.code}: regions complementary to ${r.region.code} ${r.region.name_zh} (${r.regions_compared} ${r.region.level} regions compared)`,
    `pairing: ${r.formula}`,
    ...r.notes.map((n) => `note: ${n}`),
  ];
  for (const p of r.partners) {
    lines.push(
      `${p.rank}. ${p.region.code} ${p.region.name_zh}: ${p.explanation}${p.enclave_candidate ? ' — enclave candidate' : p.mutual ? ' — mutual' : ''}`,
    );
  }
  return lines.join('\n');
}

export function addOpportunityCommands(program: Command, deps: Deps) {
  const group = program
    .command('opportunities')
    .description(
      'diversification options, investment-attraction targets, complementary regions (docs/opportunities.md)',
    );
  group
    .command('diversify')
    .description('industries (chain nodes, or products of --file) a region could enter next, with why')
    .option('--region <code>', 'a region code of the workspace')
    .option('--file <csv>', 'a long CSV instead of the workspace (e.g. world trade)')
    .option('--location <code>', 'with --file: the location (e.g. chn)')
    .option('--location-column <name>', 'with --file', 'country')
    .option('--product-column <name>', 'with --file', 'product')
    .option('--value-column <name>', 'with --file', 'value')
    .option('--rank-by <measure>', 'density | cog | pci | balanced (default density)')
    .option('--limit <n>', 'options to show (default 20)', parseInteger)
    .option('--because <n>', 'present products named per option (default 3)', parseInteger)
    .option('--json', 'machine-readable output')
    .action(async (opts) => {
      let report: DiversificationReport | undefined;
      if (opts.file) {
        if (!opts.location) {
          deps.log('chainatlas: --file needs --location');
          process.exitCode = EXIT.usage;
          return;
        }
        try {
          report = diversifyFromFile(
            opts.file,
            { location: opts.locationColumn, product: opts.productColumn, value: opts.valueColumn },
            opts.location,
            { rankBy: opts.rankBy, limit: opts.limit, because: opts.because },
          );
        } catch (error) {
          if (!(error instanceof AnalysisFileError || error instanceof ChainRequestError)) throw error;
          deps.log(`chainatlas: ${(error as Error).message}`);
          process.exitCode = EXIT.usage;
          return;
        }
      } else {
        if (!opts.region) {
          deps.log('chainatlas: give --region, or --file with --location');
          process.exitCode = EXIT.usage;
          return;
        }
        const params = {
          region: opts.region,
          rank_by: opts.rankBy,
          limit: opts.limit,
          because: opts.because,
        };
        report = await run(
          deps,
          (remote) =>
            remoteJson<DiversificationReport>(remote, `/api/opportunities/diversify?${query(params)}`),
          (db) =>
            diversifyRegion(db, opts.region, {
              rankBy: opts.rankBy,
              limit: opts.limit,
              because: opts.because,
            }),
        );
      }
      if (report) deps.print(opts.json, report, renderDiversification(report));
    });
  group
    .command('attract')
    .description(
      'enterprises elsewhere on the missing and weak nodes of a chain in a scope, ranked with reasons',
    )
    .requiredOption('--chain <code>', 'chain code or a unique prefix (pv → pv-silicon)')
    .requiredOption('--scope <code>', 'a park code or a region code')
    .option('--limit <n>', 'candidates per node (default 10)', parseInteger)
    .option('--missing-only', 'leave out weak nodes')
    .option('--out <file>', 'write the investment-attraction list to a .csv or .xlsx file')
    .option('--json', 'machine-readable output')
    .action(async (opts) => {
      const params = {
        chain: opts.chain,
        scope: opts.scope,
        limit: opts.limit,
        include_weak: opts.missingOnly ? 'false' : undefined,
      };
      const report = await run(
        deps,
        (remote) => remoteJson<AttractionReport>(remote, `/api/opportunities/attract?${query(params)}`),
        (db) =>
          attractionTargets(db, opts.chain, opts.scope, {
            limit: opts.limit,
            includeWeak: !opts.missingOnly,
          }),
      );
      if (!report) return;
      if (opts.out) {
        const format = String(opts.out).toLowerCase().endsWith('.xlsx') ? 'xlsx' : 'csv';
        // The file is rendered here from the report the API gave, so local and remote runs write the same bytes.
        writeFileSync(
          opts.out,
          format === 'xlsx' ? await attractionListXlsx(report) : attractionListCsv(report),
        );
        deps.log(`investment-attraction list written to ${opts.out}`);
      }
      deps.print(opts.json, report, renderAttraction(report));
    });
  group
    .command('complement')
    .description(
      'regions strong where a region is missing and missing where it is strong, and enclave pairings',
    )
    .requiredOption('--chain <code>', 'chain code or a unique prefix')
    .requiredOption('--region <code>', 'a region code')
    .option('--limit <n>', 'partners to show (default 10)', parseInteger)
    .option('--json', 'machine-readable output')
    .action(async (opts) => {
      const params = { chain: opts.chain, region: opts.region, limit: opts.limit };
      const report = await run(
        deps,
        (remote) => remoteJson<ComplementReport>(remote, `/api/opportunities/complement?${query(params)}`),
        (db) => complementaryRegionsFor(db, opts.chain, opts.region, { limit: opts.limit }),
      );
      if (report) deps.print(opts.json, report, renderComplement(report));
    });
}
