/**
 * Diversification options (`GET /api/opportunities/diversify`, `chainatlas opportunities diversify`).
 *
 * - For a region of the store: the "products" are the chain nodes of every chain template and the
 *   "locations" the regions of the same level (prefectures with prefectures, counties with counties) that
 *   have an enterprise placed on some node. A region has a node when an enterprise of its subtree (own
 *   region or park) sits on it. The engine then gives φ, density, PCI and COG on that matrix.
 * - For a long CSV (world trade: country, product, value): the engine's `ecomplexity()` as it is, and the
 *   options of one location read from its density and COG rows.
 * Either way the ranking and the "because you have" lists come from analytics/diversification-options.ts.
 */
import {
  DIVERSIFICATION_RANKINGS,
  type DiversificationOption,
  type DiversificationRanking,
  diversificationOptions,
} from '../../analytics/diversification-options.ts';
import {
  AnalyticsInputError,
  complexityOutlookGain,
  density,
  ecomplexity,
  economicComplexity,
  type Matrix,
  matrix,
  productProximity,
} from '../../analytics/index.ts';
import type { Queryable } from '../../store/db.ts';
import type { Visibility } from '../accounts/subject.ts';
import { AnalysisFileError, type LongColumns, readLongCsv } from '../analysis/long-csv.ts';
import { loadChainWorkspace } from '../chains/load-workspace.ts';
import { ChainRequestError, resolveScope } from '../chains/resolve.ts';
import { checkScopeVisible } from './common.ts';

export interface DiversifyOptions {
  rankBy?: DiversificationRanking;
  limit?: number;
  because?: number;
  visibility?: Visibility;
}

export type DiversificationRow = {
  rank: number;
  product: string;
  name: string | null;
  density: number;
  distance: number;
  pci: number | null;
  cog: number | null;
  score: number;
  z: { density: number; pci: number; cog: number };
  because: { product: string; name: string | null; proximity: number; contribution: number }[];
  explanation: string;
};

export type DiversificationReport = {
  location: { code: string; name: string | null };
  basis: string;
  rank_by: DiversificationRanking;
  locations_compared: number;
  products: number;
  present: string[];
  notes: string[];
  options: DiversificationRow[];
};

function checkRanking(rankBy: string | undefined): DiversificationRanking {
  const r = (rankBy ?? 'density') as DiversificationRanking;
  if (!DIVERSIFICATION_RANKINGS.includes(r))
    throw new ChainRequestError(
      `rank by "${rankBy}": expected one of ${DIVERSIFICATION_RANKINGS.join(', ')}`,
      400,
    );
  return r;
}

function rows(
  options: DiversificationOption[],
  products: readonly string[],
  names: readonly (string | null)[],
  pciKnown: boolean,
): DiversificationRow[] {
  return options.map((o) => ({
    rank: o.rank,
    product: products[o.product]!,
    name: names[o.product] ?? null,
    density: o.density,
    distance: o.distance,
    pci: pciKnown ? o.pci : null,
    cog: pciKnown ? o.cog : null,
    score: o.score,
    z: o.z,
    because: o.because.map((b) => ({
      product: products[b.product]!,
      name: names[b.product] ?? null,
      proximity: b.proximity,
      contribution: b.contribution,
    })),
    explanation:
      `density ${o.density.toFixed(3)} (distance ${o.distance.toFixed(3)})` +
      (pciKnown ? `, PCI ${o.pci.toFixed(3)}, COG ${o.cog.toFixed(3)}` : '') +
      (o.because.length > 0
        ? `; because you have ${o.because.map((b) => `${names[b.product] ?? products[b.product]} (φ ${b.proximity.toFixed(2)}, adds ${b.contribution.toFixed(3)})`).join(', ')}`
        : '; nothing present is close to it'),
  }));
}

/** Options for one row c of a presence matrix, with the engine's φ, density, PCI and COG. */
function optionsOfRow(
  mcp: Matrix<Uint8Array>,
  c: number,
  phi: Matrix,
  omega: Matrix,
  pci: ArrayLike<number>,
  cog: Matrix<Float64Array<ArrayBufferLike>>,
  settings: { rankBy: DiversificationRanking; limit?: number; because?: number },
): DiversificationOption[] {
  const n = mcp.cols;
  return diversificationOptions(
    {
      present: mcp.data.subarray(c * n, c * n + n),
      density: omega.data.subarray(c * n, c * n + n),
      cog: cog.data.subarray(c * n, c * n + n),
      pci,
      proximity: phi,
    },
    settings,
  );
}

export async function diversifyRegion(
  db: Queryable,
  regionCode: string,
  options: DiversifyOptions = {},
): Promise<DiversificationReport> {
  const rankBy = checkRanking(options.rankBy);
  const scope = await resolveScope(db, regionCode);
  if (scope.kind !== 'region')
    throw new ChainRequestError(`${regionCode} is a park; diversification options are for regions`, 400);
  checkScopeVisible(scope, options.visibility);
  const ws = await loadChainWorkspace(db);
  const { regions, parks, enterprises: ent } = ws;
  const target = ws.regionIndex.get(scope.id)!;
  const level = regions.level[target]!;
  // The ancestor at the target's level of each region (itself, or −1 when it lies above that level).
  const atLevel = new Int32Array(regions.id.length).fill(-1);
  for (let r = 0; r < regions.id.length; r++) {
    let a = r;
    while (a >= 0 && regions.level[a] !== level) a = regions.parent[a]!;
    atLevel[r] = a;
  }
  const productKeys: string[] = [];
  const productNames: string[] = [];
  const productOf: number[][] = [];
  for (const chain of ws.chains) {
    productOf.push(chain.nodes.map((node) => productKeys.push(`${chain.code}/${node.code}`) - 1));
    for (const node of chain.nodes) productNames.push(`${node.name_en ?? node.name_zh} (${chain.code})`);
  }
  const cells = new Map<number, Set<number>>();
  ws.chains.forEach((chain, ci) => {
    const pl = chain.placements;
    for (let k = 0; k < pl.enterprise.length; k++) {
      const e = pl.enterprise[k]!;
      const homes = new Set<number>();
      if (ent.region[e]! >= 0) homes.add(atLevel[ent.region[e]!]!);
      if (ent.park[e]! >= 0 && parks.region[ent.park[e]!]! >= 0)
        homes.add(atLevel[parks.region[ent.park[e]!]!]!);
      for (const h of homes) {
        if (h < 0) continue;
        const set = cells.get(h) ?? new Set<number>();
        set.add(productOf[ci]![pl.node[k]!]!);
        cells.set(h, set);
      }
    }
  });
  const locations = [...cells.keys()].sort((a, b) => a - b);
  const c = locations.indexOf(target);
  const notes: string[] = [];
  const report = (
    options_: DiversificationRow[],
    present: string[],
    products: number,
  ): DiversificationReport => ({
    location: { code: scope.code, name: scope.name_zh },
    basis: `chain nodes of every template; ${level} regions with an enterprise placed on a node`,
    rank_by: rankBy,
    locations_compared: locations.length,
    products,
    present,
    notes,
    options: options_,
  });
  if (c < 0) {
    notes.push(
      `${scope.code} has no enterprise placed on any chain node: nothing to measure relatedness from`,
    );
    return report([], [], productKeys.length);
  }
  // The product space holds the nodes some region has; a node nobody has has no measured neighbours.
  const used = [...new Set(locations.flatMap((l) => [...cells.get(l)!]))].sort((a, b) => a - b);
  notes.push(
    `${productKeys.length - used.length} nodes no ${level} region has are outside the product space`,
  );
  const column = new Map(used.map((p, j) => [p, j]));
  const mcp = matrix(locations.length, used.length, new Uint8Array(locations.length * used.length));
  locations.forEach((l, i) => {
    for (const p of cells.get(l)!) mcp.data[i * used.length + column.get(p)!] = 1;
  });
  const phi = productProximity(mcp);
  const omega = density(mcp, phi);
  let pci: Float64Array<ArrayBufferLike> = new Float64Array(used.length);
  let cog: Matrix<Float64Array<ArrayBufferLike>> = matrix(
    locations.length,
    used.length,
    new Float64Array(locations.length * used.length),
  );
  let pciKnown = true;
  try {
    pci = economicComplexity(mcp).pci;
    cog = complexityOutlookGain(mcp, phi, pci);
  } catch (error) {
    if (!(error instanceof AnalyticsInputError)) throw error;
    pciKnown = false;
    notes.push(`PCI and COG not computed: ${error.message}; ranked by density alone`);
  }
  const keys = used.map((p) => productKeys[p]!);
  const names = used.map((p) => productNames[p]!);
  const ranked = optionsOfRow(mcp, c, phi, omega, pci, cog, {
    rankBy: pciKnown ? rankBy : 'density',
    limit: options.limit ?? 20,
    because: options.because,
  });
  const present = used.filter((_, j) => mcp.data[c * used.length + j] === 1).map((p) => productKeys[p]!);
  return report(rows(ranked, keys, names, pciKnown), present, used.length);
}

/** Options of one location of a long CSV (e.g. a country in world trade), from the engine's ecomplexity(). */
export function diversifyFromFile(
  file: string,
  columns: LongColumns,
  location: string,
  options: Omit<DiversifyOptions, 'visibility'> & { threshold?: number } = {},
): DiversificationReport {
  const rankBy = checkRanking(options.rankBy);
  const csv = readLongCsv(file, columns);
  const result = ecomplexity(csv.table, { rcaThreshold: options.threshold });
  const period = result.periods[result.periods.length - 1];
  if (!period) throw new AnalysisFileError(`${file}: no period with any presence`);
  const c = period.locations.indexOf(location);
  if (c < 0)
    throw new AnalysisFileError(
      `${file}: no location "${location}" with exports (column ${columns.location})`,
    );
  const ranked = optionsOfRow(period.mcp, c, period.proximity, period.density, period.pci, period.cog, {
    rankBy,
    limit: options.limit ?? 20,
    because: options.because,
  });
  const n = period.products.length;
  const present = period.products.filter((_, p) => period.mcp.data[c * n + p] === 1);
  return {
    location: { code: location, name: null },
    basis: `${file}: presence RCA ≥ ${options.threshold ?? 1}, period ${period.time || '(single)'}`,
    rank_by: rankBy,
    locations_compared: period.locations.length,
    products: n,
    present: [...present],
    notes: [...result.warnings],
    options: rows(ranked, period.products, [], true),
  };
}
