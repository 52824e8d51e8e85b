import { openCsvSource } from './csv-source.ts';
import { FileFormatError, openStructuredSource } from './structured-source.ts';
import type { FileInput, TableSource } from './table-source.ts';
import { openXlsxSource } from './xlsx-source.ts';

export { FileFormatError };

/** Picks the reader by the file's extension. */
export async function openTableSource(input: FileInput): Promise<TableSource> {
  const ext = /\.([a-z0-9]+)$/i.exec(input.name)?.[1]?.toLowerCase();
  switch (ext) {
    case 'csv':
      return openCsvSource(input);
    case 'xlsx':
      return openXlsxSource(input);
    case 'json':
      return openStructuredSource(input, 'json');
    case 'yaml':
    case 'yml':
      return openStructuredSource(input, 'yaml');
    default:
      throw new FileFormatError(
        `${input.name}: unknown file type; expected .csv, .xlsx, .json, .yaml or .yml`,
      );
  }
}
