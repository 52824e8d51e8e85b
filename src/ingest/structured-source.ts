import { readFileSync } from 'node:fs';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node as YamlNode } from 'yaml';
import {
  BATCH_SIZE,
  type FileInput,
  normalizeColumnName,
  type SourceRow,
  type TableSource,
} from './table-source.ts';
import { decodeText } from './text-encoding.ts';

/** A file that cannot be read as its format; `row` is where reading stopped, when known. */
export class FileFormatError extends Error {
  constructor(
    message: string,
    readonly row = 0,
  ) {
    super(message);
  }
}

/** Where a YAML map or list and each of its entries start in the file (1-based lines). */
interface YamlLines {
  line: number | undefined;
  entries: Map<string | number, number>;
}

/**
 * Lines of the objects and lists a YAML file was read into. A chain template is one row spanning a whole
 * file, so "row 1" does not help a user find a bad node; the import asks for the line instead. Keyed by
 * the objects themselves (they reach the handlers unchanged inside `z.unknown()` fields), so concurrent
 * imports cannot mix up their lines, and the map goes when the rows do.
 */
const YAML_LINES = new WeakMap<object, YamlLines>();

/**
 * The line of `value` (an object or list read from a YAML file) or, with `entry`, of one of its keys or
 * list items; undefined for values that did not come from a YAML file.
 */
export function yamlLine(value: unknown, entry?: string | number): number | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const lines = YAML_LINES.get(value);
  if (!lines) return undefined;
  return entry === undefined ? lines.line : (lines.entries.get(entry) ?? lines.line);
}

function recordYamlLines(node: unknown, js: unknown, counter: LineCounter): void {
  if (js === null || typeof js !== 'object') return;
  const lineAt = (n: unknown) => {
    const range = (n as YamlNode | null)?.range;
    return range ? counter.linePos(range[0]).line : undefined;
  };
  const entries = new Map<string | number, number>();
  if (isMap(node) && !Array.isArray(js)) {
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
      const line = lineAt(pair.key);
      if (line !== undefined) entries.set(key, line);
      recordYamlLines(pair.value, (js as Record<string, unknown>)[key], counter);
    }
  } else if (isSeq(node) && Array.isArray(js)) {
    node.items.forEach((item, i) => {
      const line = lineAt(item);
      if (line !== undefined) entries.set(i, line);
      recordYamlLines(item, js[i], counter);
    });
  } else return;
  YAML_LINES.set(js, { line: lineAt(node), entries });
}

/**
 * JSON and YAML files: either a list of rows or `{ kind, rows }`. Row numbers are the entry's place in
 * the list (first = 1), which is how a person counts them in an editor.
 */
export function openStructuredSource(input: FileInput, format: 'json' | 'yaml'): TableSource {
  const text = decodeText(
    input.name,
    Buffer.isBuffer(input.data) ? input.data : readFileSync(input.data.path),
  );
  let parsed: unknown;
  if (format === 'json') {
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      throw new FileFormatError(`${input.name}: not valid JSON (${(error as Error).message})`);
    }
  } else {
    const lineCounter = new LineCounter();
    const doc = parseDocument(text, { prettyErrors: true, lineCounter });
    if (doc.errors.length > 0) {
      const first = doc.errors[0]!;
      const line = first.linePos?.[0]?.line;
      throw new FileFormatError(
        `${input.name}${line ? `, line ${line}` : ''}: not valid YAML (${first.message.split('\n')[0]})`,
      );
    }
    try {
      // yaml refuses aliases that expand without bound ("billion laughs") while building the values.
      parsed = doc.toJS({ maxAliasCount: 100 });
    } catch (error) {
      throw new FileFormatError(`${input.name}: not a usable YAML file (${(error as Error).message})`);
    }
    recordYamlLines(doc.contents, parsed, lineCounter);
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
