/**
 * `chainatlas analyze …` on its own: these commands need no store, no server and no schema, so they load
 * only the analytics and the CSV readers — a whole run on the world-trade table stays near one second,
 * the same as the analytics' own budget allows.
 */
import { Command, CommanderError } from 'commander';
import { AnalysisFileError } from '../services/analysis/file-analyses.ts';
import { addAnalyzeCommands } from './commands/analyze.ts';
import { EXIT } from './exit-codes.ts';

const log = (line: string) => process.stderr.write(`${line}\n`);
const program = new Command('chainatlas').showHelpAfterError().exitOverride();
addAnalyzeCommands(program, { log });

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) process.exitCode = error.exitCode === 0 ? EXIT.ok : EXIT.usage;
  else if (error instanceof AnalysisFileError) {
    log(`chainatlas: ${error.message}`);
    process.exitCode = EXIT.dataErrors;
  } else {
    log(`chainatlas: ${(error as Error).message}`);
    process.exitCode = EXIT.failure;
  }
}
