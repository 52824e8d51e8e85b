import type { ImportContext, ValidRow } from '../import-context.ts';

export interface WriteCount {
  inserted: number;
  updated: number;
}

/** How one kind resolves its references and writes its rows; every kind has one. */
export interface KindHandler<R> {
  /** The natural key, to catch a file that states the same thing twice. */
  key?: (row: R) => string;
  /** Resolves references (recording errors on `ctx`) and, while the file has no errors, writes the batch. */
  write(rows: ValidRow<R>[], ctx: ImportContext): Promise<WriteCount>;
}

export const NOTHING_WRITTEN: WriteCount = { inserted: 0, updated: 0 };

export function sumCounts(a: WriteCount, b: WriteCount): WriteCount {
  return { inserted: a.inserted + b.inserted, updated: a.updated + b.updated };
}
