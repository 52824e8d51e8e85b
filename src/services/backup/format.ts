/**
 * The backup file: one format for both stores, so a backup made on the embedded store restores on a
 * PostgreSQL server and back (docs/reliability.md, "Backup, restore, move").
 *
 * A gzip'd stream of JSON lines:
 *   1. a header: {"format": "chainatlas-backup", "format_version": 1, schema (the applied migrations),
 *      tables (name and row count, in the order they follow)};
 *   2. per table: {"table", columns, types, sequences}, then one line per row — a JSON array of each
 *      column's PostgreSQL text form (null for NULL), which both stores read back exactly with a cast —
 *      then {"table_end", rows, sha256 of the row lines};
 *   3. a trailer {"backup_end": true, tables, rows}.
 * gzip's CRC catches a damaged byte, the per-table count and hash a lost or altered row, and the trailer a
 * file cut at a clean boundary: a backup that is not whole is refused before anything is written.
 */

export const BACKUP_FORMAT = 'chainatlas-backup';
export const BACKUP_FORMAT_VERSION = 1;

export interface SchemaEntry {
  version: string;
  name: string;
  checksum: string;
}

export interface BackupHeader {
  format: typeof BACKUP_FORMAT;
  format_version: number;
  created_at: string;
  /** The store it was made from ('pglite' | 'postgres'), for the record. */
  source: string;
  schema: SchemaEntry[];
  tables: { name: string; rows: number }[];
}

/** An identity column's sequence as it stood, so ids are not reused after a restore. */
export interface SequenceState {
  column: string;
  last_value: string;
  is_called: boolean;
}

export interface TableHeader {
  table: string;
  columns: string[];
  types: string[];
  sequences: SequenceState[];
}

export interface TableEnd {
  table_end: string;
  rows: number;
  sha256: string;
}

export interface BackupTrailer {
  backup_end: true;
  tables: number;
  rows: number;
}

/** A backup file that is not a whole, readable Chain Atlas backup: nothing was restored from it. */
export class BackupFileError extends Error {
  constructor(
    readonly file: string,
    readonly line: number | null,
    readonly detail: string,
  ) {
    super(
      `${file}${line ? `, line ${line}` : ''}: ${detail}; nothing was restored (the target store is unchanged)`,
    );
  }
}

/**
 * The restore cannot go into this store (not empty, another schema): said before anything is written.
 * `statusCode` is what the API answers.
 */
export class RestoreRefused extends Error {
  readonly statusCode = 409;
}

/** Session settings that make every value's text form the same on both stores and both ends. */
export const TEXT_FORM_SETTINGS = [
  "select set_config('DateStyle', 'ISO, YMD', true)",
  "select set_config('IntervalStyle', 'postgres', true)",
  "select set_config('extra_float_digits', '1', true)",
  "select set_config('bytea_output', 'hex', true)",
];
