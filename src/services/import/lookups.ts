/**
 * Code → id maps the import resolves references with. Each map is loaded once per import, inside the
 * import's transaction, so rows written earlier in the same load (a demo's parks before its projects)
 * are seen, and is updated as the import writes.
 *
 * Between imports the maps are kept per store (`KeptLookups`): the gazetteer alone is 3,466 regions, and
 * reading it, the parks, clusters and chains again for every one-row upload was half of that upload's
 * time on the embedded store (bench:load). A kept map is used only after one statement, inside the
 * import's transaction, has checked that its tables still hold exactly the rows it was read from.
 */
import type { Queryable } from '../../store/db.ts';
import { loadUnitRegistry, type UnitRegistry } from './units.ts';

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

/** The tables each map is read from: a kept map holds while none of them changed. */
const MAP_TABLES = {
  regions: ['region'],
  parks: ['park'],
  clusters: ['cluster', 'park'],
  chains: ['chain'],
  nodes: ['chain_node', 'chain'],
  metrics: ['metric'],
  plans: ['plan'],
  tasks: ['task'],
  documents: ['document'],
  industries: ['industry'],
  units: ['unit'],
} as const;
type MapName = keyof typeof MAP_TABLES;

interface KeptMap {
  /** The transactions that wrote the rows it was read from (`xmin`: a handful for reference tables). */
  writers: string[];
  /** Rows per table (MAP_TABLES order) when it was read. */
  rows: number[];
  value: unknown;
}

/**
 * Maps kept between imports, for one store. A kept map holds while each of its tables has as many rows
 * as when it was read and every row was written by a transaction it was read after (`xmin` among its
 * writers): a row added, changed or deleted since — by this process, the CLI or another server — shows
 * as a new writer or another count, and the map is read again. (The rows visible now then all existed
 * when the map was read, and as many of them: the same rows.) A map is kept only when read by a
 * transaction that has written nothing yet, so it never holds rows that could still be rolled back.
 * The check runs inside the import's transaction, which sees its own writes: one statement for every
 * kept map at the import's first look-up (a scan of their tables, under 1 ms on the embedded store with
 * the gazetteer), and one for a map whose tables the import has written since (`Lookups.invalidate`).
 * Kept maps are shared: handlers only read them.
 */
export class KeptLookups {
  private readonly maps = new Map<MapName, KeptMap>();

  /** The kept maps that still hold, checked in one statement. */
  async holding(db: Queryable, names: MapName[] = [...this.maps.keys()]): Promise<Map<MapName, unknown>> {
    const params: unknown[] = [];
    const checks: string[] = [];
    const checked: [MapName, KeptMap][] = [];
    for (const name of names) {
      const kept = this.maps.get(name);
      if (!kept) continue;
      params.push(kept.writers);
      const writers = `$${params.length}::xid[]`;
      const tables = MAP_TABLES[name].map((t, i) => {
        params.push(kept.rows[i]);
        return `(select count(*) = $${params.length}::bigint and count(*) filter (where not (xmin = any(${writers}))) = 0 from ${t})`;
      });
      checks.push(tables.join(' and '));
      checked.push([name, kept]);
    }
    const found = new Map<MapName, unknown>();
    if (checked.length === 0) return found;
    const [row] = await db.query<{ holds: boolean[] }>(
      `select array[${checks.join(', ')}] as holds`,
      params as never[],
    );
    checked.forEach(([name, kept], i) => {
      if (row?.holds[i]) found.set(name, kept.value);
    });
    return found;
  }

  /** Reads a map, and keeps it when the transaction has written nothing yet. */
  async read<V>(db: Queryable, name: MapName, read: () => Promise<V>): Promise<V> {
    const tables = MAP_TABLES[name];
    // Writers and counts are read before the rows: a write committed in between makes the kept map
    // look stale at its next check (it is read again), never the reverse.
    const [written] = await db.query<{ clean: boolean; writers: string[]; rows: number[] }>(
      `select pg_current_xact_id_if_assigned() is null as clean,
         array(select distinct xmin::text from (${tables.map((t) => `select xmin from ${t}`).join(' union all ')}) w) as writers,
         array[${tables.map((t) => `(select count(*) from ${t})`).join(', ')}]::int[] as rows`,
    );
    const value = await read();
    if (written?.clean) {
      this.maps.set(name, { writers: written.writers, rows: written.rows.map(Number), value });
    }
    return value;
  }
}

const keptByStore = new WeakMap<object, KeptLookups>();

/** The maps kept for a store (its Db object). */
export function keptLookupsOf(store: object): KeptLookups {
  let kept = keptByStore.get(store);
  if (!kept) {
    kept = new KeptLookups();
    keptByStore.set(store, kept);
  }
  return kept;
}

export class Lookups {
  private cache = new Map<string, Promise<unknown>>();

  /** `kept`: maps kept between imports (absent: every map is read, as a demo load inside one transaction does). */
  constructor(
    private readonly db: Queryable,
    private readonly kept?: KeptLookups,
  ) {}

  /** The kept maps that held at the import's first look-up. */
  private holding?: Promise<Map<MapName, unknown>>;
  /** Maps whose tables the import has written since (`invalidate`). */
  private readonly stale = new Set<MapName>();

  private once<V>(name: MapName, read: () => Promise<V>): Promise<V> {
    let value = this.cache.get(name) as Promise<V> | undefined;
    if (!value) {
      const kept = this.kept;
      const run = kept
        ? async () => {
            this.holding ??= kept.holding(this.db);
            const held = await this.holding;
            // A map whose tables this import wrote since is read again (and, written, not kept).
            if (held.has(name) && !this.stale.has(name)) return held.get(name) as V;
            return kept.read(this.db, name, read);
          }
        : read;
      // Handlers ask for several maps at once (Promise.all): the store takes their statements in turn.
      value = run();
      this.cache.set(name, value);
      value.catch(() => {
        if (this.cache.get(name) === value) this.cache.delete(name);
      });
    }
    return value;
  }

  private load<V>(name: MapName, sql: string, toEntry: (row: Record<string, unknown>) => [string, V]) {
    return this.once(name, async () => new Map((await this.db.query(sql)).map(toEntry)));
  }

  /**
   * Forgets a map after the import wrote to its table, so the next look-up sees the new rows — and every
   * other map read from that table (parks → clusters, chains → nodes).
   */
  invalidate(
    name: 'regions' | 'parks' | 'clusters' | 'chains' | 'nodes' | 'metrics' | 'plans' | 'tasks' | 'documents',
  ) {
    const written = new Set<string>(MAP_TABLES[name]);
    for (const [other, tables] of Object.entries(MAP_TABLES) as [MapName, readonly string[]][]) {
      if (other === name || tables.some((t) => written.has(t))) {
        this.cache.delete(other);
        this.stale.add(other);
      }
    }
  }

  /** The unit table as a registry (data/reference/units.csv). */
  units(): Promise<UnitRegistry> {
    return this.once('units', () => loadUnitRegistry(this.db));
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
