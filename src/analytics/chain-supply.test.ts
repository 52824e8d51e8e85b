import { describe, expect, it } from 'vitest';
import { buyerSupportingRate, localSupportingRate } from './chain-supply.ts';

describe('local supporting rate', () => {
  // Two chain enterprises of a park: the leader (buyer 0) and a crucible maker (buyer 1).
  //   leader  ← crucible maker  80 (local)
  //   leader  ← second crucible 20 (local)
  //   leader  ← far polysilicon 300 (outside)
  //   crucible maker ← local firm 40 (local)
  //   crucible maker ← far polysilicon 60 (outside)
  //   crucible maker ← far polysilicon, no value stated (outside)
  const links = {
    buyer: Int32Array.of(0, 0, 0, 1, 1, 1),
    local: Uint8Array.of(1, 1, 0, 1, 0, 0),
    value: Float64Array.of(80, 20, 300, 40, 60, Number.NaN),
  };

  it('is local purchases over all purchases, with hand-worked numbers', () => {
    const r = localSupportingRate(links, 2);
    // (80 + 20 + 40) / (80 + 20 + 300 + 40 + 60) = 140 / 500 = 0.28
    expect(r.localValue).toBe(140);
    expect(r.totalValue).toBe(500);
    expect(r.rate).toBeCloseTo(0.28, 12);
    // The link without a value stays out of the ratio of values and is counted apart;
    // 3 of the 6 links are local.
    expect(r.linksWithoutValue).toBe(1);
    expect(r.localLinkShare).toBe(0.5);
  });

  it('is given per buyer: the leader buys 100 of its 400 locally', () => {
    const r = localSupportingRate(links, 2);
    // leader: (80 + 20) / (80 + 20 + 300) = 0.25; crucible maker: 40 / (40 + 60) = 0.4
    expect(Array.from(r.perBuyerRate)).toEqual([0.25, 0.4]);
    expect(buyerSupportingRate(r, 0)).toEqual({
      rate: 0.25,
      localValue: 100,
      totalValue: 400,
      links: 3,
      linksWithoutValue: 0,
      localLinkShare: 2 / 3,
    });
    expect(buyerSupportingRate(r, 1)).toMatchObject({ rate: 0.4, links: 3, linksWithoutValue: 1 });
  });

  it('has no rate without valued purchases, and refuses negative values', () => {
    expect(
      localSupportingRate(
        { buyer: new Int32Array(0), local: new Uint8Array(0), value: new Float64Array(0) },
        1,
      ),
    ).toMatchObject({
      rate: null,
      links: 0,
      localLinkShare: null,
    });
    expect(() =>
      localSupportingRate(
        { buyer: Int32Array.of(0), local: Uint8Array.of(1), value: Float64Array.of(-5) },
        1,
      ),
    ).toThrow(/value -5/);
  });
});
