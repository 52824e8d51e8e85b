/**
 * One thread of the scale benchmark: receives one year's long rows (dictionary-encoded columns,
 * transferred, not copied), runs the whole suite on them with `ecomplexity()` — matrices, RCA,
 * presence, ECI/PCI, proximity, density, COI, COG — and answers with a summary, so that the year's
 * several hundred MB of output never cross threads.
 */
import { parentPort } from 'node:worker_threads';
import { ecomplexity } from '../../src/analytics/index.ts';

export interface YearTask {
  readonly time: string;
  readonly locationCodes: readonly string[];
  readonly productCodes: readonly string[];
  readonly location: Uint16Array;
  readonly product: Uint16Array;
  readonly value: Float64Array;
}

export interface YearSummary {
  readonly time: string;
  readonly rows: number;
  readonly locations: number;
  readonly products: number;
  /** Share of cells with M = 1. */
  readonly presence: number;
  /** ECI of the first and last location, to show the numbers are there. */
  readonly eciRange: [number, number];
  /** Count of NaN or infinite values over every output column (must be 0). */
  readonly nonFinite: number;
  readonly omitted: number;
  readonly milliseconds: number;
}

parentPort?.on('message', (task: YearTask) => {
  const start = performance.now();
  const result = ecomplexity({
    time: task.time,
    location: { dictionary: task.locationCodes, index: task.location },
    product: { dictionary: task.productCodes, index: task.product },
    value: task.value,
  });
  const period = result.periods[0]!;
  let ones = 0;
  for (const v of period.mcp.data) ones += v;
  let nonFinite = 0;
  for (const array of [
    period.rca.data,
    period.density.data,
    period.cog.data,
    period.eci,
    period.pci,
    period.coi,
  ]) {
    for (let k = 0; k < array.length; k++) if (!Number.isFinite(array[k]!)) nonFinite++;
  }
  const summary: YearSummary = {
    time: task.time,
    rows: task.value.length,
    locations: period.locations.length,
    products: period.products.length,
    presence: ones / period.mcp.data.length,
    eciRange: [period.eci[0]!, period.eci[period.eci.length - 1]!],
    nonFinite,
    omitted: result.omitted.length,
    milliseconds: performance.now() - start,
  };
  parentPort?.postMessage(summary);
});
