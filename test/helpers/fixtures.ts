/** Generated test data: valid unified social credit codes, enterprise CSVs. */
import { creditCodeCheckCharacter } from '../../src/domain/credit-code.ts';

const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** A valid credit code for registration region `region` (6 digits), numbered `n`. */
export function makeCreditCode(region: string, n: number): string {
  let org = '';
  let x = n * 7919 + 12345;
  for (let i = 0; i < 9; i++) {
    org += ALPHABET[x % 31];
    x = Math.floor(x / 31) + i * 13;
  }
  const first17 = `91${region}${org}`;
  return first17 + creditCodeCheckCharacter(first17);
}

export interface EnterpriseFixtureRow {
  credit_code: string;
  name_zh: string;
  region_code: string;
  year: number;
  revenue: string;
}

export function enterpriseRows(n: number, regions: string[]): EnterpriseFixtureRow[] {
  return Array.from({ length: n }, (_, i) => {
    const region = regions[i % regions.length]!;
    return {
      credit_code: makeCreditCode(region, i + 1),
      name_zh: `测试企业${String(i + 1).padStart(4, '0')}有限公司`,
      region_code: region,
      year: 2024,
      revenue: String(1000 + i * 37),
    };
  });
}

export function toCsv(rows: Record<string, unknown>[]): string {
  const columns = Object.keys(rows[0] ?? {});
  const esc = (v: unknown) => {
    const s = String(v ?? '');
    return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return `${[columns.join(','), ...rows.map((r) => columns.map((c) => esc(r[c])).join(','))].join('\n')}\n`;
}
