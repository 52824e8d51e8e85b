/**
 * Diversification options follow the engine's density (Hidalgo et al. 2007: ω_cp = Σ_q M_cq φ_pq / Σ_q φ_pq)
 * and COG (Hausmann et al. 2014); "because you have" is the decomposition of ω_cp into its terms, the
 * related industries Metroverse lists behind a "possible entrant".
 */
import { describe, expect, it } from 'vitest';
import { diversificationOptions } from './diversification-options.ts';
import { density, matrix, productProximity } from './index.ts';

// 4 locations × 4 products; location 0 has products 0 and 1.
const mcp = matrix(4, 4, Uint8Array.from([1, 1, 0, 0, 1, 1, 1, 0, 0, 1, 1, 1, 0, 0, 1, 1]));
const phi = productProximity(mcp);
const omega = density(mcp, phi);

describe('diversificationOptions', () => {
  it('ranks the absent products by the engine’s density and explains it with its terms', () => {
    const row = (m: { data: Float64Array }, c: number) => m.data.subarray(c * 4, c * 4 + 4);
    const options = diversificationOptions({
      present: mcp.data.subarray(0, 4),
      density: row(omega, 0),
      cog: new Float64Array([0, 0, 0.3, 0.1]),
      pci: new Float64Array([-1, 0, 0.5, 1]),
      proximity: phi,
    });
    expect(options.map((o) => o.product)).toEqual([2, 3]);
    // φ_21 = 2/3, φ_20 = 1/3 (co-occurrence over max ubiquity), φ_22 = 1, φ_23 = 2/3: ω_02 = 1 / (8/3) = 0.375.
    expect(options[0]!.density).toBeCloseTo(0.375, 12);
    expect(options[0]!.distance).toBeCloseTo(0.625, 12);
    expect(options[0]!.because.map((b) => b.product)).toEqual([1, 0]);
    const sum = options[0]!.because.reduce((s, b) => s + b.contribution, 0);
    expect(sum).toBeCloseTo(options[0]!.density, 12);
    expect(options[0]!.rank).toBe(1);
  });

  it('orders by COG, PCI or the balanced score when asked', () => {
    const input = {
      present: new Uint8Array([1, 0, 0, 0]),
      density: new Float64Array([1, 0.6, 0.5, 0.4]),
      cog: new Float64Array([0, 0.1, 0.9, 0.2]),
      pci: new Float64Array([0, 2, -1, 0]),
      proximity: matrix(4, 4, new Float64Array(16).fill(0.5)),
    };
    expect(diversificationOptions(input, { rankBy: 'cog' }).map((o) => o.product)).toEqual([2, 3, 1]);
    expect(diversificationOptions(input, { rankBy: 'pci' }).map((o) => o.product)).toEqual([1, 3, 2]);
    const balanced = diversificationOptions(input, { rankBy: 'balanced', limit: 1 });
    expect(balanced).toHaveLength(1);
    const top = balanced[0]!;
    expect(top.score).toBeCloseTo(0.5 * top.z.density + 0.25 * top.z.pci + 0.25 * top.z.cog, 12);
  });

  it('refuses rows of different lengths', () => {
    expect(() =>
      diversificationOptions({
        present: [1, 0],
        density: [1],
        cog: [0, 0],
        pci: [0, 0],
        proximity: matrix(2, 2, new Float64Array(4)),
      }),
    ).toThrow(/one length/);
  });
});
