/**
 * The one database interface every layer above the store uses. Two implementations speak the same
 * PostgreSQL dialect: PGlite (embedded, in-process) and a PostgreSQL server through `pg`.
 */
export type SqlParam = string | number | bigint | boolean | null | Date | readonly unknown[] | object;

export interface Queryable {
  /** Runs one parameterized statement and returns its rows. */
  query<Row = Record<string, unknown>>(sql: string, params?: readonly SqlParam[]): Promise<Row[]>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
  /**
   * Runs `copy … from stdin` with `data` as its data: CSV text (copy-text.ts) or, for `with (format
   * binary)`, bytes (copy-binary.ts). The bulk path for writes of tens of thousands of rows, where an
   * insert from a JSON parameter spends most of its time parsing it.
   */
  copyFrom(sql: string, data: string | Uint8Array): Promise<void>;
}

export interface Db extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /** A short description for logs: the data folder or the server (password hidden). */
  readonly location: string;
  /**
   * Runs `work` in one transaction: it commits when `work` resolves and rolls back when it throws,
   * so an import or any other mutation lands whole or not at all.
   */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
