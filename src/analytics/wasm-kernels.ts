/**
 * The two loops of the complexity suite that scalar JavaScript cannot make fast enough, as WebAssembly
 * (assembled from the instruction lists below by wasm-assembler.ts; nothing compiled elsewhere):
 *
 * - **Row sums** for density and complexity outlook gain: for each location, the sum of the proximity
 *   rows of the products it has, and the same sum weighted by PCI / Σφ — nnz(M) × products multiply-adds,
 *   twice. In f64x2 SIMD lanes, with no bounds check per load: 2–2.5× the best scalar loop (measured:
 *   world trade 19 → 8 ms; a 3,000 × 1,500 year 0.6 → 0.29 s). It adds rows in exactly the order of the
 *   scalar loop in presence-lists.ts (groups of eight rows summed left to right, then the rest one by one)
 *   and f64x2 arithmetic is IEEE double arithmetic lane by lane (no fused multiply-add), so both paths
 *   give the same numbers, bit for bit (tested in relatedness.test.ts).
 * - **Co-occurrence** C = MᵀM by population count: each product's locations as a bitset, C_pq =
 *   popcount(bits_p AND bits_q) 64 locations at a time with the native `i64.popcnt` (JavaScript has no
 *   popcount). World trade 3.7 → 0.9 ms; a 3,000 × 1,500 year 70 → 29 ms. The counts are exact integers,
 *   the same as counting over the presence lists.
 *
 * Where WebAssembly (with SIMD, Node ≥ 16.4) is missing, the functions here return undefined and the
 * callers run their scalar loops.
 *
 * Alternatives measured for the row sums before this one (scalar TypeScript; world trade / 3,000 × 1,500):
 * - delta evaluation (each location's row from a similar location's, adding and subtracting the rows of
 *   the products that differ): even the best order, a minimum spanning tree over the Hamming distances of
 *   the presence sets, needs 93 % / 98 % of the row additions — RCA presence sets are not that alike;
 * - method of four Russians (sums of product subsets, blocks of 4–12 products, shared between locations):
 *   at best 67 % / 53 % of the row additions, but each shared sum needs its own weighted copy, so the
 *   loads — what the scalar loop is bound by — do not fall;
 * - column tiles for the cache (64–512 columns), 4 or 16 rows a pass, pre-scaled or interleaved weighted
 *   rows: the same speed or slower.
 */
import {
  assembleModule,
  compileModule,
  F64,
  I32,
  I64,
  instantiate,
  op,
  V128,
  type WasmFunction,
  type WasmMemory,
  type WasmModule,
} from './wasm-assembler.ts';

/**
 * What complexity outlook does with a location's two sums before they are stored (see densityAndOutlook):
 * density = sums · inverseRowSums, COG before its complement = (columnTotals − weighted) · scale, and
 * outlook = Σ_p density_p · pci_p, added up as two interleaved partial sums (even and odd p, then
 * even + odd), the order of two SIMD lanes. Done while the row is in cache, not as another pass.
 */
export interface OutlookFinish {
  readonly inverseRowSums: Float64Array;
  readonly columnTotals: Float64Array;
  readonly pci: Float64Array;
  readonly scale: number;
}

/** Per location (or, from `total`, one row over all sources): the sums, the weighted sums, the outlook. */
export interface RowSumResult {
  sums: Float64Array;
  weighted: Float64Array | undefined;
  outlook?: Float64Array;
}

/** The lists a row-sum kernel reads: location c's rows are items[start[c]] … items[start[c + 1] − 1]. */
export interface RowLists {
  readonly rows: number;
  readonly start: Int32Array;
  readonly items: Int32Array;
}

/**
 * Sums of selected rows of one dense source matrix; see `wasmRowSums` and presence-lists.ts. A call answers
 * undefined when the kernel cannot take it (its memory would pass 2 GB); the scalar loop then runs.
 */
export interface RowSumKernel {
  /** The matrix whose rows it sums (a kernel is only ever used with this very array). */
  readonly source: Float64Array;
  /**
   * sums[c, :] = Σ_{q ∈ items of c} source[q, :]; weighted[c, :] the same with rowWeights[q] · source[q, :].
   * With `finish` (and weights), both are finished in place and `outlook` holds each location's sum.
   */
  selected(lists: RowLists, rowWeights?: Float64Array, finish?: OutlookFinish): RowSumResult | undefined;
  /** The same over every row of the source (column totals), in the same order of additions. */
  total(rowWeights?: Float64Array): RowSumResult | undefined;
}

/**
 * The row-sum kernel on `source` (row-major, `width` columns), or undefined without WebAssembly SIMD.
 * `preloaded` (from wasmProximityAndRowSums only): the kept memory already holds `source` in the kernel's
 * layout, written there by the proximity kernel, so the first call need not copy it in.
 */
export function wasmRowSums(
  source: Float64Array,
  width: number,
  preloaded = false,
): RowSumKernel | undefined {
  if (!kernels()) return undefined;
  const sourceRows = width > 0 ? source.length / width : 0;
  // Rows padded to an even count of doubles, so every row starts on a 16-byte boundary and ends on a
  // whole f64x2; the padding column is zero and its sums are never read.
  const stride = (width + 1) & ~1;
  const rowBytes = stride * 8;
  const weightsAt = sourceRows * rowBytes;
  const sumsAt = weightsAt + align16(sourceRows * 8);
  const weightedAt = sumsAt + rowBytes;
  const inverseAt = weightedAt + rowBytes;
  const totalsAt = inverseAt + rowBytes;
  const pciAt = totalsAt + rowBytes;
  const itemsAt = pciAt + rowBytes;
  const owner = {};
  if (preloaded) holder = owner;
  // The source is copied in once and stays while no other kernel call has used the memory.
  const load = (itemCount: number): Workspace | undefined => {
    const reused = holder === owner;
    const ws = workspace(itemsAt + itemCount * 4);
    if (!ws || (reused && ws === kept)) return ws;
    const doubles = new Float64Array(ws.memory.buffer);
    if (stride === width) {
      doubles.set(source);
    } else {
      for (let q = 0; q < sourceRows; q++) {
        doubles.set(source.subarray(q * width, (q + 1) * width), q * stride);
        doubles[q * stride + width] = 0;
      }
    }
    holder = ws === kept ? owner : undefined;
    return ws;
  };
  /** A row of `stride` doubles at `at`: the values, then zero padding. */
  const putRow = (doubles: Float64Array, at: number, values: Float64Array) => {
    doubles.set(values.subarray(0, width), at / 8);
    doubles.fill(0, at / 8 + width, at / 8 + stride);
  };
  const run = (
    rows: number,
    start: Int32Array,
    items: Int32Array,
    rowWeights: Float64Array | undefined,
    finish?: OutlookFinish,
  ): { sums: Float64Array; weighted: Float64Array | undefined; outlook?: Float64Array } | undefined => {
    const ws = rows > 0 && width > 0 ? load(items.length) : undefined;
    if (!ws && rows > 0 && width > 0) return undefined;
    const sums = new Float64Array(rows * width);
    const weighted = rowWeights ? new Float64Array(rows * width) : undefined;
    const outlook = finish ? new Float64Array(rows) : undefined;
    if (!ws) return { sums, weighted, outlook };
    const { memory, exports } = ws;
    const doubles = new Float64Array(memory.buffer);
    new Int32Array(memory.buffer, itemsAt, items.length).set(items);
    const sumRow = doubles.subarray(sumsAt / 8, sumsAt / 8 + width);
    if (rowWeights && weighted) {
      doubles.set(rowWeights.subarray(0, sourceRows), weightsAt / 8);
      const weightedRow = doubles.subarray(weightedAt / 8, weightedAt / 8 + width);
      if (finish) {
        putRow(doubles, inverseAt, finish.inverseRowSums);
        putRow(doubles, totalsAt, finish.columnTotals);
        putRow(doubles, pciAt, finish.pci);
      }
      for (let c = 0; c < rows; c++) {
        const from = start[c]!;
        const count = start[c + 1]! - from;
        exports.sumAndWeightRows(itemsAt + from * 4, count, 0, rowBytes, weightsAt, sumsAt, weightedAt);
        if (finish && outlook) {
          outlook[c] = exports.finishOutlook(
            sumsAt,
            weightedAt,
            rowBytes,
            inverseAt,
            totalsAt,
            pciAt,
            finish.scale,
          );
        }
        sums.set(sumRow, c * width);
        weighted.set(weightedRow, c * width);
      }
    } else {
      for (let c = 0; c < rows; c++) {
        const from = start[c]!;
        exports.sumRows(itemsAt + from * 4, start[c + 1]! - from, 0, rowBytes, sumsAt);
        sums.set(sumRow, c * width);
      }
    }
    return { sums, weighted, outlook };
  };
  return {
    source,
    selected: (lists, rowWeights, finish) => run(lists.rows, lists.start, lists.items, rowWeights, finish),
    total: (rowWeights) => {
      if (sourceRows === 0 || width === 0)
        return { sums: new Float64Array(width), weighted: rowWeights && new Float64Array(width) };
      const all = new Int32Array(sourceRows);
      for (let q = 0; q < sourceRows; q++) all[q] = q;
      return run(1, Int32Array.of(0, sourceRows), all, rowWeights);
    },
  };
}

/**
 * C = MᵀM by population count, or undefined without WebAssembly. Calls `visit(p, row)` for each product
 * p in order with row[q] = C_pq for q ≥ p (entries below p are not set), as `coOccurrenceRows` does; the
 * row is a view into the kernel's memory, valid during the call only (`visit` must not run a kernel).
 */
export function wasmCoOccurrenceRows(
  lists: ListsWithShape,
  visit: (p: number, row: Int32Array) => void,
): boolean {
  if (!kernels()) return false;
  const n = lists.cols;
  const loaded = loadBitsets(lists, n * n * 4);
  if (!loaded) return false;
  const { words, countsAt, memory, exports } = loaded;
  pairCount(exports, 'coOccurrence', words)(0, words, n, countsAt);
  const counts = new Int32Array(memory.buffer, countsAt, n * n);
  for (let p = 0; p < n; p++) visit(p, counts.subarray(p * n, (p + 1) * n));
  return true;
}

/**
 * Discrete proximity (see productProximity) from population counts, or undefined without WebAssembly:
 * the n × n matrix with its diagonal 1, each pair's division done once and written to both halves.
 */
export function wasmProximity(
  lists: ListsWithShape,
  ubiquity: Float64Array,
  asymmetric: boolean,
): Float64Array | undefined {
  return wasmProximityAndRowSums(lists, ubiquity, asymmetric)?.proximity;
}

/**
 * The same, and the row-sum kernel on it (density and outlook next, see densityAndOutlook): the proximity
 * is written where and as that kernel reads its source (rows padded to whole f64x2, at address 0), so the
 * 4.9 MB of world trade's proximity are copied out once for the caller and not copied back in. The kernel
 * still copies the returned array in if another kernel call used the memory in between.
 */
export function wasmProximityAndRowSums(
  lists: ListsWithShape,
  ubiquity: Float64Array,
  asymmetric: boolean,
): { proximity: Float64Array; rowSums: RowSumKernel } | undefined {
  if (!kernels()) return undefined;
  const n = lists.cols;
  const stride = (n + 1) & ~1;
  const proximityBytes = align16(n * stride * 8);
  const ubiquityBytes = align16(n * 8);
  const loaded = loadBitsets(lists, ubiquityBytes, proximityBytes);
  if (!loaded) return undefined;
  const { words, countsAt, memory, exports } = loaded;
  new Float64Array(memory.buffer, countsAt, n).set(ubiquity);
  pairCount(exports, asymmetric ? 'asymmetricProximity' : 'symmetricProximity', words)(
    proximityBytes,
    words,
    n,
    0,
    countsAt,
    stride,
  );
  const doubles = new Float64Array(memory.buffer, 0, n * stride);
  const proximity = new Float64Array(n * n);
  if (stride === n) {
    proximity.set(doubles);
  } else {
    for (let p = 0; p < n; p++) {
      proximity.set(doubles.subarray(p * stride, p * stride + n), p * n);
      // The padding column the row-sum kernel reads must be zero.
      doubles[p * stride + n] = 0;
    }
  }
  const rowSums = wasmRowSums(proximity, n, memory === kept?.memory);
  return rowSums && { proximity, rowSums };
}

type ListsWithShape = {
  readonly rows: number;
  readonly cols: number;
  readonly start: Int32Array;
  readonly items: Int32Array;
};

/**
 * Each product's locations as a bitset at address `before` (`words` 64-bit words each, an even count for
 * the two-words-a-step loop), in a workspace with `extraBytes` more after them, from `countsAt`.
 */
function loadBitsets(
  lists: ListsWithShape,
  extraBytes: number,
  before = 0,
): ({ words: number; countsAt: number } & Workspace) | undefined {
  const { rows, cols: n, start, items } = lists;
  const words = Math.ceil(rows / 128) * 2;
  const countsAt = before + align16(n * words * 8);
  const ws = workspace(countsAt + extraBytes);
  if (!ws) return undefined;
  holder = undefined;
  const bits = new Int32Array(ws.memory.buffer, before, n * words * 2);
  bits.fill(0);
  // Little-endian: bit c of a product's bitset is bit (c mod 32) of its 32-bit word c / 32.
  const perProduct = words * 2;
  for (let c = 0; c < rows; c++) {
    const word = c >>> 5;
    const bit = 1 << (c & 31);
    for (let k = start[c]!; k < start[c + 1]!; k++) bits[items[k]! * perProduct + word]! |= bit;
  }
  return { words, countsAt, ...ws };
}

/**
 * Whether co-occurrence by population count costs less than counting over the lists: n²/2 pairs × one
 * 64-location word each (≈ 0.55 ns a word, measured) against Σ_c d_c²/2 increments (≈ 1.5 ns each). The
 * count wins on dense or small matrices (world trade by 4×); a very sparse, very long one keeps the lists.
 */
export function popcountPays(lists: {
  readonly rows: number;
  readonly cols: number;
  readonly start: Int32Array;
}): boolean {
  const { rows, cols, start } = lists;
  let increments = 0;
  for (let c = 0; c < rows; c++) {
    const d = start[c + 1]! - start[c]!;
    increments += d * d;
  }
  return cols * cols * Math.ceil(rows / 64) <= 2.7 * increments;
}

const align16 = (bytes: number) => (bytes + 15) & ~15;

/**
 * Bitset lengths (64-bit words per product: up to 128, 256, 384, 512 locations) with their own pair-count
 * functions, whose inner loop is unrolled with the first product's words held in locals: world trade's
 * `wasmProximity` 2.4 → 2.0 ms (fastest of 50 runs, with the copy out). Longer bitsets take the looping
 * functions.
 */
const FIXED_WORDS = [2, 4, 6, 8] as const;

type PairCount = (bits: number, words: number, products: number, out: number, ...rest: number[]) => void;

/** The pair-count function for `words`-word bitsets: the unrolled one when there is one. */
function pairCount(
  exports: KernelExports,
  mode: 'coOccurrence' | 'symmetricProximity' | 'asymmetricProximity',
  words: number,
): PairCount {
  const fixed = (exports as unknown as Record<string, PairCount | undefined>)[`${mode}${words}`];
  return fixed ?? (exports[mode] as PairCount);
}

interface KernelExports {
  sumAndWeightRows(
    list: number,
    count: number,
    source: number,
    rowBytes: number,
    weights: number,
    sums: number,
    weighted: number,
  ): void;
  sumRows(list: number, count: number, source: number, rowBytes: number, sums: number): void;
  finishOutlook(
    sums: number,
    weighted: number,
    rowBytes: number,
    inverse: number,
    totals: number,
    pci: number,
    scale: number,
  ): number;
  coOccurrence(bits: number, words: number, products: number, counts: number): void;
  symmetricProximity(
    bits: number,
    words: number,
    products: number,
    out: number,
    ubiquity: number,
    stride: number,
  ): void;
  asymmetricProximity(
    bits: number,
    words: number,
    products: number,
    out: number,
    ubiquity: number,
    stride: number,
  ): void;
}

interface Workspace {
  readonly memory: WasmMemory;
  readonly exports: KernelExports;
}

let compiled: WasmModule | null | undefined;

function kernels(): WasmModule | undefined {
  if (compiled === undefined) {
    compiled =
      compileModule(
        assembleModule([
          { name: 'sumAndWeightRows', ...rowSumsFunction(true) },
          { name: 'sumRows', ...rowSumsFunction(false) },
          { name: 'finishOutlook', ...finishOutlookFunction() },
          { name: 'coOccurrence', ...pairCountFunction('counts') },
          { name: 'symmetricProximity', ...pairCountFunction('symmetric') },
          { name: 'asymmetricProximity', ...pairCountFunction('asymmetric') },
          ...FIXED_WORDS.flatMap((words) => [
            { name: `coOccurrence${words}`, ...pairCountFunction('counts', words) },
            { name: `symmetricProximity${words}`, ...pairCountFunction('symmetric', words) },
            { name: `asymmetricProximity${words}`, ...pairCountFunction('asymmetric', words) },
          ]),
        ]),
      ) ?? null;
  }
  return compiled ?? undefined;
}

/** Whether this engine runs the WebAssembly kernels (else the scalar loops run). */
export function wasmKernelsAvailable(): boolean {
  return kernels() !== undefined;
}

/**
 * One memory per thread, kept for the next call (a suite calls the kernels once or twice per period;
 * reusing the pages saves faulting in the proximity's megabytes every time) unless it would be bigger
 * than KEEP_AT_MOST. Growing keeps the contents; every call takes fresh views (growing detaches them).
 * `holder` says whose source the memory holds, so that a row-sum kernel knows when to copy it in again.
 */
const KEEP_AT_MOST = 256 * 1024 * 1024;
const LARGEST = 2 ** 31;
let kept: Workspace | undefined;
let holder: object | undefined;

function workspace(bytes: number): Workspace | undefined {
  if (kept && kept.memory.buffer.byteLength >= bytes) return kept;
  // Addresses are 32-bit; past 2 GB (a proximity of 16,000 products) the scalar loops take over, as they
  // do when the engine cannot give the memory.
  if (bytes > LARGEST) return undefined;
  try {
    if (bytes > KEEP_AT_MOST) return instantiate<KernelExports>(kernels()!, bytes);
    if (kept) {
      kept.memory.grow(Math.ceil((bytes - kept.memory.buffer.byteLength) / 65536));
      return kept;
    }
    kept = instantiate<KernelExports>(kernels()!, bytes);
    return kept;
  } catch {
    return undefined;
  }
}

/**
 * One location's sums, the loop of `sumAndWeightSelectedRows` in presence-lists.ts in f64x2 lanes:
 *
 *   sums[0 .. rowBytes) = 0 (and weighted)
 *   for each group of 8 products q0..q7 of the list, then each remaining product alone:
 *     for each pair of columns p:
 *       sums[p] += ((source[q0, p] + source[q1, p]) + …) + source[q7, p]
 *       weighted[p] += ((source[q0, p]·w[q0] + source[q1, p]·w[q1]) + …) + source[q7, p]·w[q7]
 *
 * Parameters (byte addresses; `list` holds i32 product indices): list, count, source, rowBytes, then
 * weights, sums, weighted — or, without weights, sums only.
 */
function rowSumsFunction(withWeights: boolean): Omit<WasmFunction, 'name'> {
  const group = 8;
  const [list, count, source, rowBytes, weights] = [0, 1, 2, 3, 4];
  const sums = withWeights ? 5 : 4;
  const weighted = 6;
  const params = withWeights ? 7 : 5;
  // i32 locals: k (position in the list), p (byte offset in a row), row[i] (address of row i of a group);
  // v128 locals: w[i] (weight of row i in both lanes), v[i] (two columns of row i).
  const k = params;
  const p = params + 1;
  const row = (i: number) => params + 2 + i;
  const w = (i: number) => params + 2 + group + i;
  const v = (i: number) => params + 2 + 2 * group + i;
  const code: number[] = [];
  const emit = (...parts: number[][]) => {
    for (const part of parts) code.push(...part);
  };
  const nextColumnPair = () =>
    emit(op.get(p), op.i32Const(16), op.i32Add, op.tee(p), op.get(rowBytes), op.i32LtU, op.brIf(0), op.end);
  emit(op.i32Const(0), op.set(p), op.loop);
  emit(op.get(sums), op.get(p), op.i32Add, op.v128Zero, op.v128Store());
  if (withWeights) emit(op.get(weighted), op.get(p), op.i32Add, op.v128Zero, op.v128Store());
  nextColumnPair();
  emit(op.i32Const(0), op.set(k));
  // Rows in groups of `size` while at least `size` remain.
  const rowsInGroupsOf = (size: number) => {
    emit(op.block, op.loop);
    emit(op.get(k), op.i32Const(size), op.i32Add, op.get(count), op.i32GtU, op.brIf(1));
    for (let i = 0; i < size; i++) {
      // q = list[k + i]; w[i] = splat(weights[q]); row[i] = source + q · rowBytes
      emit(op.get(list), op.get(k), op.i32Const(2), op.i32Shl, op.i32Add, op.i32Load(4 * i), op.tee(row(i)));
      if (withWeights) {
        emit(
          op.i32Const(3),
          op.i32Shl,
          op.get(weights),
          op.i32Add,
          op.f64Load(),
          op.f64x2Splat,
          op.set(w(i)),
        );
        emit(op.get(row(i)));
      }
      emit(op.get(rowBytes), op.i32Mul, op.get(source), op.i32Add, op.set(row(i)));
    }
    emit(op.i32Const(0), op.set(p), op.loop);
    for (let i = 0; i < size; i++) emit(op.get(row(i)), op.get(p), op.i32Add, op.v128Load(), op.set(v(i)));
    emit(op.get(sums), op.get(p), op.i32Add, op.get(sums), op.get(p), op.i32Add, op.v128Load(), op.get(v(0)));
    for (let i = 1; i < size; i++) emit(op.get(v(i)), op.f64x2Add);
    emit(op.f64x2Add, op.v128Store());
    if (withWeights) {
      emit(op.get(weighted), op.get(p), op.i32Add, op.get(weighted), op.get(p), op.i32Add, op.v128Load());
      emit(op.get(v(0)), op.get(w(0)), op.f64x2Mul);
      for (let i = 1; i < size; i++) emit(op.get(v(i)), op.get(w(i)), op.f64x2Mul, op.f64x2Add);
      emit(op.f64x2Add, op.v128Store());
    }
    nextColumnPair();
    emit(op.get(k), op.i32Const(size), op.i32Add, op.set(k), op.br(0), op.end, op.end);
  };
  rowsInGroupsOf(group);
  rowsInGroupsOf(1);
  return {
    params: new Array<number>(params).fill(I32),
    locals: [
      [2 + group, I32],
      [2 * group, V128],
    ],
    code,
  };
}

/**
 * `OutlookFinish` on one location's rows, in f64x2 lanes; returns the outlook sum (lane 0 + lane 1).
 * Parameters: sums, weighted, rowBytes, inverse, totals, pci (byte addresses of rows), scale (f64).
 */
function finishOutlookFunction(): Omit<WasmFunction, 'name'> {
  const [sums, weighted, rowBytes, inverse, totals, pci, scale] = [0, 1, 2, 3, 4, 5, 6];
  const [p, outlook, density, scales] = [7, 8, 9, 10];
  const code: number[] = [];
  const emit = (...parts: number[][]) => {
    for (const part of parts) code.push(...part);
  };
  const at = (row: number) => emit(op.get(row), op.get(p), op.i32Add);
  emit(op.get(scale), op.f64x2Splat, op.set(scales), op.v128Zero, op.set(outlook), op.i32Const(0), op.set(p));
  emit(op.loop);
  // density = sums · inverse, stored; outlook += density · pci
  at(sums);
  at(sums);
  emit(op.v128Load());
  at(inverse);
  emit(op.v128Load(), op.f64x2Mul, op.tee(density), op.v128Store());
  emit(op.get(outlook), op.get(density));
  at(pci);
  emit(op.v128Load(), op.f64x2Mul, op.f64x2Add, op.set(outlook));
  // weighted = (totals − weighted) · scale
  at(weighted);
  at(totals);
  emit(op.v128Load());
  at(weighted);
  emit(op.v128Load(), op.f64x2Sub, op.get(scales), op.f64x2Mul, op.v128Store());
  emit(op.get(p), op.i32Const(16), op.i32Add, op.tee(p), op.get(rowBytes), op.i32LtU, op.brIf(0), op.end);
  emit(op.get(outlook), op.f64x2ExtractLane(0), op.get(outlook), op.f64x2ExtractLane(1), op.f64Add);
  return {
    params: [I32, I32, I32, I32, I32, I32, F64],
    results: [F64],
    locals: [
      [1, I32],
      [3, V128],
    ],
    code,
  };
}

/**
 * The population-count loops over all pairs q ≥ p of products (`bits`: n rows of `words` 64-bit words,
 * `words` even; two words a step):
 * - `counts`: counts[p · n + q] = C_pq = Σ_words popcount(bits[p, word] AND bits[q, word]) (i32);
 * - `symmetric`: proximity φ_pq = φ_qp = C_pq / max(u_p, u_q), 0 where that maximum is 0, diagonal 1;
 * - `asymmetric`: φ_pq = C_pq / u_p and φ_qp = C_pq / u_q (0 where u is 0), diagonal 1;
 * the same divisions as productProximity's scalar loop, so the same doubles (f64). u is the ubiquity
 * (f64 at `ubiquity`). Parameters: bits, words, n, out, then, for the two proximities, ubiquity and the
 * output's row length in elements (n, or n + 1 to pad rows to whole f64x2 for the row-sum kernel).
 */
function pairCountFunction(
  mode: 'counts' | 'symmetric' | 'asymmetric',
  fixedWords?: number,
): Omit<WasmFunction, 'name'> {
  const [bits, words, n, out, ubiquity] = [0, 1, 2, 3, 4];
  const params = mode === 'counts' ? 4 : 6;
  // Output row length in elements: n for the counts, a parameter (n or n + 1) for the proximities.
  const stride = mode === 'counts' ? n : 5;
  const [p, q, rowP, rowQ, offset, rowBytes] = [0, 1, 2, 3, 4, 5].map((i) => params + i) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const total = params + 6;
  const [count, up, uq, larger] = [0, 1, 2, 3].map((i) => params + 7 + i) as [number, number, number, number];
  const pWord = (i: number) => params + 11 + i;
  const code: number[] = [];
  const emit = (...parts: number[][]) => {
    for (const part of parts) code.push(...part);
  };
  /** Pushes the byte address of element (i, j) of the n × n output with `size`-byte elements. */
  const element = (i: number, j: number, log2Size: number) =>
    emit(
      op.get(out),
      op.get(i),
      op.get(stride),
      op.i32Mul,
      op.get(j),
      op.i32Add,
      op.i32Const(log2Size),
      op.i32Shl,
      op.i32Add,
    );
  /** Pushes ratio / denominator, or 0 where the denominator is not positive. */
  const ratioOrZero = (denominator: number) =>
    emit(
      op.get(count),
      op.get(denominator),
      op.f64Div,
      op.f64Const(0),
      op.get(denominator),
      op.f64Const(0),
      op.f64Gt,
      op.select,
    );
  emit(op.get(words), op.i32Const(3), op.i32Shl, op.set(rowBytes));
  // for p in 0 .. n
  emit(op.i32Const(0), op.set(p), op.block, op.loop, op.get(p), op.get(n), op.i32GeU, op.brIf(1));
  emit(op.get(bits), op.get(p), op.get(rowBytes), op.i32Mul, op.i32Add, op.set(rowP));
  for (let i = 0; i < (fixedWords ?? 0); i++) emit(op.get(rowP), op.i64Load(8 * i), op.set(pWord(i)));
  if (mode !== 'counts') {
    emit(op.get(ubiquity), op.get(p), op.i32Const(3), op.i32Shl, op.i32Add, op.f64Load(), op.set(up));
    element(p, p, 3);
    emit(op.f64Const(1), op.f64Store());
  }
  // for q in p .. n (the diagonal is a count too), or p + 1 .. n
  emit(op.get(p), ...(mode === 'counts' ? [] : [op.i32Const(1), op.i32Add]), op.set(q));
  emit(op.block, op.loop, op.get(q), op.get(n), op.i32GeU, op.brIf(1));
  emit(op.get(bits), op.get(q), op.get(rowBytes), op.i32Mul, op.i32Add, op.set(rowQ));
  emit(op.i64Zero, op.set(total), op.i32Const(0), op.set(offset));
  if (fixedWords !== undefined) {
    // total = Σ_i popcount(pWord[i] AND q's word i), p's words held in locals, no loop.
    for (let i = 0; i < fixedWords; i++) {
      emit(op.get(pWord(i)), op.get(rowQ), op.i64Load(8 * i), op.i64And, op.i64Popcnt);
      if (i > 0) emit(op.i64Add);
    }
    emit(op.set(total));
  }
  // for offset in 0 .. rowBytes step 16
  if (fixedWords === undefined)
    emit(op.block, op.loop, op.get(offset), op.get(rowBytes), op.i32GeU, op.brIf(1));
  for (const at of fixedWords === undefined ? [0, 8] : []) {
    emit(op.get(total), op.get(rowP), op.get(offset), op.i32Add, op.i64Load(at));
    emit(
      op.get(rowQ),
      op.get(offset),
      op.i32Add,
      op.i64Load(at),
      op.i64And,
      op.i64Popcnt,
      op.i64Add,
      op.set(total),
    );
  }
  if (fixedWords === undefined) {
    emit(op.get(offset), op.i32Const(16), op.i32Add, op.set(offset), op.br(0), op.end, op.end);
  }
  if (mode === 'counts') {
    element(p, q, 2);
    emit(op.get(total), op.i32WrapI64, op.i32Store());
  } else {
    emit(op.get(total), op.f64ConvertI64U, op.set(count));
    emit(op.get(ubiquity), op.get(q), op.i32Const(3), op.i32Shl, op.i32Add, op.f64Load(), op.set(uq));
    if (mode === 'symmetric') {
      emit(op.get(up), op.get(uq), op.f64Max, op.set(larger));
      element(p, q, 3);
      ratioOrZero(larger);
      emit(op.tee(count), op.f64Store());
      element(q, p, 3);
      emit(op.get(count), op.f64Store());
    } else {
      element(p, q, 3);
      ratioOrZero(up);
      emit(op.f64Store());
      element(q, p, 3);
      ratioOrZero(uq);
      emit(op.f64Store());
    }
  }
  emit(op.get(q), op.i32Const(1), op.i32Add, op.set(q), op.br(0), op.end, op.end);
  emit(op.get(p), op.i32Const(1), op.i32Add, op.set(p), op.br(0), op.end, op.end);
  return {
    params: new Array<number>(params).fill(I32),
    locals: [
      [6, I32],
      [1, I64],
      [4, F64],
      [fixedWords ?? 0, I64],
    ],
    code,
  };
}
