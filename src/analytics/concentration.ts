/**
 * Concentration and inequality of one distribution: a region's value across its industries (how
 * exposed is it to one of them?) or an industry's value across regions (how localized is it?). Each
 * takes plain numbers (amounts ≥ 0, not shares) and works out the shares itself.
 */
import { AnalyticsInputError } from './input-error.ts';

/** Shares x_i / Σx, refusing what has no shares: negative or non-finite amounts, or a zero total. */
export function shares(values: ArrayLike<number>, what = 'the values'): Float64Array {
  let total = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!(v >= 0) || v === Number.POSITIVE_INFINITY) {
      throw new AnalyticsInputError(
        v < 0 ? 'negative-value' : 'not-a-number',
        `entry ${i} of ${what} is ${String(v)}; shares need finite amounts ≥ 0`,
      );
    }
    total += v;
  }
  if (!(total > 0)) {
    throw new AnalyticsInputError('zero-total', `${what} add up to zero, so they have no shares`);
  }
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = values[i]! / total;
  return out;
}

/**
 * Herfindahl–Hirschman index H = Σ s_i² (Hirschman 1945; Herfindahl 1950), in [1/n, 1]: 1 when one
 * industry holds everything. Competition authorities quote it × 10,000 ("HHI 2,500"); pass
 * `scale: 10000` for that.
 */
export function herfindahlHirschman(
  values: ArrayLike<number>,
  options: { readonly scale?: number } = {},
): number {
  const s = shares(values);
  let h = 0;
  for (let i = 0; i < s.length; i++) h += s[i]! * s[i]!;
  return h * (options.scale ?? 1);
}

/**
 * Normalized HHI H* = (H − 1/n) / (1 − 1/n), in [0, 1] whatever the number of categories n, so that a
 * region with 5 industries and one with 500 compare. With a single category the formula is 0/0; the
 * distribution is then as concentrated as it can be, and H* = 1.
 */
export function normalizedHerfindahlHirschman(values: ArrayLike<number>): number {
  const n = values.length;
  const h = herfindahlHirschman(values);
  if (n === 1) return 1;
  return (h - 1 / n) / (1 - 1 / n);
}

/**
 * Shannon entropy E = −Σ s_i log s_i (Shannon 1948), with 0 · log 0 = 0: 0 when one category holds
 * everything, log n when all are equal. Natural logarithm by default; `base: 2` gives bits, the unit of
 * EconGeo's `entropy` (which also rounds to 3 decimals and adds 1e-9 inside the log; neither is done here).
 */
export function shannonEntropy(values: ArrayLike<number>, options: { readonly base?: number } = {}): number {
  const s = shares(values);
  let e = 0;
  for (let i = 0; i < s.length; i++) if (s[i]! > 0) e -= s[i]! * Math.log(s[i]!);
  const base = options.base;
  if (base === undefined) return e;
  if (!(base > 0) || base === 1)
    throw new AnalyticsInputError('invalid-option', `log base must be > 0 and ≠ 1`);
  return e / Math.log(base);
}

/**
 * Gini coefficient G = Σ_i Σ_j |x_i − x_j| / (2 n² x̄) (Gini 1912), the same number as EconGeo's `Gini`
 * (area between the Lorenz curve and the diagonal, no small-sample correction): 0 for equal values,
 * (n − 1)/n when one holds everything. Computed from the sorted values in O(n log n):
 * G = Σ_i (2i − n − 1) x_(i) / (n Σx), i = 1…n.
 */
export function gini(values: ArrayLike<number>): number {
  shares(values);
  const sorted = Float64Array.from(values).sort();
  const n = sorted.length;
  let weighted = 0;
  let total = 0;
  for (let i = 0; i < n; i++) {
    weighted += (2 * (i + 1) - n - 1) * sorted[i]!;
    total += sorted[i]!;
  }
  return weighted / (n * total);
}

/**
 * Krugman specialization index K = Σ_i |s_i − r_i| (Krugman 1991, Geography and Trade; EconGeo's
 * `krugman_index`): a region's industry shares s against a reference's (the country, or all regions) r,
 * in [0, 2]: 0 when the region's structure is the reference's.
 */
export function krugmanSpecialization(region: ArrayLike<number>, reference: ArrayLike<number>): number {
  return sumOfAbsoluteShareGaps(region, reference, 'Krugman index');
}

/**
 * Hoover index H = ½ Σ_i |s_i − r_i| (Hoover 1936, "The Measurement of Industrial Localization"; EconGeo's
 * `hoover_index`, which reports it × 100 and rounded): the share of an industry (or of people) that would
 * have to move for it to be spread like the reference (population, land, all jobs), in [0, 1). Without a
 * reference, every unit is taken as equally large (EconGeo's default).
 */
export function hooverIndex(values: ArrayLike<number>, reference?: ArrayLike<number>): number {
  const even = reference ?? new Float64Array(values.length).fill(1);
  return sumOfAbsoluteShareGaps(values, even, 'Hoover index') / 2;
}

function sumOfAbsoluteShareGaps(a: ArrayLike<number>, b: ArrayLike<number>, what: string): number {
  if (a.length !== b.length) {
    throw new AnalyticsInputError(
      'shape-mismatch',
      `the ${what} compares two distributions over the same categories; got ${a.length} and ${b.length}`,
    );
  }
  const sa = shares(a, 'the distribution');
  const sb = shares(b, 'the reference distribution');
  let sum = 0;
  for (let i = 0; i < sa.length; i++) sum += Math.abs(sa[i]! - sb[i]!);
  return sum;
}

/**
 * Share of the k largest: CR_k = Σ of the k largest / Σ (the concentration ratio of industrial
 * organization, e.g. CR4; Hunan's "industrial concentration 69.7 %" is of this kind). k ≥ n gives 1.
 */
export function topShare(values: ArrayLike<number>, k: number): number {
  if (!Number.isInteger(k) || k < 1) {
    throw new AnalyticsInputError('invalid-option', `k must be a positive integer, got ${k}`);
  }
  const s = shares(values);
  const sorted = s.sort().reverse();
  let sum = 0;
  for (let i = 0; i < Math.min(k, sorted.length); i++) sum += sorted[i]!;
  return sum;
}
