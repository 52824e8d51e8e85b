import { createReadStream, statSync } from 'node:fs';
import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import {
  BATCH_SIZE,
  type FileInput,
  normalizeColumnName,
  type SourceRow,
  type TableSource,
} from './table-source.ts';

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
  const parser = stream.pipe(
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
