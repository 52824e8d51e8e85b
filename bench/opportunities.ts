/**
 * Budget (issue 8): every opportunity ranking for every region × chain of a generated 3,000-region
 * workspace in under 5 s.
 *
 * What is measured: the pure ranking functions on in-memory data (no store, no HTTP), generated once:
 * 3,000 regions with centroids scattered over China's extent, the 13 chain templates of data/chains/
 * (their real node counts), a node status per region × node (missing 70 %, weak 10 %, present 12 %,
 * strong 8 %), and 30,000 enterprises each placed on one node of one chain, with output, growth, a region,
 * a chain-leader flag, and 20,000 supply links. The timed run then does, for every region:
 *   1. diversification: the engine's proximity, density, ECI/PCI and COG on the 3,000 × Σ nodes presence
 *      matrix (once), then diversificationOptions (top 20, three "because" each) per region;
 *   2. attraction: for each chain and each missing or weak node of the region, every enterprise on that
 *      node elsewhere scored by the attraction score (size, growth, distance from region centroids, links
 *      with the region's leaders, input share) and the best 10 kept (topCandidates), 13 × 3,000 pairs;
 *   3. complementarity: per chain the node masks once, then the best 10 partners of every region among
 *      all 3,000 (complementaryRegions), 13 × 3,000 pairs.
 * The distance table (3,000² great-circle distances, from unit vectors) is part of the timed run.
 *
 *   npm run bench:opportunities [-- --runs 3] [--strict]
 */
import { readdirSync, readFileSync } from 'node:fs';
import {
  ATTRACTION_WEIGHTS,
  candidatePool,
  chordKm,
  topCandidates,
  unitVectors,
} from '../src/analytics/attraction-score.ts';
import { diversificationOptions } from '../src/analytics/diversification-options.ts';
import {
  complexityOutlookGain,
  density,
  economicComplexity,
  matrix,
  productProximity,
} from '../src/analytics/index.ts';
import { complementaryRegions, nodeMasks } from '../src/analytics/region-complementarity.ts';
import { formatMs, median, peakResidentBytes, verdict } from './lib/measure.ts';

const BUDGET_MS = 5000;
const argument = (name: string) => process.argv[process.argv.indexOf(name) + 1];
const runs = process.argv.includes('--runs') ? Number(argument('--runs')) : 3;
const strict = process.argv.includes('--strict');

const REGIONS = 3000;
const ENTERPRISES = 30000;
const LINKS = 20000;
let seed = 20250626;
const random = () => {
  seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
  return seed / 2 ** 32;
};

// The 13 templates' node counts, read from the files (a node is a "  - code:" line).
const chainsDir = new URL('../data/chains/', import.meta.url);
const nodeCounts = readdirSync(chainsDir)
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => (readFileSync(new URL(f, chainsDir), 'utf8').match(/^ {2}- code:/gm) ?? []).length);
const chainStart = [0];
for (const n of nodeCounts) chainStart.push(chainStart[chainStart.length - 1]! + n);
const NODES = chainStart[chainStart.length - 1]!;

const lon = Float64Array.from({ length: REGIONS }, () => 75 + random() * 55);
const lat = Float64Array.from({ length: REGIONS }, () => 18 + random() * 35);
const status = new Uint8Array(REGIONS * NODES);
for (let k = 0; k < status.length; k++) {
  const u = random();
  status[k] = u < 0.7 ? 0 : u < 0.8 ? 1 : u < 0.92 ? 2 : 3;
}
const entRegion = Int32Array.from({ length: ENTERPRISES }, () => Math.floor(random() * REGIONS));
const entNode = Int32Array.from({ length: ENTERPRISES }, () => Math.floor(random() * NODES));
const entLeader = Uint8Array.from({ length: ENTERPRISES }, () => (random() < 0.05 ? 1 : 0));
const output = Float64Array.from({ length: ENTERPRISES }, () =>
  random() < 0.8 ? Math.exp(10 + random() * 10) : Number.NaN,
);
const growth = Float64Array.from({ length: ENTERPRISES }, () =>
  random() < 0.6 ? random() * 0.6 - 0.3 : Number.NaN,
);
const linkBuyer = new Int32Array(LINKS);
const linkSupplier = new Int32Array(LINKS);
for (let k = 0; k < LINKS; k++) {
  linkBuyer[k] = Math.floor(random() * ENTERPRISES);
  linkSupplier[k] = Math.floor(random() * ENTERPRISES);
}
const nodeShare = Float64Array.from({ length: NODES }, () => random());

const parts = { diversification: 0, attraction: 0, complementarity: 0 };
function runAll(): number {
  let checksum = 0;
  let t = performance.now();
  // 1. Diversification.
  const presence = new Uint8Array(REGIONS * NODES);
  for (let k = 0; k < presence.length; k++) presence[k] = status[k]! >= 1 ? 1 : 0;
  const mcp = matrix(REGIONS, NODES, presence);
  const phi = productProximity(mcp);
  const omega = density(mcp, phi);
  const { pci } = economicComplexity(mcp);
  const cog = complexityOutlookGain(mcp, phi, pci);
  for (let c = 0; c < REGIONS; c++) {
    const row = (m: { data: Float64Array }) => m.data.subarray(c * NODES, c * NODES + NODES);
    const options = diversificationOptions(
      {
        present: presence.subarray(c * NODES, c * NODES + NODES),
        density: row(omega),
        cog: row(cog),
        pci,
        proximity: phi,
      },
      { limit: 20, because: 3 },
    );
    checksum += options[0]?.product ?? 0;
  }
  parts.diversification += performance.now() - t;
  t = performance.now();
  // 2. Attraction: enterprises by node; region × region distances; per region its leaders' link partners.
  const byNodeStart = new Int32Array(NODES + 1);
  for (let e = 0; e < ENTERPRISES; e++) byNodeStart[entNode[e]! + 1]!++;
  for (let n = 0; n < NODES; n++) byNodeStart[n + 1]! += byNodeStart[n]!;
  const byNode = new Int32Array(ENTERPRISES);
  const fill = byNodeStart.slice(0, NODES);
  for (let e = 0; e < ENTERPRISES; e++) byNode[fill[entNode[e]!]!++] = e;
  const km = new Float32Array(REGIONS * REGIONS);
  const vectors = unitVectors(lon, lat);
  for (let a = 0; a < REGIONS; a++)
    for (let b = a + 1; b < REGIONS; b++) {
      const d = chordKm(vectors, a, b);
      km[a * REGIONS + b] = d;
      km[b * REGIONS + a] = d;
    }
  const pool = candidatePool(output, growth, entRegion, ATTRACTION_WEIGHTS);
  // Links with leaders, by the leader's region: partner lists per region (CSR).
  const linkStart = new Int32Array(REGIONS + 1);
  const pairs: [number, number][] = [];
  for (let k = 0; k < LINKS; k++) {
    if (entLeader[linkBuyer[k]!]) pairs.push([entRegion[linkBuyer[k]!]!, linkSupplier[k]!]);
    if (entLeader[linkSupplier[k]!]) pairs.push([entRegion[linkSupplier[k]!]!, linkBuyer[k]!]);
  }
  for (const [r] of pairs) linkStart[r + 1]!++;
  for (let r = 0; r < REGIONS; r++) linkStart[r + 1]! += linkStart[r]!;
  const linkPartner = new Int32Array(pairs.length);
  const linkFill = linkStart.slice(0, REGIONS);
  for (const [r, e] of pairs) linkPartner[linkFill[r]!++] = e;
  const stamp = new Int32Array(ENTERPRISES).fill(-1);
  const chosen = new Int32Array(10);
  const scores = new Float64Array(10);
  let ranked = 0;
  for (let r = 0; r < REGIONS; r++) {
    for (let k = linkStart[r]!; k < linkStart[r + 1]!; k++) stamp[linkPartner[k]!] = r;
    const scope = {
      distanceKm: km.subarray(r * REGIONS, (r + 1) * REGIONS),
      linkMark: stamp,
      linkValue: r,
      skipRegion: r,
    };
    for (let chain = 0; chain < nodeCounts.length; chain++) {
      for (let n = chainStart[chain]!; n < chainStart[chain + 1]!; n++) {
        if (status[r * NODES + n]! >= 2) continue; // only missing and weak nodes
        const candidates = byNode.subarray(byNodeStart[n]!, byNodeStart[n + 1]!);
        const count = topCandidates(
          pool,
          candidates,
          scope,
          nodeShare[n]!,
          ATTRACTION_WEIGHTS,
          10,
          chosen,
          scores,
        );
        ranked += candidates.length;
        if (count > 0) checksum += scores[0]!;
      }
    }
  }
  parts.attraction += performance.now() - t;
  t = performance.now();
  // 3. Complementarity.
  for (let chain = 0; chain < nodeCounts.length; chain++) {
    const n = nodeCounts[chain]!;
    const chainStatus = new Uint8Array(REGIONS * n);
    for (let r = 0; r < REGIONS; r++)
      chainStatus.set(
        status.subarray(r * NODES + chainStart[chain]!, r * NODES + chainStart[chain + 1]!),
        r * n,
      );
    const masks = nodeMasks(
      chainStatus,
      REGIONS,
      n,
      nodeShare.subarray(chainStart[chain]!, chainStart[chain + 1]!),
    );
    for (let r = 0; r < REGIONS; r++)
      checksum += complementaryRegions(masks, r, { limit: 10 })[0]?.score ?? 0;
  }
  parts.complementarity += performance.now() - t;
  return checksum + ranked * 1e-9;
}

console.log(
  `opportunities bench: ${REGIONS} regions × ${nodeCounts.length} chains (${NODES} nodes), ${ENTERPRISES} enterprises, ${LINKS} supply links; in-memory, pure functions`,
);
runAll(); // warm-up
for (const key of Object.keys(parts) as (keyof typeof parts)[]) parts[key] = 0;
const times: number[] = [];
let checksum = 0;
for (let k = 0; k < runs; k++) {
  const started = performance.now();
  checksum = runAll();
  times.push(performance.now() - started);
}
const ms = median(times);
console.log(
  `all rankings (diversification per region, attraction and complementarity per region × chain): median ${formatMs(ms)} of ${runs} runs (min ${formatMs(Math.min(...times))}); budget ${formatMs(BUDGET_MS)}, ratio ${(ms / BUDGET_MS).toFixed(2)} of budget: ${verdict(ms <= BUDGET_MS)}`,
);
console.log(
  `per run: diversification ${formatMs(parts.diversification / runs)}, attraction ${formatMs(parts.attraction / runs)}, complementarity ${formatMs(parts.complementarity / runs)}`,
);
console.log(`peak memory ${(peakResidentBytes() / 2 ** 20).toFixed(0)} MB; checksum ${checksum.toFixed(6)}`);
if (strict && ms > BUDGET_MS) process.exitCode = 1;
