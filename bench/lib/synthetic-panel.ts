/**
 * A generated regions × industries × years panel with the shape of real regional data, for the scale
 * benchmark: seeded (the same panel on every run), dictionary-encoded columns (a service would hand the
 * analytics codes as small integers too), and the structure that makes complexity measures meaningful:
 *
 * - region size is log-normal (a few big cities, many small counties) and so is industry size;
 * - capabilities are nested (Hidalgo & Hausmann 2009): a region of capability κ has an industry of
 *   complexity γ with a probability that falls with γ − κ and rises with the region's size, so big,
 *   capable regions are diversified and small ones have the common industries;
 * - about one cell in five holds a value in the first year (`share`);
 * - each later year, values drift with region and industry trends plus noise, 3 % of present cells close
 *   and about as many new ones open, drawn with the same probabilities.
 */

export interface SyntheticPanelOptions {
  readonly regions: number;
  readonly industries: number;
  readonly years: number;
  readonly seed?: number;
  /** Target share of cells with a value in the first year; default 0.2. */
  readonly share?: number;
}

export interface SyntheticPanel {
  readonly time: { dictionary: number[]; index: Uint8Array };
  readonly location: { dictionary: string[]; index: Uint16Array };
  readonly product: { dictionary: string[]; index: Uint16Array };
  readonly value: Float64Array;
  readonly rows: number;
}

/** Mulberry32: small, fast, and good enough to draw a benchmark's data. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function normal(random: () => number): number {
  // Box–Muller; 1 − u keeps the logarithm finite.
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

export function syntheticPanel(options: SyntheticPanelOptions): SyntheticPanel {
  const { regions, industries, years } = options;
  const random = mulberry32(options.seed ?? 20240601);
  const share = options.share ?? 0.2;
  const logSize = Float64Array.from({ length: regions }, () => 1.5 * normal(random));
  const capability = Float64Array.from(logSize, (s) => sigmoid(0.6 * s + normal(random)));
  const industrySize = Float64Array.from({ length: industries }, () => Math.exp(normal(random)));
  const complexity = Float64Array.from({ length: industries }, () => random());
  const regionTrend = Float64Array.from({ length: regions }, () => 0.05 + 0.03 * normal(random));
  const industryTrend = Float64Array.from({ length: industries }, () => 0.04 * normal(random));

  // Calibrate the offset so that the expected share of present cells is `share` (bisection on the mean).
  const logit = (r: number, i: number, offset: number) =>
    6 * (capability[r]! - complexity[i]!) + 0.8 * logSize[r]! + offset;
  let low = -20;
  let high = 20;
  for (let step = 0; step < 40; step++) {
    const mid = (low + high) / 2;
    let expected = 0;
    for (let r = 0; r < regions; r += 7)
      for (let i = 0; i < industries; i += 5) expected += sigmoid(logit(r, i, mid));
    expected /= Math.ceil(regions / 7) * Math.ceil(industries / 5);
    if (expected < share) low = mid;
    else high = mid;
  }
  const offset = (low + high) / 2;

  const cells = regions * industries;
  const current = new Float64Array(cells);
  for (let r = 0; r < regions; r++) {
    const size = Math.exp(logSize[r]!);
    for (let i = 0; i < industries; i++) {
      if (random() < sigmoid(logit(r, i, offset))) {
        current[r * industries + i] =
          Math.round(100 * size * industrySize[i]! * Math.exp(1.2 * normal(random))) + 1;
      }
    }
  }

  const chunks: { time: number; cells: Int32Array; values: Float64Array }[] = [];
  for (let year = 0; year < years; year++) {
    if (year > 0) {
      // Drift, closures and openings.
      let opened = 0;
      for (let k = 0; k < cells; k++) {
        const v = current[k]!;
        if (v === 0) continue;
        const r = Math.floor(k / industries);
        const i = k - r * industries;
        if (random() < 0.03) {
          current[k] = 0;
          opened++;
        } else {
          current[k] = Math.max(
            1,
            Math.round(v * Math.exp(regionTrend[r]! + industryTrend[i]! + 0.1 * normal(random))),
          );
        }
      }
      // As many openings as closures, at cells drawn uniformly and kept with the model's probability.
      let attempts = 0;
      while (opened > 0 && attempts < 50 * cells) {
        attempts++;
        const k = Math.floor(random() * cells);
        if (current[k] !== 0) continue;
        const r = Math.floor(k / industries);
        const i = k - r * industries;
        if (random() < sigmoid(logit(r, i, offset))) {
          current[k] =
            Math.round(10 * Math.exp(logSize[r]!) * industrySize[i]! * Math.exp(normal(random))) + 1;
          opened--;
        }
      }
    }
    let count = 0;
    for (let k = 0; k < cells; k++) if (current[k] !== 0) count++;
    const present = new Int32Array(count);
    const values = new Float64Array(count);
    let n = 0;
    for (let k = 0; k < cells; k++) {
      if (current[k] !== 0) {
        present[n] = k;
        values[n++] = current[k]!;
      }
    }
    chunks.push({ time: year, cells: present, values });
  }

  const rows = chunks.reduce((sum, c) => sum + c.cells.length, 0);
  const time = new Uint8Array(rows);
  const location = new Uint16Array(rows);
  const product = new Uint16Array(rows);
  const value = new Float64Array(rows);
  let n = 0;
  for (const chunk of chunks) {
    for (let j = 0; j < chunk.cells.length; j++) {
      const k = chunk.cells[j]!;
      time[n] = chunk.time;
      location[n] = Math.floor(k / industries);
      product[n] = k % industries;
      value[n++] = chunk.values[j]!;
    }
  }
  return {
    time: { dictionary: Array.from({ length: years }, (_, y) => 2015 + y), index: time },
    location: {
      dictionary: Array.from({ length: regions }, (_, r) => `R${String(r).padStart(4, '0')}`),
      index: location,
    },
    product: {
      dictionary: Array.from({ length: industries }, (_, i) => `I${String(i).padStart(4, '0')}`),
      index: product,
    },
    value,
    rows,
  };
}
