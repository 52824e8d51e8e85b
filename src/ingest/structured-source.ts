import { readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import {
  BATCH_SIZE,
  type FileInput,
  normalizeColumnName,
  type SourceRow,
  type TableSource,
} from './table-source.ts';

export class FileFormatError extends Error {}

/**
 * JSON and YAML files: either a list of rows or `{ kind, rows }`. Row numbers are the entry's place in
 * the list (first = 1), which is how a person counts them in an editor.
 */
export function openStructuredSource(input: FileInput, format: 'json' | 'yaml'): TableSource {
  const text = (Buffer.isBuffer(input.data) ? input.data : readFileSync(input.data.path)).toString('utf8');
  let parsed: unknown;
  if (format === 'json') {
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      throw new FileFormatError(`${input.name}: not valid JSON (${(error as Error).message})`);
    }
  } else {
    const doc = parseDocument(text, { prettyErrors: true });
    if (doc.errors.length > 0) {
      const first = doc.errors[0]!;
      const line = first.linePos?.[0]?.line;
      throw new FileFormatError(
        `${input.name}${line ? `, line ${line}` : ''}: not valid YAML (${first.message.split('\n')[0]})`,
      );
    }
    parsed = doc.toJS();
  }
  let declaredKind: string | undefined;
  let rows: unknown;
  if (Array.isArray(parsed)) rows = parsed;
  else if (parsed && typeof parsed === 'object' && Array.isArray((parsed as { rows?: unknown }).rows)) {
    rows = (parsed as { rows: unknown[] }).rows;
    const kind = (parsed as { kind?: unknown }).kind;
    if (typeof kind === 'string') declaredKind = kind;
  } else if (
    parsed &&
    typeof parsed === 'object' &&
    typeof (parsed as { code?: unknown }).code === 'string'
  ) {
    // A single object, as a chain template file is: one row.
    rows = [parsed];
  } else {
    throw new FileFormatError(`${input.name}: expected a list of rows or an object with a "rows" list`);
  }
  const list = rows as unknown[];
  const sourceRows: SourceRow[] = list.map((entry, index) => {
    const values: Record<string, unknown> = {};
    if (entry && typeof entry === 'object' && !Array.isArray(entry)) {
      for (const [key, value] of Object.entries(entry)) values[normalizeColumnName(key)] = value;
    } else {
      values.__not_an_object = entry;
    }
    return { rowNumber: index + 1, values };
  });
  let done = 0;
  return {
    fileName: input.name,
    format,
    declaredKind,
    fractionRead: () => (sourceRows.length === 0 ? 1 : done / sourceRows.length),
    batches: (async function* () {
      for (let i = 0; i < sourceRows.length; i += BATCH_SIZE) {
        const batch = sourceRows.slice(i, i + BATCH_SIZE);
        done = i + batch.length;
        yield batch;
      }
    })(),
  };
}
