import { createReadStream, statSync } from 'node:fs';
import { Readable } from 'node:stream';
import { CsvError, parse } from 'csv-parse';
import { FileFormatError } from './structured-source.ts';
import {
  BATCH_SIZE,
  type FileInput,
  normalizeColumnName,
  type SourceRow,
  type TableSource,
} from './table-source.ts';
import { utf8Text } from './text-encoding.ts';

/**
 * Streams a CSV file (UTF-8, BOM allowed, header in the first line) in batches, so a million-row file
 * never sits in memory as objects all at once.
 */
export function openCsvSource(input: FileInput): TableSource {
  const totalBytes = Buffer.isBuffer(input.data) ? input.data.length : statSync(input.data.path).size;
  let bytesRead = 0;
  const stream = Buffer.isBuffer(input.data)
    ? Readable.from([input.data])
    : createReadStream(input.data.path);
  stream.on('data', (chunk: Buffer | string) => {
    bytesRead += chunk.length;
  });
  const text = stream.pipe(utf8Text(input.name));
  // pipe() does not forward errors: the parser must fail with the decoder's error, not wait forever.
  text.on('error', (error) => parser.destroy(error));
  const parser = text.pipe(
    parse({ bom: true, relax_column_count: false, skip_empty_lines: true, info: true, trim: false }),
  );
  const source: TableSource = {
    fileName: input.name,
    format: 'csv',
    header: undefined,
    fractionRead: () => (totalBytes === 0 ? 1 : Math.min(1, bytesRead / totalBytes)),
    batches: readBatches(),
  };
  async function* readBatches(): AsyncGenerator<SourceRow[]> {
    try {
      yield* readRecords();
    } catch (error) {
      if (error instanceof FileFormatError) throw error;
      if (!(error instanceof CsvError)) throw error;
      // csv-parse stops at the first ragged row or stray quote; its `lines` is the line it stopped on.
      const line = (error as CsvError & { lines?: number }).lines ?? 0;
      const message = error.message.replace(/ on line \d+$/, '').replace(/ at line \d+/, '');
      throw new FileFormatError(
        `${input.name}: not readable as CSV (${message}); every row needs as many cells as the header, quotes closed`,
        line,
      );
    }
  }
  async function* readRecords(): AsyncGenerator<SourceRow[]> {
    let header: string[] | undefined;
    let batch: SourceRow[] = [];
    for await (const record of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      if (!header) {
        header = record.record.map(normalizeColumnName);
        source.header = header;
        continue;
      }
      const values: Record<string, unknown> = {};
      for (let i = 0; i < header.length; i++) values[header[i]!] = record.record[i];
      batch.push({ rowNumber: record.info.lines, values });
      if (batch.length >= BATCH_SIZE) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length > 0) yield batch;
  }
  return source;
}
