import { columnLetter } from '../../ingest/table-source.ts';
import type { Queryable } from '../../store/db.ts';
import { type ImportIssue, MAX_LISTED_ISSUES } from './import-error.ts';
import type { Lookups } from './lookups.ts';
import type { UnitRegistry } from './units.ts';

export interface ValidRow<R> {
  rowNumber: number;
  row: R;
}

export interface Provenance {
  source: string | null;
  quote: string | null;
  document_id: number | null;
  import_file: string;
  import_row: number;
}

/** What a kind's handler needs while it resolves and writes one file's rows. */
export class ImportContext {
  readonly listed: ImportIssue[] = [];
  totalIssues = 0;
  private documentIds: Map<string, number> | undefined;
  /** The file's header (CSV, XLSX), once read: columns are then named with their letter too. */
  header?: string[];

  constructor(
    readonly file: string,
    readonly tx: Queryable,
    readonly lookups: Lookups,
    readonly units: UnitRegistry,
    /** The imported file's folder, for files it refers to (documents' texts); absent for uploads. */
    readonly baseDir?: string,
  ) {}

  /** True once any row failed: handlers then only check, they no longer write. */
  get failed(): boolean {
    return this.totalIssues > 0;
  }

  column(name: string): string {
    const index = this.header?.indexOf(name) ?? -1;
    return index >= 0 ? `${name} (${columnLetter(index)})` : name;
  }

  /** Records one problem; `line` (YAML files) says where in the file it is when the row spans many lines. */
  error(row: number, column: string | undefined, value: unknown, expected: string, line?: number): void {
    this.totalIssues++;
    if (this.listed.length < MAX_LISTED_ISSUES) {
      this.listed.push({
        file: this.file,
        row,
        column: column === undefined ? undefined : this.column(column),
        value: showable(value),
        expected,
        ...(line === undefined ? {} : { line }),
      });
    }
  }

  async provenance(rowNumber: number, row: { source?: string; quote?: string }): Promise<Provenance> {
    if (!this.documentIds) this.documentIds = await this.lookups.documents();
    return {
      source: row.source ?? null,
      quote: row.quote ?? null,
      document_id: row.source ? (this.documentIds.get(row.source) ?? null) : null,
      import_file: this.file,
      import_row: rowNumber,
    };
  }

  /** Resolves a code against a map, recording an error naming what it should have been. */
  ref<V>(
    map: Map<string, V>,
    code: string | undefined,
    rowNumber: number,
    column: string,
    what: string,
  ): V | undefined {
    if (code === undefined) return undefined;
    const found = map.get(code);
    if (found === undefined) this.error(rowNumber, column, code, `${what} that exists`);
    return found;
  }

  /** Converts an amount to its base unit, recording an error for a unit nobody has defined. */
  amount(
    value: number | undefined,
    unit: string | undefined,
    rowNumber: number,
    column: string,
    kind?: string,
  ) {
    if (value === undefined) return undefined;
    const normalized = this.units.normalize(value, unit ?? 'yuan');
    if (!normalized) {
      this.error(
        rowNumber,
        column,
        unit,
        'a known unit (see data/reference/units.csv), e.g. yuan, 万元, 亿元, mu, ha, %',
      );
      return undefined;
    }
    if (kind && !normalized.kind.startsWith(kind)) {
      this.error(rowNumber, column, unit, `a unit of ${kind}`);
      return undefined;
    }
    return normalized;
  }
}

export const PROVENANCE_COLUMNS = [
  { name: 'source', type: 'text' },
  { name: 'quote', type: 'text' },
  { name: 'document_id', type: 'integer' },
  { name: 'import_file', type: 'text' },
  { name: 'import_row', type: 'integer' },
];

/**
 * A value an error message can carry: a list or map nested thousands deep (a fuzzed JSON cell) would
 * overflow the stack of every JSON.stringify after it, so such values are shown cut short.
 */
function showable(value: unknown): unknown {
  if (value === null || typeof value !== 'object' || value instanceof Date) return value;
  try {
    const text = JSON.stringify(value);
    return text.length > 200 ? `${text.slice(0, 200)}…` : value;
  } catch {
    return '(a value nested too deeply to show)';
  }
}
