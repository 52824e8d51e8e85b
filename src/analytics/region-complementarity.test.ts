/** Pairing score (docs/opportunities.md): (W(lacks(a) ∩ has(b)) + W(has(a) ∩ lacks(b))) / W(all nodes). */
import { describe, expect, it } from 'vitest';
import { complementaryRegions, nodeMasks } from './region-complementarity.ts';

describe('complementaryRegions', () => {
  // Region 0 strong on node 0, missing 1 and 2; region 1 the mirror; region 2 the same as region 0.
  const status = Uint8Array.from([3, 0, 0, 0, 3, 2, 3, 0, 0]);

  it('scores the mirror region highest and names the nodes behind it', () => {
    const masks = nodeMasks(status, 3, 3);
    const pairs = complementaryRegions(masks, 0);
    expect(pairs).toHaveLength(1);
    expect(pairs[0]).toMatchObject({
      partner: 1,
      score: 1,
      gives: [1, 2],
      takes: [0],
      strong_gives: [1],
      mutual: true,
      enclave_candidate: true,
    });
  });

  it('weights nodes by their input shares and spans several words', () => {
    const masks = nodeMasks(status, 3, 3, [2, 1, 1]);
    expect(complementaryRegions(masks, 0)[0]!.score).toBe(1);
    const nodes = 70;
    const many = new Uint8Array(2 * nodes);
    many[69] = 3; // region 0 strong on node 69, region 1 present on node 0
    many[nodes] = 2;
    const pair = complementaryRegions(nodeMasks(many, 2, nodes), 0)[0]!;
    expect(pair.gives).toEqual([0]);
    expect(pair.takes).toEqual([69]);
    expect(pair.score).toBeCloseTo(2 / 70, 12);
    expect(pair.enclave_candidate).toBe(false);
  });
});
