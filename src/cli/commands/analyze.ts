/**
 * `chainatlas analyze …`: the analytics on a CSV file, with no store involved — the way an analyst runs
 * py-ecomplexity or EconGeo on a table, and with the same output columns.
 */
import type { Command } from 'commander';
import {
  type AnalysisOutput,
  complexityOfFile,
  csvText,
  inputOutputOfFile,
  proximityOfFile,
  shiftShareOfFile,
  specializationOfFile,
  writeCsv,
} from '../../services/analysis/file-analyses.ts';
import type { LongColumns } from '../../services/analysis/long-csv.ts';

interface LongOptions {
  time?: string;
  loc: string;
  prod: string;
  val: string;
  threshold?: string;
  out?: string;
  json?: boolean;
}

function withLongOptions(command: Command, { time }: { time: boolean }) {
  return command
    .option(
      '--time <column>',
      time ? 'the period column (default: one period)' : 'the period column',
      time ? undefined : 'year',
    )
    .requiredOption('--loc <column>', 'the location (region, country) column', 'location')
    .requiredOption('--prod <column>', 'the product or industry column', 'product')
    .requiredOption('--val <column>', 'the value column (exports, employment, output…)', 'value')
    .option('--out <file>', 'write the result as CSV to this file (default: standard output)')
    .option('--json', 'print the result as JSON');
}

const columnsOf = (o: LongOptions): LongColumns => ({
  time: o.time,
  location: o.loc,
  product: o.prod,
  value: o.val,
});
const threshold = (o: LongOptions) => (o.threshold === undefined ? undefined : Number(o.threshold));

function emit(output: AnalysisOutput, o: { out?: string; json?: boolean }, log: (line: string) => void) {
  for (const note of output.notes) log(`note: ${note}`);
  if (o.out) {
    writeCsv(o.out, output);
    log(`wrote ${output.rowCount} rows to ${o.out} (analytics ${output.computeMs.toFixed(0)} ms)`);
  } else if (o.json) {
    process.stdout.write(`${JSON.stringify(output.rows)}\n`);
  } else {
    process.stdout.write(csvText(output));
  }
}

export function addAnalyzeCommands(program: Command, deps: { log: (line: string) => void }) {
  const analyze = program.command('analyze').description('analytics on a CSV file (no store needed)');
  withLongOptions(
    analyze
      .command('complexity')
      .description(
        'RCA, presence, diversity, ubiquity, ECI, PCI, density, COI, COG per (time, location, product) — py-ecomplexity’s columns',
      )
      .argument('<file>', 'long CSV: one row per (time, location, product) with a value'),
    { time: true },
  )
    .option('--threshold <rca>', 'RCA threshold for presence (default 1)')
    .option('--duplicates <how>', 'repeated (time, location, product) rows: error | sum | first', 'error')
    .action((file: string, o: LongOptions & { duplicates: 'error' | 'sum' | 'first' }) =>
      emit(
        complexityOfFile(file, columnsOf(o), { threshold: threshold(o), duplicates: o.duplicates }),
        o,
        deps.log,
      ),
    );
  withLongOptions(
    analyze
      .command('proximity')
      .description('product proximity (Hidalgo et al. 2007), all pairs')
      .argument('<file>'),
    { time: true },
  )
    .option('--threshold <rca>', 'RCA threshold for presence (default 1)')
    .action((file: string, o: LongOptions) =>
      emit(proximityOfFile(file, columnsOf(o), { threshold: threshold(o) }), o, deps.log),
    );
  withLongOptions(
    analyze
      .command('specialization')
      .description('location quotient / RCA, presence, diversity and ubiquity')
      .argument('<file>'),
    { time: true },
  )
    .option('--threshold <rca>', 'RCA threshold for presence (default 1)')
    .action((file: string, o: LongOptions) =>
      emit(specializationOfFile(file, columnsOf(o), { threshold: threshold(o) }), o, deps.log),
    );
  withLongOptions(
    analyze
      .command('shift-share')
      .description(
        'classic shift-share between two periods: national growth, industry mix, competitive effect',
      )
      .argument('<file>'),
    { time: false },
  )
    .requiredOption('--start <period>', 'the first period')
    .requiredOption('--end <period>', 'the last period')
    .action((file: string, o: LongOptions & { start: string; end: string }) =>
      emit(shiftShareOfFile(file, columnsOf(o), { start: o.start, end: o.end }), o, deps.log),
    );
  analyze
    .command('io')
    .description('input-output: output multipliers, Rasmussen backward/forward linkages, key sectors')
    .argument(
      '<file>',
      'transactions CSV: header "sector, <sectors…>, total_output", one row per supplying sector',
    )
    .option('--out <file>', 'write the result as CSV to this file')
    .option('--json', 'print the result as JSON')
    .action((file: string, o: { out?: string; json?: boolean }) =>
      emit(inputOutputOfFile(file), o, deps.log),
    );
}
