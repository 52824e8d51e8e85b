/**
 * Timing helpers shared by the benchmarks: warm-up then the median of several runs, because a single
 * run of a JIT-compiled function measures the compiler as much as the code, and the mean is pulled by
 * the one run a neighbour's process interrupted.
 */
export interface Timing {
  /** Milliseconds, one per measured run. */
  readonly runs: number[];
  readonly median: number;
  readonly min: number;
  /**
   * Milliseconds of CPU time (user + system, all threads) per run, when measured in this process: on a
   * machine shared with other work, wall time counts the time others held the core, CPU time does not.
   */
  readonly cpu?: number[];
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function measure(work: () => unknown, options: { warmup?: number; runs?: number } = {}): Timing {
  for (let i = 0; i < (options.warmup ?? 5); i++) work();
  const runs: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < (options.runs ?? 15); i++) {
    const cpuStart = process.cpuUsage();
    const start = performance.now();
    work();
    runs.push(performance.now() - start);
    const used = process.cpuUsage(cpuStart);
    cpu.push((used.user + used.system) / 1000);
  }
  return { runs, median: median(runs), min: Math.min(...runs), cpu };
}

/** Both sets of runs as one timing. */
export function combine(a: Timing, b: Timing): Timing {
  const runs = [...a.runs, ...b.runs];
  const cpu = a.cpu && b.cpu ? [...a.cpu, ...b.cpu] : undefined;
  return { runs, median: median(runs), min: Math.min(...runs), cpu };
}

/** Peak resident memory of this process so far (all threads), in bytes. */
export function peakResidentBytes(): number {
  // resourceUsage().maxRSS is in kilobytes and covers the whole life of the process.
  return process.resourceUsage().maxRSS * 1024;
}

export const formatMs = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(1)} ms`);

export function verdict(ok: boolean): string {
  return ok ? 'within budget' : 'OVER BUDGET';
}
