/**
 * Code → id maps the import resolves references with. Each map is loaded once per import, inside the
 * import's transaction, so rows written earlier in the same load (a demo's parks before its projects)
 * are seen, and is updated as the import writes.
 */
import type { Queryable } from '../../store/db.ts';

export interface RegionRef {
  id: number;
  level: string;
}
export interface ParkRef {
  id: number;
  regionId: number;
}
export interface ClusterRef {
  id: number;
  regionId: number;
}
export interface MetricRef {
  id: number;
  unit: string;
}
export interface EnterpriseRef {
  id: number;
  regionId: number;
  creditCode: string | null;
  name: string;
  nameEn: string | null;
}

export const GBT4754 = 'GB/T 4754-2017';

export class Lookups {
  private cache = new Map<string, Map<string, unknown>>();

  constructor(private readonly db: Queryable) {}

  private async load<V>(name: string, sql: string, toEntry: (row: Record<string, unknown>) => [string, V]) {
    let map = this.cache.get(name) as Map<string, V> | undefined;
    if (!map) {
      const rows = await this.db.query(sql);
      map = new Map(rows.map(toEntry));
      this.cache.set(name, map);
    }
    return map;
  }

  /** Forgets a map after the import wrote to its table, so the next look-up sees the new rows. */
  invalidate(
    name: 'regions' | 'parks' | 'clusters' | 'chains' | 'nodes' | 'metrics' | 'plans' | 'tasks' | 'documents',
  ) {
    this.cache.delete(name);
  }

  regions() {
    return this.load<RegionRef>('regions', 'select id, code, level from region', (r) => [
      String(r.code),
      { id: Number(r.id), level: String(r.level) },
    ]);
  }
  parks() {
    return this.load<ParkRef>('parks', 'select id, code, region_id from park', (r) => [
      String(r.code),
      { id: Number(r.id), regionId: Number(r.region_id) },
    ]);
  }
  clusters() {
    return this.load<ClusterRef>(
      'clusters',
      'select c.id, c.code, coalesce(c.region_id, p.region_id) as region_id from cluster c left join park p on p.id = c.park_id',
      (r) => [String(r.code), { id: Number(r.id), regionId: Number(r.region_id) }],
    );
  }
  chains() {
    return this.load<number>('chains', 'select id, code from chain', (r) => [String(r.code), Number(r.id)]);
  }
  /** Chain nodes by "chain_code/node_code". */
  nodes() {
    return this.load<number>(
      'nodes',
      'select n.id, c.code as chain_code, n.code from chain_node n join chain c on c.id = n.chain_id',
      (r) => [`${r.chain_code}/${r.code}`, Number(r.id)],
    );
  }
  metrics() {
    return this.load<MetricRef>('metrics', 'select id, code, unit from metric', (r) => [
      String(r.code),
      { id: Number(r.id), unit: String(r.unit) },
    ]);
  }
  plans() {
    return this.load<number>('plans', 'select id, code from plan', (r) => [String(r.code), Number(r.id)]);
  }
  tasks() {
    return this.load<number>('tasks', 'select id, code from task', (r) => [String(r.code), Number(r.id)]);
  }
  documents() {
    return this.load<number>('documents', 'select id, code from document', (r) => [
      String(r.code),
      Number(r.id),
    ]);
  }
  /** GB/T 4754-2017 industries by code; 'C38' and '38' both find division 38. */
  industries() {
    return this.load<number>(
      'industries',
      `select id, code from industry where scheme = '${GBT4754}'`,
      (r) => [String(r.code), Number(r.id)],
    );
  }

  async industryId(code: string): Promise<number | undefined> {
    const map = await this.industries();
    return map.get(code) ?? map.get(code.replace(/^[A-T](?=\d)/, ''));
  }

  /** Enterprises by credit code or by name (Chinese or English), for the codes and names a batch refers to. */
  async enterprises(creditCodes: string[], names: string[]): Promise<EnterpriseRef[]> {
    if (creditCodes.length === 0 && names.length === 0) return [];
    const rows = await this.db.query<{
      id: number;
      region_id: number;
      credit_code: string | null;
      name_zh: string;
      name_en: string | null;
    }>(
      'select id, region_id, credit_code, name_zh, name_en from enterprise where credit_code = any($1::text[]) or name_zh = any($2::text[]) or name_en = any($2::text[])',
      [creditCodes, names],
    );
    return rows.map((r) => ({
      id: Number(r.id),
      regionId: Number(r.region_id),
      creditCode: r.credit_code,
      name: r.name_zh,
      nameEn: r.name_en,
    }));
  }
}
