/**
 * `chainatlas desk …`: a chain's desk under the chain chief system (docs/chain-desk.md) — its five maps,
 * its five lists as files, the chain book with its change log, the chief's dashboard, and imports of desks
 * and technology roadmaps. Through the running owner's API when one holds the embedded store, else on the
 * store directly (services/desk/).
 */

import { writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { type Command, InvalidArgumentError, Option } from 'commander';
import type { Config } from '../../config.ts';
import { ChainRequestError } from '../../services/chains/resolve.ts';
import { chiefDashboard } from '../../services/desk/chief-dashboard.ts';
import { buildChainBook, issueChainBook } from '../../services/desk/desk-book.ts';
import { BOOK_FORMATS, type BookFormat, renderChainBook } from '../../services/desk/desk-book-render.ts';
import { importDesksInto, importRoadmapInto } from '../../services/desk/desk-files.ts';
import {
  DESK_LISTS,
  type DeskListName,
  deskList,
  deskListCsv,
  deskListXlsx,
  LIST_FORMATS,
  type ListFormat,
} from '../../services/desk/desk-lists.ts';
import { DESK_MAPS, type DeskMapName, deskMap } from '../../services/desk/desk-maps.ts';
import { DeskRequestError, listDesks, loadDesk, resolveDesk } from '../../services/desk/desk-store.ts';
import { ImportFailed, type ImportIssue } from '../../services/import/import-error.ts';
import { REPORT_LANGUAGES, type ReportLanguage } from '../../services/reports/dictionary.ts';
import { ChromiumMissingError } from '../../services/reports/render-pdf.ts';
import type { Db } from '../../store/db.ts';
import { EXIT } from '../exit-codes.ts';
import { remoteBytes, remoteJson } from '../remote.ts';
import { accessStore, type Remote } from '../store-access.ts';

interface Deps {
  config: () => Config;
  log: (line: string) => void;
  print: (json: boolean | undefined, value: unknown, text: string) => void;
}

interface DeskFlags {
  desk?: string;
  chain?: string;
  scope?: string;
}

const actor = { userId: null, name: 'cli' };
const today = () => new Date().toISOString().slice(0, 10);

/** The desk the flags name: --desk CODE, or --chain and --scope. */
function deskText(opts: DeskFlags): string {
  if (opts.desk) return opts.desk;
  if (opts.chain && opts.scope) return `${opts.chain}@${opts.scope}`;
  throw new InvalidArgumentError('name the desk: --desk CODE, or --chain CODE --scope CODE');
}

function parsePeriod(text: string): string {
  if (!/^\d{4}(-Q[1-4])?$/.test(text))
    throw new InvalidArgumentError('expected a year such as 2025 (or 2025-Q3)');
  return text;
}

function parseLang(text: string): ReportLanguage {
  const lang = text === 'zh' ? 'zh-CN' : text;
  if (!(REPORT_LANGUAGES as readonly string[]).includes(lang))
    throw new InvalidArgumentError(`one of ${REPORT_LANGUAGES.join(', ')} (or zh)`);
  return lang as ReportLanguage;
}

const withDesk = (command: Command) =>
  command
    .option('--desk <code>', 'the desk code (e.g. LJ-HUAPING-PV)')
    .option('--chain <code>', 'the chain (with --scope)')
    .option('--scope <code>', 'the park or region of the desk (with --chain)');

/** Runs on the owner's API or the local store; a user's mistake becomes a message and exit code 2. */
async function run<T>(
  deps: Deps,
  remote: (r: Remote) => Promise<T>,
  local: (db: Db) => Promise<T>,
): Promise<T | undefined> {
  const access = await accessStore(deps.config(), deps.log);
  try {
    return access.mode === 'remote' ? await remote(access.remote) : await local(access.store.db);
  } catch (error) {
    const message = (error as Error).message;
    const user = / answered (400|403|404|409): (.*)$/s.exec(message);
    if (
      error instanceof DeskRequestError ||
      error instanceof ChainRequestError ||
      error instanceof InvalidArgumentError ||
      user
    ) {
      deps.log(`chainatlas: ${user ? remoteMessage(user[2]!) : message}`);
      process.exitCode = EXIT.usage;
      return undefined;
    }
    if (error instanceof ChromiumMissingError) {
      deps.log(`chainatlas: ${message}`);
      process.exitCode = EXIT.failure;
      return undefined;
    }
    throw error;
  } finally {
    if (access.mode === 'local') await access.store.close();
  }
}

function remoteMessage(text: string): string {
  try {
    return (JSON.parse(text) as { error?: string }).error ?? text;
  } catch {
    return text;
  }
}

/** Uploads a file to an endpoint of the owner's API; 422 becomes the same ImportFailed a local import throws. */
async function remoteUpload<T>(remote: Remote, path: string, file: string): Promise<T> {
  const form = new FormData();
  form.append('file', new Blob([await readFile(file)]), basename(file));
  const response = await fetch(`${remote.url}${path}`, {
    method: 'POST',
    body: form,
    headers: remote.token ? { authorization: `Bearer ${remote.token}` } : {},
  });
  const body = (await response.json()) as T & { error?: string; issues?: ImportIssue[]; total?: number };
  if (response.status === 422 && body.issues)
    throw new ImportFailed(body.issues, body.total ?? body.issues.length);
  if (!response.ok)
    throw new Error(`${remote.url}${path} answered ${response.status}: ${JSON.stringify(body)}`);
  return body;
}

const q = encodeURIComponent;

export function addDeskCommands(program: Command, deps: Deps) {
  const desk = program
    .command('desk')
    .description(
      'chain desks (链长制): five maps, five lists, the chain book, the chief’s dashboard (docs/chain-desk.md)',
    );

  desk
    .command('ls')
    .description('the chain desks')
    .option('--json', 'machine-readable output')
    .action(async (opts: { json?: boolean }) => {
      const rows = await run(
        deps,
        (r) =>
          remoteJson<{ items: { code: string; chain: { code: string }; scope: { code: string } }[] }>(
            r,
            '/api/desks',
          ).then((x) => x.items),
        (db) => listDesks(db),
      );
      if (rows)
        deps.print(
          opts.json,
          rows,
          rows.map((d) => `${d.code}\t${d.chain.code}\t${d.scope.code}`).join('\n') || 'no desks',
        );
    });

  withDesk(
    desk
      .command('show')
      .description('a desk’s chain chief system: chief, deputies, office, chain masters, partners, goals'),
  )
    .option('--json', 'machine-readable output')
    .action(async (opts: DeskFlags & { json?: boolean }) => {
      const d = await run(
        deps,
        (r) => remoteJson<Awaited<ReturnType<typeof loadDesk>>>(r, `/api/desks/${q(deskText(opts))}`),
        async (db) => loadDesk(db, await resolveDesk(db, deskText(opts))),
      );
      if (!d) return;
      const nr = 'not recorded';
      const names = (list: { name: string; title: string | null }[]) =>
        list.length ? list.map((p) => [p.name, p.title].filter(Boolean).join(', ')).join('; ') : nr;
      deps.print(
        opts.json,
        d,
        [
          `${d.code}: ${d.chain.name_zh} (${d.chain.code}) in ${d.scope.name_zh} (${d.scope.code})`,
          `chief: ${d.chief ? [d.chief.name, d.chief.title].filter(Boolean).join(', ') : nr}`,
          `deputies: ${names(d.deputies)}`,
          `chain office: ${names(d.office)}`,
          `chain masters: ${names(d.chain_masters)}`,
          `partners: ${names(d.partners)}`,
          `goals: ${d.goals.length ? d.goals.map((g) => `${g.year} ${g.title}`).join('; ') : nr}`,
        ].join('\n'),
      );
    });

  withDesk(
    desk.command('map').description('one of the five maps as JSON').argument('<map>', DESK_MAPS.join(' | ')),
  ).action(async (map: string, opts: DeskFlags) => {
    if (!(DESK_MAPS as readonly string[]).includes(map))
      throw new InvalidArgumentError(`a map: ${DESK_MAPS.join(', ')}`);
    const result = await run(
      deps,
      (r) => remoteJson(r, `/api/desks/${q(deskText(opts))}/maps/${map}`),
      async (db) => deskMap(db, await resolveDesk(db, deskText(opts)), map as DeskMapName),
    );
    if (result) deps.print(true, result, '');
  });

  withDesk(
    desk
      .command('export')
      .description('one of the five lists as CSV, XLSX or JSON')
      .argument('<list>', DESK_LISTS.join(' | ')),
  )
    .addOption(new Option('--format <format>', 'file format').choices(LIST_FORMATS).default('csv'))
    .option('--out <file>', 'write to this file (default: standard output)')
    .action(async (list: string, opts: DeskFlags & { format: ListFormat; out?: string }) => {
      if (!(DESK_LISTS as readonly string[]).includes(list))
        throw new InvalidArgumentError(`a list: ${DESK_LISTS.join(', ')}`);
      const body = await run(
        deps,
        (r) => remoteBytes(r, `/api/desks/${q(deskText(opts))}/lists/${list}?format=${opts.format}`),
        async (db) => {
          const result = await deskList(
            db,
            await resolveDesk(db, deskText(opts)),
            list as DeskListName,
            today(),
          );
          if (opts.format === 'xlsx') return deskListXlsx(result);
          return Buffer.from(
            opts.format === 'csv' ? deskListCsv(result) : `${JSON.stringify(result, null, 2)}\n`,
          );
        },
      );
      if (!body) return;
      if (opts.out) {
        writeFileSync(opts.out, body);
        deps.log(`wrote ${opts.out}`);
      } else process.stdout.write(body);
    });

  withDesk(
    desk
      .command('book')
      .description(
        'the chain book: the desk, five maps, five lists and the change log since the previous edition; issued as the next edition unless --preview',
      ),
  )
    .requiredOption('--period <period>', 'the book’s period (2025 or 2025-Q3)', parsePeriod)
    .addOption(new Option('--format <format>', 'output format').choices(BOOK_FORMATS).default('pdf'))
    .option(
      '--lang <lang>',
      `language: ${REPORT_LANGUAGES.join(', ')} (zh for zh-CN)`,
      parseLang,
      'en' as ReportLanguage,
    )
    .option('--preview', 'compare with the last edition but do not issue a new one')
    .option('--out <file>', 'where to write the book (default: its file name)')
    .option('--json', 'print what was written as JSON')
    .action(
      async (
        opts: DeskFlags & {
          period: string;
          format: BookFormat;
          lang: ReportLanguage;
          preview?: boolean;
          out?: string;
          json?: boolean;
        },
      ) => {
        const written = await run(
          deps,
          async (r) => {
            const text = deskText(opts);
            let edition: number | null = null;
            if (!opts.preview)
              edition = (
                await remoteJson<{ edition: { number: number } }>(
                  r,
                  `/api/desks/${q(text)}/editions`,
                  'POST',
                  { period: opts.period },
                )
              ).edition.number;
            const body = await remoteBytes(
              r,
              `/api/desks/${q(text)}/book?period=${opts.period}&format=${opts.format}&lang=${opts.lang}${edition ? `&edition=${edition}` : ''}`,
            );
            return {
              body,
              fileName:
                `chain-book_${text}_${opts.period}_${edition ? `ed${edition}` : 'preview'}_${opts.lang}.${opts.format}`.replace(
                  /[^\w.-]+/g,
                  '_',
                ),
              edition,
            };
          },
          async (db) => {
            const ref = await resolveDesk(db, deskText(opts));
            const book = opts.preview
              ? await buildChainBook(db, ref, { period: opts.period, today: today() })
              : await issueChainBook(db, ref, {
                  period: opts.period,
                  today: today(),
                  actor,
                  now: new Date(),
                });
            const file = await renderChainBook(book, opts.format, opts.lang);
            return { body: file.body, fileName: file.fileName, edition: book.edition.number };
          },
        );
        if (!written) return;
        const out = resolve(opts.out ?? written.fileName);
        writeFileSync(out, written.body);
        deps.print(
          opts.json,
          {
            file: out,
            bytes: written.body.length,
            edition: written.edition,
            format: opts.format,
            lang: opts.lang,
          },
          `wrote ${out} (${written.body.length} bytes${written.edition ? `, edition ${written.edition}` : ', preview'})`,
        );
      },
    );

  desk
    .command('dashboard')
    .description('a chief’s chains on one screen, with the next meeting’s agenda drafted')
    .option('--chief <name>', 'the chief’s name as recorded on the desks (default: every desk)')
    .option('--json', 'machine-readable output')
    .action(async (opts: { chief?: string; json?: boolean }) => {
      const result = await run(
        deps,
        (r) =>
          remoteJson<Awaited<ReturnType<typeof chiefDashboard>>>(
            r,
            `/api/chief-dashboard${opts.chief ? `?chief=${q(opts.chief)}` : ''}`,
          ),
        (db) => chiefDashboard(db, { chief: opts.chief, today: today() }),
      );
      if (!result) return;
      const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)} %`);
      deps.print(
        opts.json,
        result,
        result.desks
          .map((d) =>
            [
              `${d.desk} — ${d.chain.name_zh} in ${d.scope.name_zh}; chief: ${d.chief?.name ?? 'not recorded'}`,
              `  completeness ${pct(d.completeness)} (trend ${d.completeness_trend.map((t) => `${t.label} ${pct(t.completeness)}`).join(' → ')}), supporting rate ${pct(d.supporting_rate)}`,
              `  projects ${d.projects} (${
                Object.entries(d.projects_by_stage)
                  .map(([s, n]) => `${s} ${n}`)
                  .join(', ') || 'none'
              }), open problems ${d.open_problems}, overdue tasks ${d.overdue_tasks}`,
              '  agenda:',
              ...d.agenda.map((a, i) => `   ${i + 1}. ${a.text}${a.owner ? ` — ${a.owner}` : ''}`),
            ].join('\n'),
          )
          .join('\n\n') || 'no desks',
      );
    });

  desk
    .command('import')
    .description('import chain desks from a YAML or JSON file (kind: chain_desks); all or nothing')
    .argument('<file>')
    .option('--json', 'machine-readable output')
    .action(async (file: string, opts: { json?: boolean }) => {
      const summary = await run(
        deps,
        (r) => remoteUpload<{ desks: string[]; members: number }>(r, '/api/desks/import', file),
        (db) =>
          db.transaction((tx) => importDesksInto(tx, { name: file, data: { path: resolve(file) } }, actor)),
      );
      if (summary)
        deps.print(
          opts.json,
          summary,
          `${file}: desks ${summary.desks.join(', ')} (${summary.members} people)`,
        );
    });

  withDesk(
    desk
      .command('roadmap')
      .description(
        'import a desk’s technology roadmap (YAML, JSON, CSV or XLSX), replacing the one it had; all or nothing',
      ),
  )
    .argument('<file>')
    .option('--json', 'machine-readable output')
    .action(async (file: string, opts: DeskFlags & { json?: boolean }) => {
      const summary = await run(
        deps,
        (r) =>
          remoteUpload<{ technologies: number; tasks: number; bottlenecks: number }>(
            r,
            `/api/desks/${q(deskText(opts))}/roadmap`,
            file,
          ),
        async (db) => {
          const ref = await resolveDesk(db, deskText(opts));
          return db.transaction((tx) =>
            importRoadmapInto(tx, ref, { name: file, data: { path: resolve(file) } }, actor),
          );
        },
      );
      if (summary)
        deps.print(
          opts.json,
          summary,
          `${file}: ${summary.technologies} technologies, ${summary.tasks} tasks, ${summary.bottlenecks} bottlenecks`,
        );
    });
}
