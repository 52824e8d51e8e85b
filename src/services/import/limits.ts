/**
 * Limits on what one import may hold (issue 11): a file beyond them is refused whole, with a message that
 * says which limit and how to get under it, before it can exhaust the server's memory or time.
 */
import { ImportFailed } from './import-error.ts';

export interface ImportLimits {
  /** Data rows in one file (header excluded). */
  maxRows: number;
  /** Characters in one cell: Excel's own limit, so nothing a spreadsheet can hold is refused. */
  maxCellChars: number;
}

/** The limits in force: CHAINATLAS_MAX_IMPORT_ROWS overrides the default of 5,000,000 rows. */
export function defaultImportLimits(): ImportLimits {
  return { maxRows: Number(process.env.CHAINATLAS_MAX_IMPORT_ROWS) || 5_000_000, maxCellChars: 32_767 };
}

/** A file over a size limit: refused whole, answered 413 by the API. */
export class ImportTooLarge extends ImportFailed {
  readonly statusCode = 413;
}

export function tooManyRows(file: string, limits: ImportLimits): ImportTooLarge {
  return new ImportTooLarge(
    [
      {
        file,
        row: 0,
        expected: `at most ${limits.maxRows.toLocaleString('en')} rows in one file; split it into several files`,
      },
    ],
    1,
  );
}

/** The first cell of a row longer than the limit: its column, and its value cut to a readable length. */
export function overlongCell(
  values: Record<string, unknown>,
  limits: ImportLimits,
): { column: string; value: string; expected: string } | null {
  for (const [column, value] of Object.entries(values)) {
    if (typeof value === 'string' && value.length > limits.maxCellChars) {
      return {
        column,
        value: `${value.slice(0, 40)}…`,
        expected: `a value of at most ${limits.maxCellChars.toLocaleString('en')} characters (this one has ${value.length.toLocaleString('en')})`,
      };
    }
  }
  return null;
}
