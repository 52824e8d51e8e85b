import cliProgress from 'cli-progress';

/** A progress bar on stderr (stdout stays clean for --json), silent when stderr is not a terminal. */
export function progressBar(label: string) {
  const enabled = process.stderr.isTTY || process.env.CHAINATLAS_PROGRESS === '1';
  const bar = new cliProgress.SingleBar(
    {
      format: `${label} [{bar}] {percentage}% | {rows} rows | {duration_formatted}`,
      stream: process.stderr,
      noTTYOutput: true,
      notTTYSchedule: 1000,
      hideCursor: true,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(fraction: number, rows: number) {
      if (!enabled) return;
      if (!started) {
        bar.start(100, 0, { rows: 0 });
        started = true;
      }
      bar.update(Math.round(fraction * 100), { rows });
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
