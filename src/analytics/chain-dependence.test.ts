import { describe, expect, it } from 'vitest';
import { outputDependence, priceShockStressTest } from './chain-dependence.ts';

const nan = Number.NaN;

describe('dependence of a scope on one node', () => {
  it('flags a node holding half or more of the output, with HHI as a lower bound', () => {
    // Monocrystalline silicon 60 % and quartz crucibles 15 % of a park's output; 25 % elsewhere.
    const d = outputDependence({
      share: Float64Array.of(0.6, 0.15, nan),
      lowerBound: new Uint8Array(3),
      value: Float64Array.of(600, 150, 0),
    });
    expect(d.topNode).toBe(0);
    expect(d.topShare).toBe(0.6);
    // HHI ≥ 0.6² + 0.15² = 0.36 + 0.0225 = 0.3825 (the other 25 % taken as spread thin).
    expect(d.hhi).toBeCloseTo(0.3825, 12);
    expect(d.hhiIsLowerBound).toBe(true);
    expect(d.knownShare).toBeCloseTo(0.75, 12);
    // Within the chain: 600 / 750 = 0.8 and 150 / 750 = 0.2 → 0.64 + 0.04 = 0.68.
    expect(d.chainHhi).toBeCloseTo(0.68, 12);
    expect(d.finding).toBe('single-product');
    expect(d.flagged).toBe(true);
  });

  it('tells concentration on few nodes from single-product dependence', () => {
    const d = outputDependence({ share: Float64Array.of(0.4, 0.4, 0.2), lowerBound: new Uint8Array(3) });
    // 0.16 + 0.16 + 0.04 = 0.36 ≥ 0.25, but no node reaches 0.5.
    expect(d.hhi).toBeCloseTo(0.36, 12);
    expect(d.hhiIsLowerBound).toBe(false);
    expect(d.finding).toBe('concentrated');
    expect(
      outputDependence(
        { share: Float64Array.of(0.4, 0.4, 0.2), lowerBound: new Uint8Array(3) },
        { hhiThreshold: 0.5 },
      ).flagged,
    ).toBe(false);
    expect(
      outputDependence({ share: Float64Array.of(nan, nan), lowerBound: new Uint8Array(2) }),
    ).toMatchObject({
      topNode: -1,
      topShare: null,
      hhi: null,
      flagged: false,
    });
  });
});

describe('price-shock stress test', () => {
  const output = { share: Float64Array.of(0.6, 0.15, nan), lowerBound: new Uint8Array(3) };

  it('moves revenue by the price change times the node share (hand-worked)', () => {
    // Prices of monocrystalline silicon fall 30 %: ΔR/R = −0.3 × 0.6 = −0.18.
    const t = priceShockStressTest(output, 0, -0.3);
    expect(t.revenueChange).toBeCloseTo(-0.18, 12);
    expect(t.formula).toBe('ΔR/R = Δp × (s_n + ρ × Σ s_u) = −0.3 × (0.6 + 0 × (0)) = −0.18');
  });

  it('passes part of it on to the local suppliers (hand-worked)', () => {
    // Half passed on to the crucible makers (15 %): −0.3 × (0.6 + 0.5 × 0.15) = −0.3 × 0.675 = −0.2025.
    const t = priceShockStressTest(output, 0, -0.3, { passThrough: 0.5, suppliers: [1, 2] });
    expect(t.supplierShare).toBeCloseTo(0.15, 12);
    expect(t.revenueChange).toBeCloseTo(-0.2025, 12);
    expect(t.formula).toBe('ΔR/R = Δp × (s_n + ρ × Σ s_u) = −0.3 × (0.6 + 0.5 × (0.15)) = −0.2025');
  });

  it('says when a share is a lower bound, and when the node share is unknown', () => {
    const bound = priceShockStressTest(
      { share: Float64Array.of(0.8), lowerBound: Uint8Array.of(1) },
      0,
      -0.5,
    );
    // "more than 80 %": −0.5 × 0.8 = −0.4 at least.
    expect(bound.isBound).toBe(true);
    expect(bound.formula.endsWith('= ≤ −0.4')).toBe(true);
    const unknown = priceShockStressTest(output, 2, -0.3);
    expect(unknown.revenueChange).toBeNull();
    expect(() => priceShockStressTest(output, 0, -1.5)).toThrow(/≥ −1/);
    expect(() => priceShockStressTest(output, 5, -0.1)).toThrow(/not one of/);
  });
});
