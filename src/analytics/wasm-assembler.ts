/**
 * A WebAssembly assembler just big enough for the kernels in wasm-kernels.ts: the binary format of the
 * core specification 2.0 (§5: LEB128 integers, sections, function bodies) and the instructions those
 * kernels use, each written out as its opcode bytes. Kernels are built from readable TypeScript at load
 * time, so no compiler output is committed and nothing outside this repository is needed to rebuild them.
 */

/** Value types (§5.3.1). */
export const I32 = 0x7f;
export const I64 = 0x7e;
export const F64 = 0x7c;
export const V128 = 0x7b;

export function unsignedLeb(value: number): number[] {
  const out: number[] = [];
  let rest = value >>> 0;
  do {
    let byte = rest & 0x7f;
    rest >>>= 7;
    if (rest !== 0) byte |= 0x80;
    out.push(byte);
  } while (rest !== 0);
  return out;
}

export function signedLeb(value: number): number[] {
  const out: number[] = [];
  let rest = value | 0;
  for (;;) {
    const byte = rest & 0x7f;
    rest >>= 7;
    if ((rest === 0 && (byte & 0x40) === 0) || (rest === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}

const vector = (entries: number[][]): number[] => [...unsignedLeb(entries.length), ...entries.flat()];
const section = (id: number, body: number[]): number[] => [id, ...unsignedLeb(body.length), ...body];
const name = (text: string): number[] => vector([...text].map((ch) => [ch.charCodeAt(0)]));
/** Memory arguments: log2 of the alignment, then the constant offset. */
const memarg = (alignLog2: number, offset: number) => [alignLog2, ...unsignedLeb(offset)];
const simd = (code: number) => [0xfd, ...unsignedLeb(code)];

/** The instructions, each as its bytes (§5.4; SIMD opcodes of the fixed-width SIMD proposal, prefix 0xFD). */
export const op = {
  get: (local: number) => [0x20, ...unsignedLeb(local)],
  set: (local: number) => [0x21, ...unsignedLeb(local)],
  tee: (local: number) => [0x22, ...unsignedLeb(local)],
  block: [0x02, 0x40],
  loop: [0x03, 0x40],
  end: [0x0b],
  br: (depth: number) => [0x0c, ...unsignedLeb(depth)],
  brIf: (depth: number) => [0x0d, ...unsignedLeb(depth)],
  i32Const: (value: number) => [0x41, ...signedLeb(value)],
  i64Zero: [0x42, 0],
  i32Add: [0x6a],
  i32Sub: [0x6b],
  i32Mul: [0x6c],
  i32Shl: [0x74],
  i32LtU: [0x49],
  i32GtU: [0x4b],
  i32GeU: [0x4f],
  i64And: [0x83],
  i64Add: [0x7c],
  i64Popcnt: [0x7b],
  i32WrapI64: [0xa7],
  f64Const: (value: number) => {
    const bytes = new DataView(new ArrayBuffer(8));
    bytes.setFloat64(0, value, true);
    return [0x44, ...new Uint8Array(bytes.buffer)];
  },
  f64ConvertI64U: [0xba],
  f64Div: [0xa3],
  f64Max: [0xa5],
  f64Gt: [0x64],
  select: [0x1b],
  i32Load: (offset = 0) => [0x28, ...memarg(2, offset)],
  i64Load: (offset = 0) => [0x29, ...memarg(3, offset)],
  f64Load: (offset = 0) => [0x2b, ...memarg(3, offset)],
  i32Store: (offset = 0) => [0x36, ...memarg(2, offset)],
  f64Store: (offset = 0) => [0x39, ...memarg(3, offset)],
  v128Load: (offset = 0) => [...simd(0x00), ...memarg(4, offset)],
  v128Store: (offset = 0) => [...simd(0x0b), ...memarg(4, offset)],
  v128Zero: [...simd(0x0c), ...new Array<number>(16).fill(0)],
  f64x2Splat: simd(0x14),
  f64x2Add: simd(0xf0),
  f64x2Sub: simd(0xf1),
  f64x2Mul: simd(0xf2),
  f64x2ExtractLane: (lane: number) => [...simd(0x21), lane],
  f64Add: [0xa0],
};

/** A function: its parameter and result types, its locals as (count, type) runs, and its code. */
export interface WasmFunction {
  readonly name: string;
  readonly params: readonly number[];
  readonly results?: readonly number[];
  readonly locals: readonly (readonly [count: number, type: number])[];
  readonly code: readonly number[];
}

/** A module importing one memory as env.memory and exporting the functions by name. */
export function assembleModule(functions: readonly WasmFunction[]): Uint8Array {
  const types = functions.map((f) => [
    0x60,
    ...vector(f.params.map((t) => [t])),
    ...vector((f.results ?? []).map((t) => [t])),
  ]);
  const bodies = functions.map((f) => {
    const body = [
      ...vector(f.locals.map(([count, type]) => [...unsignedLeb(count), type])),
      ...f.code,
      ...op.end,
    ];
    return [...unsignedLeb(body.length), ...body];
  });
  return Uint8Array.from([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, vector(types)),
    ...section(2, vector([[...name('env'), ...name('memory'), 0x02, 0x00, 0x01]])),
    ...section(3, vector(functions.map((_, i) => unsignedLeb(i)))),
    ...section(7, vector(functions.map((f, i) => [...name(f.name), 0x00, ...unsignedLeb(i)]))),
    ...section(10, vector(bodies)),
  ]);
}

/**
 * The part of the WebAssembly JavaScript API used here, declared locally: the project's TypeScript
 * libraries (ES2023 and Node's types, no DOM) do not describe it.
 */
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
export type WasmModule = object;
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => WasmModule;
  Memory: new (descriptor: { initial: number }) => WasmMemory;
  Instance: new (module: WasmModule, imports: object) => { readonly exports: unknown };
}

const api = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;

/** The compiled module, or undefined when this engine has no WebAssembly or rejects the code. */
export function compileModule(bytes: Uint8Array): WasmModule | undefined {
  try {
    return api?.validate(bytes) ? new api.Module(bytes) : undefined;
  } catch {
    return undefined;
  }
}

/** A fresh memory of `bytes` (rounded up to 64 KiB pages) and the module instantiated on it. */
export function instantiate<Exports>(
  module: WasmModule,
  bytes: number,
): { memory: WasmMemory; exports: Exports } {
  const wasm = api as WasmApi;
  const memory = new wasm.Memory({ initial: Math.max(1, Math.ceil(bytes / 65536)) });
  const instance = new wasm.Instance(module, { env: { memory } });
  return { memory, exports: instance.exports as Exports };
}
