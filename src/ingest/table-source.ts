/** What every reader (CSV, XLSX, JSON, YAML) hands to the import: rows in batches, numbered as the user sees them. */
export interface SourceRow {
  /** The row's number as the user finds it: the spreadsheet row (header = 1) or the list entry (first = 1). */
  rowNumber: number;
  values: Record<string, unknown>;
}

export interface TableSource {
  /** The file name as the user gave it (used in every error message). */
  fileName: string;
  format: 'csv' | 'xlsx' | 'json' | 'yaml';
  /** The kind a JSON/YAML file declares with a top-level `kind:` key. */
  declaredKind?: string;
  /** Header cells in order (CSV, XLSX), normalized; used to name columns by letter too. */
  header?: string[];
  batches: AsyncIterable<SourceRow[]>;
  /** 0..1, how much of the file has been read (drives progress bars). */
  fractionRead(): number;
}

export interface FileInput {
  /** A name for messages and format detection (the path, or an uploaded file's name). */
  name: string;
  /** The file's bytes, or its path on disk to stream from. */
  data: Buffer | { path: string };
}

/** Spreadsheet-style column letter for a 0-based index: 0 → A, 26 → AA. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let out = '';
  while (n > 0) {
    const rem = (n - 1) % 26;
    out = String.fromCharCode(65 + rem) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

/** Header names are matched case-insensitively, with spaces and dashes read as underscores. */
export function normalizeColumnName(name: string): string {
  return name
    .replace(/^\uFEFF/, '')
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
}

export const BATCH_SIZE = 5000;
