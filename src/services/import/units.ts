import type { Queryable } from '../../store/db.ts';

export interface NormalizedAmount {
  value: number;
  /** The base unit: yuan, usd, ha, percent, count, … */
  unit: string;
  kind: string;
}

export interface UnitRegistry {
  /** Converts a figure to its base unit, or returns null for a unit nobody has defined. */
  normalize(value: number, unitText: string): NormalizedAmount | null;
  known(): string[];
}

const key = (text: string) => text.trim().toLowerCase().replace(/\s+/g, ' ');

/** The unit table (data/reference/units.csv, loaded at first start), indexed by code, names and aliases. */
export async function loadUnitRegistry(db: Queryable): Promise<UnitRegistry> {
  const rows = await db.query<{
    code: string;
    kind: string;
    base_unit: string;
    factor: number;
    name_zh: string | null;
    name_en: string | null;
    aliases: string[];
  }>('select code, kind, base_unit, factor, name_zh, name_en, aliases from unit');
  const byName = new Map<string, { kind: string; base: string; factor: number }>();
  for (const row of rows) {
    const entry = { kind: row.kind, base: row.base_unit, factor: Number(row.factor) };
    for (const name of [row.code, row.name_zh, row.name_en, ...(row.aliases ?? [])]) {
      if (name) byName.set(key(name), entry);
    }
  }
  return {
    normalize(value, unitText) {
      const entry = byName.get(key(unitText));
      if (!entry) return null;
      // mu → ha is a division by 15; multiplying by a rounded 1/15 would leave 398 mu ≠ 26.5333… ha.
      const converted =
        entry.base === 'ha' && key(unitText) !== 'ha' && Math.abs(entry.factor * 15 - 1) < 1e-9
          ? value / 15
          : value * entry.factor;
      return { value: converted, unit: entry.base, kind: entry.kind };
    },
    known: () => rows.map((r) => r.code),
  };
}

export const MU_PER_HA = 15;

/** Areas are kept in hectares with the mu figure beside them: given either, fill in both. */
export function bothAreas(
  ha: number | undefined,
  mu: number | undefined,
): { ha: number | null; mu: number | null } {
  if (ha !== undefined && mu !== undefined) return { ha, mu };
  if (ha !== undefined) return { ha, mu: ha * MU_PER_HA };
  if (mu !== undefined) return { ha: mu / MU_PER_HA, mu };
  return { ha: null, mu: null };
}
