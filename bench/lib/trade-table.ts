/**
 * The world trade table (data/trade/README.md) as the columns `ecomplexity()` takes: the "long rows" the
 * benchmarks start from.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';

export const TRADE_CSV = new URL('../../data/trade/world_trade_avg_1998_to_2000.csv', import.meta.url);

export interface TradeColumns {
  location: string[];
  product: string[];
  value: Float64Array;
}

/** Parses CSV text with csv-parse, the parser the rest of Chain Atlas uses, into columns. */
export function tradeColumns(text: string | Buffer): TradeColumns {
  const rows = parse(text, { from_line: 2 }) as string[][];
  const location = new Array<string>(rows.length);
  const product = new Array<string>(rows.length);
  const value = new Float64Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    location[i] = row[0]!;
    product[i] = row[1]!;
    value[i] = Number(row[2]);
  }
  return { location, product, value };
}

export function readTrade(): TradeColumns {
  return tradeColumns(readFileSync(TRADE_CSV));
}
