/**
 * `chainatlas report --scope 530700 --period 2025 --format pdf --lang fr --out FILE`: a development report,
 * through the running owner's API when one holds the embedded store, else on the store directly
 * (services/reports/). A progress bar on stderr follows the build.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { type Command, InvalidArgumentError, Option } from 'commander';
import type { Config } from '../../config.ts';
import { ChainRequestError } from '../../services/chains/resolve.ts';
import { buildReport } from '../../services/reports/build-report.ts';
import { REPORT_LANGUAGES, type ReportLanguage } from '../../services/reports/dictionary.ts';
import { ChromiumMissingError } from '../../services/reports/render-pdf.ts';
import { REPORT_FORMATS, type ReportFormat, renderReport } from '../../services/reports/render-report.ts';
import { ReportRequestError } from '../../services/reports/report-scope.ts';
import { EXIT } from '../exit-codes.ts';
import { progressBar } from '../progress.ts';
import { remoteBytes } from '../remote.ts';
import { accessStore } from '../store-access.ts';

interface Deps {
  config: () => Config;
  log: (line: string) => void;
  print: (json: boolean | undefined, value: unknown, text: string) => void;
}

interface ReportFlags {
  scope: string;
  period: number;
  format: ReportFormat;
  lang: ReportLanguage;
  out?: string;
  json?: boolean;
}

function parseYear(text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1900 || value > 2200)
    throw new InvalidArgumentError('expected a year such as 2025');
  return value;
}

export function addReportCommands(program: Command, deps: Deps) {
  program
    .command('report')
    .description(
      'a development report for a region, park, cluster or chain and a year: progress, problems found by the diagnostics, suggested next steps, every figure with its source (docs/reports.md)',
    )
    .requiredOption(
      '--scope <ref>',
      'a region code (530700), a park code (LJ-HUAPING), cluster:CODE or chain:CODE',
    )
    .requiredOption('--period <year>', 'the report year', parseYear)
    .addOption(new Option('--format <format>', 'output format').choices(REPORT_FORMATS).default('html'))
    .addOption(new Option('--lang <lang>', 'language').choices(REPORT_LANGUAGES).default('en'))
    .option('--out <file>', 'where to write the report (default: report-<scope>-<year>-<lang>.<format>)')
    .option('--json', 'print what was written as JSON')
    .action(async (opts: ReportFlags) => {
      const access = await accessStore(deps.config(), deps.log);
      const bar = progressBar('report');
      let body: Buffer;
      let fileName: string;
      try {
        if (access.mode === 'remote') {
          bar.update(0.1, 0);
          const query = new URLSearchParams({
            scope: opts.scope,
            period: String(opts.period),
            format: opts.format,
            lang: opts.lang,
          });
          body = await remoteBytes(access.remote, `/api/reports?${query}`);
          fileName = `report-${opts.scope}-${opts.period}-${opts.lang}.${opts.format}`.replace(
            /[^\w.-]+/g,
            '_',
          );
        } else {
          try {
            const report = await buildReport(access.store.db, opts.scope, opts.period, {
              onProgress: (fraction) => bar.update(fraction * 0.8, 0),
            });
            const file = await renderReport(report, opts.format, opts.lang);
            body = file.body;
            fileName = file.fileName;
          } finally {
            await access.store.close();
          }
        }
      } catch (error) {
        bar.stop();
        const remoteUser = / answered (400|403|404|503): (.*)$/s.exec((error as Error).message);
        if (
          error instanceof ReportRequestError ||
          error instanceof ChainRequestError ||
          error instanceof ChromiumMissingError ||
          remoteUser
        ) {
          const message = remoteUser ? remoteMessage(remoteUser[2]!) : (error as Error).message;
          deps.log(`chainatlas: ${message}`);
          process.exitCode =
            error instanceof ChromiumMissingError || remoteUser?.[1] === '503' ? EXIT.failure : EXIT.usage;
          return;
        }
        throw error;
      }
      bar.update(1, 0);
      bar.stop();
      const out = resolve(opts.out ?? fileName);
      writeFileSync(out, body);
      deps.print(
        opts.json,
        { file: out, bytes: body.length, format: opts.format, lang: opts.lang },
        `wrote ${out} (${body.length} bytes)`,
      );
    });
}

/** The error text of an API answer ({"error": "…"}), or the answer as it came. */
function remoteMessage(text: string): string {
  try {
    return (JSON.parse(text) as { error?: string }).error ?? text;
  } catch {
    return text;
  }
}
