/**
 * `chainatlas`: the command line. Commands are thin: they parse options, reach the store the safe way
 * (store-access.ts) and call services/.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { type ConfigFlags, resolveConfig } from '../config.ts';
import { IMPORT_KINDS, type ImportKind } from '../domain/import-rows.ts';
import { AccountError } from '../services/accounts/users.ts';
import { AnalysisFileError } from '../services/analysis/file-analyses.ts';
import { ENTITY_NAMES, type EntityName } from '../services/catalog.ts';
import { loadDemoWorkspace } from '../services/demo-workspace.ts';
import { EXPORT_FORMATS, type ExportFormat, exportEntities } from '../services/export-entities.ts';
import { formatIssue, ImportFailed } from '../services/import/import-error.ts';
import { type ImportSummary, importFile } from '../services/import/import-file.ts';
import { StoreOwnedError } from '../store/owner-lock.ts';
import { addAnalyzeCommands } from './commands/analyze.ts';
import { addChainCommands } from './commands/chain.ts';
import { addDbBackupCommands } from './commands/db-backup.ts';
import { addDeskCommands } from './commands/desk.ts';
import { addDocCommands } from './commands/doc.ts';
import { addGovernanceCommands } from './commands/governance.ts';
import { addOpportunityCommands } from './commands/opportunities.ts';
import { addOpsCommands } from './commands/ops.ts';
import { addReportCommands } from './commands/report.ts';
import { addUserCommands } from './commands/user.ts';
import { EXIT } from './exit-codes.ts';
import { progressBar } from './progress.ts';
import { remoteBytes, remoteImport, remoteJson } from './remote.ts';
import { serve } from './serve.ts';
import { accessStore } from './store-access.ts';

const log = (line: string) => process.stderr.write(`${line}\n`);

const program = new Command('chainatlas')
  .description('Chain Atlas: regional industrial clusters and chains — atlas, analytics, operations')
  .option('--data <dir>', 'the embedded store folder (env CHAINATLAS_DATA_DIR; default ./.chainatlas/db)')
  .showHelpAfterError()
  .exitOverride();

const config = () => resolveConfig(program.opts<ConfigFlags>());

program
  .command('serve')
  .description('start the API (and the web app) on the store; loads the demo workspace into an empty store')
  .option('--port <port>', 'port to listen on (env PORT; default 8080)')
  .option('--host <host>', 'address to listen on (env HOST; default 127.0.0.1)')
  .option('--no-demo', 'do not load the demo workspace into an empty store')
  .action(async (opts: { port?: string; host?: string; demo: boolean }) => {
    await serve(resolveConfig({ ...program.opts<ConfigFlags>(), port: opts.port, host: opts.host }), {
      demo: opts.demo,
      log,
    });
  });

const db = program.command('db').description('the store');
db.command('migrate')
  .description('apply the schema migrations that have not run yet')
  .option('--json', 'machine-readable output')
  .action(async (opts: { json?: boolean }) => {
    const access = await accessStore(config(), log);
    if (access.mode === 'remote') {
      const health = await remoteJson<{ schema: string }>(access.remote, '/api/health');
      print(
        opts.json,
        { owner: access.url, schema: health.schema },
        `the store is owned by ${access.url}, which applied migrations at start; schema at ${health.schema}`,
      );
      return;
    }
    const rows = await access.store.db.query<{ name: string }>(
      'select name from schema_migration order by version',
    );
    await access.store.close();
    print(
      opts.json,
      { schema: rows.map((r) => r.name) },
      `schema up to date: ${rows.map((r) => r.name).join(', ')}`,
    );
  });

addDbBackupCommands(db, { config, log, print });

program
  .command('import')
  .description('import a CSV, XLSX, JSON or YAML file; all or nothing (see docs/import-formats.md)')
  .argument('<file>', 'the file to import')
  .addOption(
    new Option('--kind <kind>', 'what the file holds (default: from the file)').choices(IMPORT_KINDS),
  )
  .option('--dry-run', 'check every row and report what would change; write nothing')
  .option('--json', 'machine-readable output')
  .action(async (file: string, opts: { kind?: ImportKind; json?: boolean; dryRun?: boolean }) => {
    const access = await accessStore(config(), log);
    let summary: ImportSummary;
    if (access.mode === 'remote') {
      log(
        `sending ${file} to the running Chain Atlas at ${access.url} (process ${access.ownerPid}), which owns the store`,
      );
      summary = await remoteImport(access.remote, resolve(file), opts.kind, opts.dryRun);
    } else {
      const bar = progressBar(`importing ${file}`);
      try {
        summary = await importFile(
          access.store.db,
          { name: file, data: { path: resolve(file) } },
          {
            kind: opts.kind,
            dryRun: opts.dryRun,
            onProgress: (p) => bar.update(p.fraction, p.rows),
          },
        );
      } finally {
        bar.stop();
        await access.store.close();
      }
    }
    print(
      opts.json,
      summary,
      `${summary.file}: ${summary.rows} ${summary.kind} rows — ${summary.inserted} new, ${summary.updated} updated (${summary.seconds.toFixed(1)} s)${summary.dryRun ? '; dry run: nothing was written' : ''}`,
    );
  });

program
  .command('export')
  .description('export an entity as CSV, XLSX or JSON, with provenance')
  .addOption(new Option('--kind <kind>', 'what to export').choices(ENTITY_NAMES).makeOptionMandatory())
  .addOption(new Option('--format <format>', 'file format').choices(EXPORT_FORMATS).default('csv'))
  .option('--out <file>', 'write to this file (default: standard output)')
  .action(async (opts: { kind: EntityName; format: ExportFormat; out?: string }) => {
    const access = await accessStore(config(), log);
    let body: Buffer;
    if (access.mode === 'remote')
      body = await remoteBytes(access.remote, `/api/export/${opts.kind}?format=${opts.format}`);
    else {
      try {
        body = (await exportEntities(access.store.db, opts.kind, opts.format)).body;
      } finally {
        await access.store.close();
      }
    }
    if (opts.out) {
      writeFileSync(opts.out, body);
      log(`wrote ${opts.out}`);
    } else process.stdout.write(body);
  });

const demo = program.command('demo').description('the demo workspace drawn from the five seed documents');
demo
  .command('load')
  .description('(re)load the demo workspace: chain templates and every figure of the seeds, with sources')
  .option('--json', 'machine-readable output')
  .action(async (opts: { json?: boolean }) => {
    const access = await accessStore(config(), log);
    let result: { files: number; rows: number };
    if (access.mode === 'remote') result = await remoteJson(access.remote, '/api/demo/load', 'POST');
    else {
      const bar = progressBar('loading the demo');
      try {
        const files = await loadDemoWorkspace(access.store.db, (done, total) =>
          bar.update(done / total, done),
        );
        result = { files: files.length, rows: files.reduce((n, f) => n + f.rows, 0) };
      } finally {
        bar.stop();
        await access.store.close();
      }
    }
    print(opts.json, result, `demo workspace loaded: ${result.files} files, ${result.rows} rows`);
  });

addUserCommands(program, { config, log, print });
addAnalyzeCommands(program, { log });
addChainCommands(program, { config, log, print });
addOpportunityCommands(program, { config, log, print });
addDocCommands(program, { config, log, print });
addOpsCommands(program, { config, log, print });
addGovernanceCommands(program, { config, log, print });
addReportCommands(program, { config, log, print });
addDeskCommands(program, { config, log, print });

function print(json: boolean | undefined, value: unknown, text: string) {
  process.stdout.write(json ? `${JSON.stringify(value, null, 2)}\n` : `${text}\n`);
}

async function main() {
  try {
    await program.parseAsync(process.argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      process.exitCode = error.exitCode === 0 ? EXIT.ok : EXIT.usage;
      return;
    }
    if (error instanceof ImportFailed) {
      const jsonWanted = process.argv.includes('--json');
      if (jsonWanted)
        process.stdout.write(
          `${JSON.stringify({ error: 'import failed', total: error.totalIssues, issues: error.issues }, null, 2)}\n`,
        );
      log(
        `${error.issues[0]?.file ?? 'import'}: ${error.totalIssues} error${error.totalIssues === 1 ? '' : 's'}; nothing was imported`,
      );
      for (const issue of error.issues) log(`  ${formatIssue(issue)}`);
      if (error.totalIssues > error.issues.length)
        log(`  … and ${error.totalIssues - error.issues.length} more`);
      process.exitCode = EXIT.dataErrors;
      return;
    }
    if (error instanceof AccountError || error instanceof AnalysisFileError) {
      log(`chainatlas: ${error.message}`);
      process.exitCode = EXIT.dataErrors;
      return;
    }
    if (error instanceof StoreOwnedError) {
      log(`chainatlas: ${error.message}`);
      process.exitCode = EXIT.storeUnavailable;
      return;
    }
    log(`chainatlas: ${(error as Error).message}`);
    if (process.env.CHAINATLAS_DEBUG) log((error as Error).stack ?? '');
    process.exitCode = EXIT.failure;
  }
}

await main();
