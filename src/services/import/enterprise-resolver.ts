import type { ImportContext } from './import-context.ts';
import type { EnterpriseRef } from './lookups.ts';

export interface EnterpriseMention {
  rowNumber: number;
  creditCode?: string;
  name?: string;
  regionCode?: string;
  /** Column names for messages: which column held the code, which the name. */
  codeColumn: string;
  nameColumn: string;
}

/**
 * Finds the enterprises a batch of rows mentions: by credit code when given, else by name (Chinese or
 * English) within the given region. A name that fits two enterprises is an error, not a guess.
 */
export async function resolveEnterprises(
  ctx: ImportContext,
  mentions: EnterpriseMention[],
): Promise<(EnterpriseRef | undefined)[]> {
  const codes = [...new Set(mentions.flatMap((m) => (m.creditCode ? [m.creditCode] : [])))];
  const names = [...new Set(mentions.flatMap((m) => (!m.creditCode && m.name ? [m.name] : [])))];
  const found = await ctx.lookups.enterprises(codes, names);
  const regions = await ctx.lookups.regions();
  return mentions.map((m) => {
    if (m.creditCode) {
      const hit = found.find((e) => e.creditCode === m.creditCode);
      if (!hit)
        ctx.error(m.rowNumber, m.codeColumn, m.creditCode, 'the credit code of an enterprise that exists');
      return hit;
    }
    if (!m.name) {
      ctx.error(m.rowNumber, m.codeColumn, undefined, `a ${m.codeColumn} or a ${m.nameColumn}`);
      return undefined;
    }
    const regionId = m.regionCode ? regions.get(m.regionCode)?.id : undefined;
    const hits = found.filter(
      (e) =>
        (e.name === m.name || e.nameEn === m.name) && (regionId === undefined || e.regionId === regionId),
    );
    if (hits.length === 1) return hits[0];
    ctx.error(
      m.rowNumber,
      m.nameColumn,
      m.name,
      hits.length === 0
        ? `the name of an enterprise that exists${m.regionCode ? ` in region ${m.regionCode}` : ''}`
        : `a name that fits one enterprise (${hits.length} do; give the credit code or region_code)`,
    );
    return undefined;
  });
}
