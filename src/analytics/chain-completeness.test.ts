import { describe, expect, it } from 'vitest';
import {
  chainCompleteness,
  GAP_DOWNSTREAM,
  GAP_NONE,
  GAP_UNRELATED,
  GAP_UPSTREAM,
  gapSides,
  nodeInputWeights,
} from './chain-completeness.ts';
import { MISSING, PRESENT, WEAK } from './chain-presence.ts';
import { chainStructure } from './chain-structure.ts';

// sand → crucible → ingot → wafer → module; poly → ingot; glass → module; module → plant; storage → plant;
// rnd (left end) → ingot; o&m (right end) after plant.
const names = [
  'sand',
  'crucible',
  'poly',
  'ingot',
  'wafer',
  'glass',
  'module',
  'storage',
  'plant',
  'rnd',
  'om',
];
const at = (name: string) => names.indexOf(name);
const edges = (shares: Record<string, number> = {}) =>
  [
    ['sand', 'crucible'],
    ['crucible', 'ingot'],
    ['poly', 'ingot'],
    ['rnd', 'ingot'],
    ['ingot', 'wafer'],
    ['wafer', 'module'],
    ['glass', 'module'],
    ['module', 'plant'],
    ['storage', 'plant'],
    ['plant', 'om'],
  ].map(([from, to]) => ({ from: at(from!), to: at(to!), share: shares[`${from}>${to}`] ?? null }));
const structureWith = (shares: Record<string, number> = {}) =>
  chainStructure({
    positions: [
      'upstream',
      'upstream',
      'upstream',
      'midstream',
      'midstream',
      'midstream',
      'midstream',
      'midstream',
      'downstream',
      'upstream',
      'downstream',
    ],
    stages: [
      'materials',
      'materials',
      'materials',
      'materials',
      'components',
      'materials',
      'assembly',
      'components',
      'services',
      'rnd',
      'services',
    ],
    edges: edges(shares),
  });
const statusOf = (present: Record<string, number>) => Uint8Array.from(names, (n) => present[n] ?? MISSING);

describe('chain completeness', () => {
  it('is the share of nodes present when no input share is stated', () => {
    const s = structureWith();
    const c = chainCompleteness(s, statusOf({ crucible: WEAK, ingot: PRESENT }));
    expect(c.weights.basis).toBe('node-count');
    expect(c.nodesPresent).toBe(2);
    expect(c.completeness).toBeCloseTo(2 / 11, 12);
    expect(c.weightedCompleteness).toBeCloseTo(2 / 11, 12);
    expect(Array.from(c.missing, (i) => names[i])).toEqual([
      'sand',
      'poly',
      'wafer',
      'glass',
      'module',
      'storage',
      'plant',
      'rnd',
      'om',
    ]);
    expect(Array.from(c.weak, (i) => names[i])).toEqual(['crucible']);
    // upstream: sand, crucible, poly, rnd → 1 of 4; midstream: ingot, wafer, glass, module, storage → 1 of 5.
    expect(c.byPosition.map((p) => [p.present, p.nodes])).toEqual([
      [1, 4],
      [1, 5],
      [0, 2],
    ]);
    expect(c.smileCurve.left).toEqual({ nodes: 1, present: 0, coverage: 0 });
    expect(c.smileCurve.middle).toEqual({ nodes: 8, present: 2, coverage: 0.25 });
    expect(c.smileCurve.right).toEqual({ nodes: 2, present: 0, coverage: 0 });
  });

  it('weights nodes by the input shares they supply where the template states them', () => {
    // Ingot's inputs: crucible 0.1 and poly 0.7 stated; rnd unstated gets the rest, 1 − 0.8 = 0.2.
    const s = structureWith({ 'crucible>ingot': 0.1, 'poly>ingot': 0.7 });
    const w = nodeInputWeights(s);
    expect(w.basis).toBe('input-shares');
    expect(w.statedEdges).toBe(2);
    const weight = (n: string) => w.weights[at(n)]!;
    expect(weight('crucible')).toBeCloseTo(0.1, 12);
    expect(weight('poly')).toBeCloseTo(0.7, 12);
    expect(weight('rnd')).toBeCloseTo(0.2, 12);
    // Unstated single inputs weigh 1; wafer and glass share module's inputs equally (0.5 each);
    // om supplies nobody: a final service, weight 1.
    expect(weight('sand')).toBe(1);
    expect(weight('wafer')).toBe(0.5);
    expect(weight('glass')).toBe(0.5);
    expect(weight('module')).toBe(0.5);
    expect(weight('om')).toBe(1);
    // Present: crucible (0.1) and ingot (1). Total weight: sand 1 + crucible 0.1 + poly 0.7 + rnd 0.2 +
    // ingot 1 + wafer 0.5 + glass 0.5 + module 0.5 + storage 0.5 + plant 1 + om 1 = 7.0.
    const c = chainCompleteness(s, statusOf({ crucible: PRESENT, ingot: PRESENT }));
    expect(c.weightedCompleteness).toBeCloseTo(1.1 / 7, 12);
    expect(c.completeness).toBeCloseTo(2 / 11, 12);
  });

  it('places each missing node upstream or downstream of what the scope has', () => {
    const s = structureWith();
    const side = gapSides(s, statusOf({ crucible: PRESENT, ingot: PRESENT }));
    const of = (n: string) => side[at(n)];
    expect(of('ingot')).toBe(GAP_NONE);
    for (const n of ['sand', 'poly', 'rnd']) expect(of(n)).toBe(GAP_UPSTREAM);
    // Made out of the ingot: wafer, module, plant, om; and the other inputs they need: glass, storage.
    for (const n of ['wafer', 'module', 'plant', 'om', 'glass', 'storage'])
      expect(of(n)).toBe(GAP_DOWNSTREAM);
    // Nothing present: no side to be on.
    expect(Array.from(gapSides(s, statusOf({})))).toEqual(new Array(11).fill(GAP_UNRELATED));
    // Only storage present: the plant is downstream of it, and so is everything else the plant needs,
    // the whole module branch down to the sand.
    const onlyStorage = gapSides(s, statusOf({ storage: PRESENT }));
    expect(onlyStorage[at('plant')]).toBe(GAP_DOWNSTREAM);
    expect(onlyStorage[at('module')]).toBe(GAP_DOWNSTREAM);
    expect(onlyStorage[at('sand')]).toBe(GAP_DOWNSTREAM);
  });
});
