/**
 * Local supporting rate (本地配套率): of what a scope's chain enterprises buy, the part bought from
 * enterprises of the same scope. Henan's NEV plan (seed 001) and Hunan's "leaders draw suppliers into the
 * park" (seed 002) are both about raising it. Definition used here, on supply links (supplier → buyer,
 * value, year):
 *
 *   LSR = Σ value of links whose buyer is a chain enterprise of the scope and whose supplier is in the scope
 *         ÷ Σ value of all links whose buyer is a chain enterprise of the scope
 *
 * and the same ratio per buyer (per chain leader). Links without a stated value cannot enter a ratio of
 * values; they are counted apart, and the share of links that are local is given beside the value rate.
 */
import { AnalyticsInputError } from './input-error.ts';

export interface PurchaseLinks {
  /** The buyer of each link, as an index 0…buyers−1. */
  readonly buyer: Int32Array;
  /** 1 where the supplier is in the scope. */
  readonly local: Uint8Array;
  /** Purchase value; NaN where the link states none. */
  readonly value: Float64Array;
}

export interface SupportingRate {
  /** Σ local value / Σ value over links with a value; null when no link has a positive value. */
  readonly rate: number | null;
  readonly localValue: number;
  readonly totalValue: number;
  /** Links in all, and those without a value (left out of `rate`). */
  readonly links: number;
  readonly linksWithoutValue: number;
  /** Local links / links, all links counted once; null without links. */
  readonly localLinkShare: number | null;
}

export interface LocalSupportingRate extends SupportingRate {
  /** Per buyer: the rate of its own purchases (NaN where it has no valued purchase). */
  readonly perBuyerRate: Float64Array;
  readonly perBuyerLocalValue: Float64Array;
  readonly perBuyerTotalValue: Float64Array;
  readonly perBuyerLinks: Int32Array;
  readonly perBuyerLocalLinks: Int32Array;
  readonly perBuyerLinksWithoutValue: Int32Array;
}

export function localSupportingRate(links: PurchaseLinks, buyers: number): LocalSupportingRate {
  const m = links.buyer.length;
  if (links.local.length !== m || links.value.length !== m) {
    throw new AnalyticsInputError('shape-mismatch', 'buyer, local and value need one entry per link');
  }
  const perBuyerLocalValue = new Float64Array(buyers);
  const perBuyerTotalValue = new Float64Array(buyers);
  const perBuyerLinks = new Int32Array(buyers);
  const perBuyerLocalLinks = new Int32Array(buyers);
  const perBuyerLinksWithoutValue = new Int32Array(buyers);
  let localValue = 0;
  let totalValue = 0;
  let withoutValue = 0;
  let localLinks = 0;
  for (let k = 0; k < m; k++) {
    const b = links.buyer[k]!;
    if (!(b >= 0 && b < buyers)) {
      throw new AnalyticsInputError('shape-mismatch', `link ${k} names buyer ${b}; there are ${buyers}`, [k]);
    }
    const v = links.value[k]!;
    const isLocal = links.local[k] === 1;
    perBuyerLinks[b]!++;
    if (isLocal) {
      perBuyerLocalLinks[b]!++;
      localLinks++;
    }
    if (Number.isNaN(v)) {
      withoutValue++;
      perBuyerLinksWithoutValue[b]!++;
      continue;
    }
    if (!(v >= 0) || v === Number.POSITIVE_INFINITY) {
      throw new AnalyticsInputError(v < 0 ? 'negative-value' : 'not-a-number', `link ${k} has value ${v}`, [
        k,
      ]);
    }
    totalValue += v;
    perBuyerTotalValue[b]! += v;
    if (isLocal) {
      localValue += v;
      perBuyerLocalValue[b]! += v;
    }
  }
  const perBuyerRate = new Float64Array(buyers);
  for (let b = 0; b < buyers; b++) {
    perBuyerRate[b] =
      perBuyerTotalValue[b]! > 0 ? perBuyerLocalValue[b]! / perBuyerTotalValue[b]! : Number.NaN;
  }
  return {
    rate: totalValue > 0 ? localValue / totalValue : null,
    localValue,
    totalValue,
    links: m,
    linksWithoutValue: withoutValue,
    localLinkShare: m > 0 ? localLinks / m : null,
    perBuyerRate,
    perBuyerLocalValue,
    perBuyerTotalValue,
    perBuyerLinks,
    perBuyerLocalLinks,
    perBuyerLinksWithoutValue,
  };
}

/** The rate of one buyer, in the shape of the scope's. */
export function buyerSupportingRate(result: LocalSupportingRate, buyer: number): SupportingRate {
  const total = result.perBuyerTotalValue[buyer]!;
  const links = result.perBuyerLinks[buyer]!;
  return {
    rate: total > 0 ? result.perBuyerLocalValue[buyer]! / total : null,
    localValue: result.perBuyerLocalValue[buyer]!,
    totalValue: total,
    links,
    linksWithoutValue: result.perBuyerLinksWithoutValue[buyer]!,
    localLinkShare: links > 0 ? result.perBuyerLocalLinks[buyer]! / links : null,
  };
}
