/** Row counts and a checksum of every table: "unchanged" means all of them are equal. */
import type { Db } from '../../src/store/db.ts';

export interface FingerprintOptions {
  /** Columns left out of a table's checksum (e.g. api_token.last_used_at, touched by every request). */
  ignoreColumns?: Record<string, string[]>;
  /** Tables counted but not checksummed (a large table whose row count is what a test checks). */
  countOnly?: string[];
}

/** table → "rows:md5" for every base table of the public schema, read in one snapshot. */
export async function tableFingerprint(
  db: Pick<Db, 'transaction' | 'kind'>,
  options: FingerprintOptions = {},
): Promise<Record<string, string>> {
  return db.transaction(async (tx) => {
    // One consistent view of every table, even while another session commits on the server.
    if (db.kind === 'postgres') await tx.query('set transaction isolation level repeatable read');
    const tables = await tx.query<{ table_name: string }>(
      "select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1",
    );
    const out: Record<string, string> = {};
    for (const { table_name } of tables) {
      const ignored = options.ignoreColumns?.[table_name];
      const rowText = ignored
        ? `(to_jsonb(t) - ${ignored.map((c) => `'${c}'`).join(' - ')})::text`
        : 't::text';
      const sum = options.countOnly?.includes(table_name)
        ? "''"
        : `coalesce(md5(string_agg(${rowText}, '|' order by ${rowText})), '')`;
      const [row] = await tx.query<{ n: number; sum: string }>(
        `select count(*)::int as n, ${sum} as sum from ${table_name} t`,
      );
      out[table_name] = `${row?.n}:${row?.sum}`;
    }
    return out;
  });
}

/** The row count part of a fingerprint entry. */
export const rowsOf = (entry: string | undefined): number => Number(entry?.split(':')[0] ?? Number.NaN);
