/**
 * The presence matrix M is binary and mostly zeros (18 % ones in world trade, fewer in regional panels).
 * Everything the relatedness and complexity measures do with it — co-occurrences, averages over a
 * location's products, density — only needs, for each location, the list of products it has. Holding
 * those lists (compressed sparse rows) turns O(locations × products × products) loops into loops over
 * the ones only, with no allocation per element.
 */
import type { PresenceMatrix } from './matrix.ts';
import {
  type OutlookFinish,
  type RowLists,
  type RowSumKernel,
  type RowSumResult,
  wasmRowSums,
} from './wasm-kernels.ts';

export interface PresenceLists {
  /** Number of locations (rows of M). */
  readonly rows: number;
  /** Number of products (columns of M). */
  readonly cols: number;
  /** Location c's products are `items[start[c]] … items[start[c + 1] - 1]`, ascending. */
  readonly start: Int32Array;
  readonly items: Int32Array;
}

export function presenceLists(m: PresenceMatrix): PresenceLists {
  const { rows, cols, data } = m;
  let count = 0;
  for (let k = 0; k < data.length; k++) count += data[k]! === 0 ? 0 : 1;
  const start = new Int32Array(rows + 1);
  const items = new Int32Array(count);
  let n = 0;
  for (let i = 0; i < rows; i++) {
    start[i] = n;
    const offset = i * cols;
    for (let j = 0; j < cols; j++) if (data[offset + j]! !== 0) items[n++] = j;
  }
  start[rows] = n;
  return { rows, cols, start, items };
}

/**
 * The same ones by column: for product p, the locations that have it are
 * `items[start[p]] … items[start[p + 1] - 1]`, ascending (compressed sparse columns).
 */
export function columnLists(lists: PresenceLists): { start: Int32Array; items: Int32Array } {
  const { rows, cols } = lists;
  const start = new Int32Array(cols + 1);
  const items = new Int32Array(lists.items.length);
  for (let k = 0; k < items.length; k++) start[lists.items[k]! + 1]!++;
  for (let p = 0; p < cols; p++) start[p + 1]! += start[p]!;
  const fill = start.slice(0, cols);
  for (let c = 0; c < rows; c++) {
    for (let k = lists.start[c]!; k < lists.start[c + 1]!; k++) items[fill[lists.items[k]!]!++] = c;
  }
  return { start, items };
}

/**
 * out[c, :] = Σ_{q ∈ products of c} source[q, :] (and, when `rowWeights` is given, also
 * weighted[c, :] = Σ_q rowWeights[q] · source[q, :]): the product of the sparse presence matrix with a
 * dense products × k matrix, which is what density and complexity outlook gain cost — most of the run time
 * of the whole complexity suite. See `rowSums`.
 */
export function sumSelectedRows(
  lists: PresenceLists,
  source: Float64Array,
  width: number,
  rowWeights?: Float64Array,
): { sums: Float64Array; weighted: Float64Array | undefined } {
  return rowSums(source, width).selected(lists, rowWeights);
}

/**
 * Sums of selected rows of `source` (row-major, `width` columns) for several lists or weights: the
 * WebAssembly SIMD kernel (wasm-kernels.ts), which copies the source in once, where the engine has one,
 * else the scalar loops below. Both give the same numbers, bit for bit.
 */
export function rowSums(
  source: Float64Array,
  width: number,
  kernel?: RowSumKernel,
): {
  selected(lists: RowLists, rowWeights?: Float64Array, finish?: OutlookFinish): RowSumResult;
  total(rowWeights?: Float64Array): RowSumResult;
} {
  // `kernel`: one already holding `source` (from the proximity kernel, see wasmProximityAndRowSums).
  const fast = kernel?.source === source ? kernel : wasmRowSums(source, width);
  return {
    selected: (lists, rowWeights, finish) =>
      fast?.selected(lists, rowWeights, finish) ??
      sumSelectedRowsScalar(lists, source, width, rowWeights, finish),
    total: (rowWeights) => {
      const answer = fast?.total(rowWeights);
      if (answer) return answer;
      const sourceRows = width > 0 ? source.length / width : 0;
      const all = { rows: 1, start: Int32Array.of(0, sourceRows), items: new Int32Array(sourceRows) };
      for (let q = 0; q < sourceRows; q++) all.items[q] = q;
      return sumSelectedRowsScalar(all, source, width, rowWeights);
    },
  };
}

/**
 * The same in scalar JavaScript, the reference the SIMD kernel reproduces. Its shape: eight source rows
 * are summed per pass over the accumulator, so each accumulator element is loaded and stored once per
 * eight rows instead of once per row (about 3× faster on V8 than the plain loop), and both sums share the
 * loads of the source rows — which is what bounds it (≈ 0.75 ns per row element for the plain sum, one
 * load each; the weighted sum adds only a third).
 */
export function sumSelectedRowsScalar(
  lists: Pick<PresenceLists, 'rows' | 'start' | 'items'>,
  source: Float64Array,
  width: number,
  rowWeights?: Float64Array,
  finish?: OutlookFinish,
): { sums: Float64Array; weighted: Float64Array | undefined; outlook?: Float64Array } {
  // Two separate loops rather than one with a branch: each stays small enough for V8 to optimize fully.
  return rowWeights
    ? sumAndWeightSelectedRows(lists, source, width, rowWeights, finish)
    : { sums: sumOnlySelectedRows(lists, source, width), weighted: undefined };
}

function sumAndWeightSelectedRows(
  lists: Pick<PresenceLists, 'rows' | 'start' | 'items'>,
  source: Float64Array,
  width: number,
  rowWeights: Float64Array,
  finish?: OutlookFinish,
): { sums: Float64Array; weighted: Float64Array; outlook?: Float64Array } {
  const { rows, start, items } = lists;
  const sums = new Float64Array(rows * width);
  const weighted = new Float64Array(rows * width);
  const outlook = finish ? new Float64Array(rows) : undefined;
  // Small accumulators reused for every location (a view per location would be slower: V8 then cannot
  // keep the arrays' bases in registers across the loop).
  const a = new Float64Array(width);
  const b = new Float64Array(width);
  for (let c = 0; c < rows; c++) {
    a.fill(0);
    b.fill(0);
    const end = start[c + 1]!;
    let k = start[c]!;
    for (; k + 8 <= end; k += 8) {
      const q0 = items[k]!;
      const q1 = items[k + 1]!;
      const q2 = items[k + 2]!;
      const q3 = items[k + 3]!;
      const q4 = items[k + 4]!;
      const q5 = items[k + 5]!;
      const q6 = items[k + 6]!;
      const q7 = items[k + 7]!;
      const r0 = q0 * width;
      const r1 = q1 * width;
      const r2 = q2 * width;
      const r3 = q3 * width;
      const r4 = q4 * width;
      const r5 = q5 * width;
      const r6 = q6 * width;
      const r7 = q7 * width;
      const w0 = rowWeights[q0]!;
      const w1 = rowWeights[q1]!;
      const w2 = rowWeights[q2]!;
      const w3 = rowWeights[q3]!;
      const w4 = rowWeights[q4]!;
      const w5 = rowWeights[q5]!;
      const w6 = rowWeights[q6]!;
      const w7 = rowWeights[q7]!;
      for (let p = 0; p < width; p++) {
        const v0 = source[r0 + p]!;
        const v1 = source[r1 + p]!;
        const v2 = source[r2 + p]!;
        const v3 = source[r3 + p]!;
        const v4 = source[r4 + p]!;
        const v5 = source[r5 + p]!;
        const v6 = source[r6 + p]!;
        const v7 = source[r7 + p]!;
        a[p]! += v0 + v1 + v2 + v3 + v4 + v5 + v6 + v7;
        b[p]! += v0 * w0 + v1 * w1 + v2 * w2 + v3 * w3 + v4 * w4 + v5 * w5 + v6 * w6 + v7 * w7;
      }
    }
    for (; k < end; k++) {
      const q = items[k]!;
      const r = q * width;
      const w = rowWeights[q]!;
      for (let p = 0; p < width; p++) {
        const v = source[r + p]!;
        a[p]! += v;
        b[p]! += v * w;
      }
    }
    if (finish && outlook) outlook[c] = finishOutlookRow(a, b, finish);
    sums.set(a, c * width);
    weighted.set(b, c * width);
  }
  return { sums, weighted, outlook };
}

/** `OutlookFinish` on one location's rows, in place, in the WebAssembly kernel's order (two lanes). */
function finishOutlookRow(a: Float64Array, b: Float64Array, finish: OutlookFinish): number {
  const { inverseRowSums, columnTotals, pci, scale } = finish;
  const width = a.length;
  let even = 0;
  let odd = 0;
  let p = 0;
  for (; p + 2 <= width; p += 2) {
    const d0 = a[p]! * inverseRowSums[p]!;
    const d1 = a[p + 1]! * inverseRowSums[p + 1]!;
    a[p] = d0;
    a[p + 1] = d1;
    even += d0 * pci[p]!;
    odd += d1 * pci[p + 1]!;
    b[p] = (columnTotals[p]! - b[p]!) * scale;
    b[p + 1] = (columnTotals[p + 1]! - b[p + 1]!) * scale;
  }
  if (p < width) {
    const d = a[p]! * inverseRowSums[p]!;
    a[p] = d;
    even += d * pci[p]!;
    b[p] = (columnTotals[p]! - b[p]!) * scale;
  }
  return even + odd;
}

function sumOnlySelectedRows(
  lists: Pick<PresenceLists, 'rows' | 'start' | 'items'>,
  source: Float64Array,
  width: number,
): Float64Array {
  const { rows, start, items } = lists;
  const sums = new Float64Array(rows * width);
  const a = new Float64Array(width);
  for (let c = 0; c < rows; c++) {
    a.fill(0);
    const end = start[c + 1]!;
    let k = start[c]!;
    for (; k + 8 <= end; k += 8) {
      const r0 = items[k]! * width;
      const r1 = items[k + 1]! * width;
      const r2 = items[k + 2]! * width;
      const r3 = items[k + 3]! * width;
      const r4 = items[k + 4]! * width;
      const r5 = items[k + 5]! * width;
      const r6 = items[k + 6]! * width;
      const r7 = items[k + 7]! * width;
      for (let p = 0; p < width; p++) {
        a[p]! +=
          source[r0 + p]! +
          source[r1 + p]! +
          source[r2 + p]! +
          source[r3 + p]! +
          source[r4 + p]! +
          source[r5 + p]! +
          source[r6 + p]! +
          source[r7 + p]!;
      }
    }
    for (; k < end; k++) {
      const r = items[k]! * width;
      for (let p = 0; p < width; p++) a[p]! += source[r + p]!;
    }
    sums.set(a, c * width);
  }
  return sums;
}
