/**
 * The data of a `copy … from stdin with (format csv)`, as Queryable.copyFrom takes it. CSV rather than
 * COPY's text format because its one escaping rule (quote the field, double the quotes) covers every
 * value; a field that is quoted is never null, so an empty string and a null stay apart.
 */
export type CopyValue = string | number | boolean | null | undefined;

function field(value: CopyValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return String(value); // NaN and ±Infinity are valid float8 input
  if (typeof value === 'boolean') return value ? 't' : 'f';
  return `"${value.replaceAll('"', '""')}"`;
}

/** The rows as CSV lines, in the column order of the COPY statement. */
export function copyCsv(rows: Iterable<readonly CopyValue[]>): string {
  const lines: string[] = [];
  for (const row of rows) lines.push(row.map(field).join(','));
  return lines.length ? `${lines.join('\n')}\n` : '';
}
