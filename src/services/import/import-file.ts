/**
 * The import: one file, one kind, one transaction. Every row is checked (shape, then references), every
 * error is collected, and the file lands whole or not at all.
 */
import { basename, dirname } from 'node:path';
import type { z } from 'zod';
import { IMPORT_KINDS, IMPORT_ROW_SCHEMAS, type ImportKind, isImportKind } from '../../domain/import-rows.ts';
import { FileFormatError, openTableSource } from '../../ingest/open-source.ts';
import type { FileInput, TableSource } from '../../ingest/table-source.ts';
import type { Db, Queryable } from '../../store/db.ts';
import type { WriteScope } from '../accounts/subject.ts';
import { type Actor, recordAudit } from '../audit.ts';
import { noteWrites, tablesWrittenBy } from '../store-generation.ts';
import { HANDLERS } from './handlers/index.ts';
import { ImportContext, type ValidRow } from './import-context.ts';
import { ImportFailed } from './import-error.ts';
import { defaultImportLimits, type ImportLimits, overlongCell, tooManyRows } from './limits.ts';
import { type KeptLookups, keptLookupsOf, Lookups } from './lookups.ts';
import { outOfScopeRows } from './write-scope.ts';

export interface ImportProgress {
  /** 0..1 of the file read. */
  fraction: number;
  rows: number;
}

export interface ImportOptions {
  kind?: ImportKind;
  /** What the importing user may change; absent for trusted callers (the local CLI, the demo). */
  writeScope?: WriteScope;
  /** Who imports: the import leaves one audit row naming them. */
  actor?: Actor;
  /** Check and report, then roll back: nothing is written. */
  dryRun?: boolean;
  onProgress?: (progress: ImportProgress) => void;
  /** Rows per file and characters per cell (default defaultImportLimits()). */
  limits?: ImportLimits;
}

export interface ImportSummary {
  file: string;
  kind: ImportKind;
  rows: number;
  inserted: number;
  updated: number;
  seconds: number;
  /** True when nothing was written (a dry run). */
  dryRun?: boolean;
}

/**
 * "03-land-parcels.xlsx" → land_parcels, "enterprises-2024.csv" → enterprises: the kind a person's file
 * name starts with (the longest that fits, so enterprise_nodes is not read as enterprises).
 */
export function kindFromFileName(name: string): ImportKind | undefined {
  const stem = basename(name)
    .replace(/\.[^.]+$/, '')
    .replace(/^\d+[-_ ]*/, '')
    .toLowerCase()
    .replace(/[-\s]+/g, '_');
  const fits = IMPORT_KINDS.filter(
    (k) => stem === k || (stem.startsWith(k) && /^[^a-z]/.test(stem.slice(k.length))),
  );
  return fits.sort((a, b) => b.length - a.length)[0];
}

/** The table each kind writes its rows to (the audit row counts it before and after). */
const KIND_TABLES: Record<ImportKind, string> = {
  documents: 'document',
  regions: 'region',
  metrics: 'metric',
  parks: 'park',
  chains: 'chain',
  clusters: 'cluster',
  enterprises: 'enterprise',
  enterprise_nodes: 'enterprise_node',
  supply_links: 'supply_link',
  indicators: 'indicator',
  targets: 'target',
  plans: 'plan',
  actions: 'action',
  tasks: 'task',
  task_reviews: 'task_review',
  projects: 'project',
  land_parcels: 'land_parcel',
  standard_land_contracts: 'standard_land_contract',
  incentives: 'incentive',
  service_requests: 'service_request',
  enclave_agreements: 'enclave_agreement',
  problems: 'problem',
};

function fail(file: string, expected: string, row = 0, column?: string): never {
  throw new ImportFailed([{ file, row, column, expected }], 1);
}

/** Imports a file in its own transaction. */
export async function importFile(
  db: Db,
  input: FileInput,
  options: ImportOptions = {},
): Promise<ImportSummary> {
  // The code → id maps are kept between this store's imports (lookups.ts): a one-row upload then reads
  // only what it writes, not the whole gazetteer.
  const own = { kept: keptLookupsOf(db), store: db };
  if (!options.dryRun) return db.transaction((tx) => importInto(tx, input, options, own));
  // A dry run does everything a real import does — every check, every write — and then rolls back,
  // so what it reports is exactly what the import would do.
  let summary: ImportSummary | undefined;
  try {
    await db.transaction(async (tx) => {
      summary = await importInto(tx, input, options, own);
      throw new DryRunRollback();
    });
  } catch (error) {
    if (!(error instanceof DryRunRollback)) throw error;
  }
  return { ...summary!, dryRun: true };
}

class DryRunRollback extends Error {}

/** A reader that stops part-way (a ragged CSV row, a stray quote) rejects the file at the row it reached. */
async function* rejectUnreadable<T>(file: string, batches: AsyncIterable<T>): AsyncGenerator<T> {
  try {
    yield* batches;
  } catch (error) {
    if (error instanceof FileFormatError) fail(file, error.message.replace(`${file}: `, ''), error.row);
    throw error;
  }
}

/**
 * Imports a file inside a transaction the caller holds (a demo load imports many files in one).
 * `own`: given by importFile, whose transaction is the import's alone — the store's maps kept between
 * imports, and the store its writes are noted for.
 */
export async function importInto(
  tx: Queryable,
  input: FileInput,
  options: ImportOptions = {},
  own?: { kept: KeptLookups; store: Db },
): Promise<ImportSummary> {
  const started = performance.now();
  let source: TableSource;
  try {
    source = await openTableSource(input);
  } catch (error) {
    if (error instanceof FileFormatError)
      fail(input.name, error.message.replace(`${input.name}: `, ''), error.row);
    throw error;
  }
  const declared = source.declaredKind;
  if (declared !== undefined && !isImportKind(declared)) {
    fail(input.name, `a kind: one of ${IMPORT_KINDS.join(', ')}`, 0, 'kind');
  }
  const kind = options.kind ?? (declared as ImportKind | undefined) ?? kindFromFileName(input.name);
  if (!kind) {
    fail(
      input.name,
      `a kind (--kind, a "kind:" key, or a file named after it): one of ${IMPORT_KINDS.join(', ')}`,
    );
  }
  const schema = IMPORT_ROW_SCHEMAS[kind] as unknown as z.ZodObject<Record<string, z.ZodType>>;
  const handler = HANDLERS[kind] as (typeof HANDLERS)[ImportKind] & {
    key?: (row: unknown) => string;
    write(rows: ValidRow<unknown>[], ctx: ImportContext): Promise<{ inserted: number; updated: number }>;
  };
  const allowed = new Set(Object.keys(schema.shape));
  const required = Object.entries(schema.shape)
    .filter(([, field]) => !field.safeParse(undefined).success)
    .map(([name]) => name);

  const lookups = new Lookups(tx, own?.kept);
  const ctx = new ImportContext(
    input.name,
    tx,
    lookups,
    await lookups.units(),
    Buffer.isBuffer(input.data) ? undefined : dirname(input.data.path),
  );
  const seenKeys = new Map<string, number>();
  const [countBefore] = await tx.query<{ n: number }>(`select count(*)::int as n from ${KIND_TABLES[kind]}`);
  const rowsBefore = Number(countBefore?.n ?? 0);
  let rows = 0;
  let inserted = 0;
  let updated = 0;
  let headerChecked = false;
  const limits = options.limits ?? defaultImportLimits();
  for await (const batch of rejectUnreadable(input.name, source.batches)) {
    if (!headerChecked && source.header) {
      headerChecked = true;
      ctx.header = source.header;
      checkHeader(ctx, source.header, allowed, required);
      if (ctx.failed) break;
    }
    const valid: ValidRow<unknown>[] = [];
    for (const { rowNumber, values } of batch) {
      rows++;
      if (rows > limits.maxRows) throw tooManyRows(input.name, limits);
      const overlong = overlongCell(values, limits);
      if (overlong) {
        ctx.error(rowNumber, overlong.column, overlong.value, overlong.expected);
        continue;
      }
      if (!source.header) {
        for (const name of Object.keys(values)) {
          if (!allowed.has(name))
            ctx.error(rowNumber, name, values[name], `a known column: ${[...allowed].join(', ')}`);
        }
      }
      const parsed = schema.safeParse(values);
      if (!parsed.success) {
        for (const issue of parsed.error.issues) {
          const column = String(issue.path[0] ?? '');
          if (source.header && !allowed.has(column)) continue;
          ctx.error(rowNumber, column || undefined, column ? values[column] : undefined, issue.message);
        }
        continue;
      }
      if (handler.key) {
        const key = handler.key(parsed.data);
        const first = seenKeys.get(key);
        if (first !== undefined) {
          ctx.error(
            rowNumber,
            undefined,
            undefined,
            `a row that is not a repeat of row ${first} (same ${kind} key)`,
          );
          continue;
        }
        seenKeys.set(key, rowNumber);
      }
      valid.push({ rowNumber, row: parsed.data });
    }
    const counts = await handler.write(valid, ctx);
    inserted += counts.inserted;
    updated += counts.updated;
    options.onProgress?.({ fraction: source.fractionRead(), rows });
    // Let timers, signals and other requests in between batches: an embedded store's queries can
    // resolve without ever returning to the event loop, which would hold a shutdown for the whole file.
    await new Promise((resolve) => setImmediate(resolve));
  }
  if (ctx.failed) {
    // Shape errors are found before reference errors of the same batch: report in file order.
    const inFileOrder = [...ctx.listed].sort((a, b) => a.row - b.row);
    throw new ImportFailed(inFileOrder, ctx.totalIssues);
  }
  const [run] = await tx.query<{ id: number }>(
    `insert into import_run (file_name, kind, rows_total, rows_inserted, rows_updated, status, finished_at)
     values ($1, $2, $3, $4, $5, 'done', now()) returning id`,
    [input.name, kind, rows, inserted, updated],
  );
  const summary = {
    file: input.name,
    kind,
    rows,
    inserted,
    updated,
    seconds: (performance.now() - started) / 1000,
  };
  await recordAudit(
    tx,
    options.actor ?? { userId: null, name: 'system' },
    'import',
    kind,
    run?.id ?? null,
    { rows_before: rowsBefore },
    { ...summary, rows_after: rowsBefore + inserted },
  );
  // The import writes nothing more: what its transaction wrote is checked against the importer's scope
  // (a violation rolls all of it back) and, for an import in a transaction of its own, noted so that
  // kept answers reading none of those tables outlive its commit (store-generation.ts).
  const limited = options.writeScope !== undefined && !options.writeScope.all;
  const written = limited || own ? await tablesWrittenBy(tx) : undefined;
  if (limited) {
    const outside = await outOfScopeRows(tx, options.writeScope!, input.name, written);
    if (outside.length > 0) throw new ImportFailed(outside, outside.length);
  }
  if (own && written?.xid) noteWrites(own.store, written.xid, written.tables);
  options.onProgress?.({ fraction: 1, rows });
  return summary;
}

function checkHeader(ctx: ImportContext, header: string[], allowed: Set<string>, required: string[]) {
  header.forEach((name) => {
    if (name === '') return;
    if (!allowed.has(name)) ctx.error(1, name, name, `a known column: ${[...allowed].join(', ')}`);
  });
  const seen = new Set<string>();
  for (const name of header) {
    if (seen.has(name)) ctx.error(1, name, name, 'each column once');
    seen.add(name);
  }
  for (const name of required) {
    if (!header.includes(name)) ctx.error(1, name, undefined, `a column named ${name} (required)`);
  }
}
