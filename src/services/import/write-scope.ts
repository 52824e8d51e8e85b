/**
 * Writes check scope: after an import has written its rows (inside its transaction), every row this
 * transaction touched must lie within what the importing user may change. A region admin may change
 * its region tree and the parks in it; a park officer its parks. Reference tables (regions, metrics,
 * chains, documents) are a system administrator's. A violation names the file's row and rolls the whole
 * import back.
 */
import type { Queryable } from '../../store/db.ts';
import type { WriteScope } from '../accounts/subject.ts';
import { tablesWrittenBy } from '../store-generation.ts';
import type { ImportIssue } from './import-error.ts';

const ENTERPRISE_IN_SCOPE = '(e.region_id = any($1) or e.park_id = any($2))';

/** Table → condition a touched row must meet ($1 = region ids, $2 = park ids); null: admins only. */
const RULES: Record<string, string | null> = {
  region: null,
  metric: null,
  chain: null,
  chain_node: null,
  chain_edge: null,
  document: null,
  industry: null,
  unit: null,
  park: 'region_id = any($1) or id = any($2)',
  cluster: 'region_id = any($1) or park_id = any($2)',
  cluster_chain: 'cluster_id in (select id from cluster where region_id = any($1) or park_id = any($2))',
  enterprise: 'region_id = any($1) or park_id = any($2)',
  enterprise_node: `enterprise_id in (select e.id from enterprise e where ${ENTERPRISE_IN_SCOPE})`,
  supply_link: `buyer_id in (select e.id from enterprise e where ${ENTERPRISE_IN_SCOPE})`,
  indicator: `region_id = any($1) or (entity_kind = 'park' and entity_id = any($2))
    or (entity_kind = 'enterprise' and entity_id in (select e.id from enterprise e where e.park_id = any($2)))`,
  target: `region_id = any($1) or (entity_kind = 'park' and entity_id = any($2))
    or (entity_kind = 'enterprise' and entity_id in (select e.id from enterprise e where e.park_id = any($2)))`,
  plan: 'region_id = any($1) or park_id = any($2)',
  action: 'plan_id in (select id from plan where region_id = any($1) or park_id = any($2))',
  task: 'plan_id in (select id from plan where region_id = any($1) or park_id = any($2))',
  task_review:
    'task_id in (select t.id from task t join plan p on p.id = t.plan_id where p.region_id = any($1) or p.park_id = any($2))',
  project: 'region_id = any($1) or park_id = any($2)',
  land_parcel: 'park_id = any($2)',
  standard_land_contract: 'land_parcel_id in (select id from land_parcel where park_id = any($2))',
  incentive: 'granting_region_id = any($1)',
  service_request: `park_id = any($2) or enterprise_id in (select e.id from enterprise e where ${ENTERPRISE_IN_SCOPE})`,
  enclave_agreement: 'home_region_id = any($1) or host_region_id = any($1)',
  problem: 'region_id = any($1) or park_id = any($2)',
};

/** Both parameters typed, and both named once, so a rule may use either one alone. */
const typed = (rule: string) =>
  `coalesce((${rule.replace(/\$1(?!\d)/g, '$1::int[]').replace(/\$2(?!\d)/g, '$2::int[]')}), false) and cardinality($1::int[]) >= 0 and cardinality($2::int[]) >= 0`;

/**
 * `written`: what the transaction wrote, when the caller has read it already (`tablesWrittenBy`);
 * null when the server keeps no counters — then every table is scanned.
 */
export async function outOfScopeRows(
  tx: Queryable,
  scope: WriteScope,
  file: string,
  written?: { tables: Set<string> } | null,
): Promise<ImportIssue[]> {
  if (scope.all) return [];
  const issues: ImportIssue[] = [];
  const touched = written === undefined ? (await tablesWrittenBy(tx))?.tables : written?.tables;
  for (const [table, rule] of Object.entries(RULES)) {
    // Only the tables the transaction wrote (from its statistics counters: one query instead of a scan
    // of each of the 25 tables, most of an import's cost on the embedded store); every table when the
    // server keeps no counters (track_counts off) — a missing counter must never let a row through.
    if (touched && !touched.has(table)) continue;
    const hasImportRow = ![
      'document',
      'chain_node',
      'chain_edge',
      'cluster_chain',
      'unit',
      'industry',
    ].includes(table);
    const rows = await tx.query<{ import_row: number | null }>(
      `select ${hasImportRow ? 'import_row' : 'null::int as import_row'} from ${table}
       where xmin = xid(pg_current_xact_id())${rule ? ` and not (${typed(rule)})` : ''} limit 20`,
      rule ? [scope.regions, scope.parks] : [],
    );
    for (const row of rows) {
      issues.push({
        file,
        row: row.import_row ?? 0,
        expected:
          rule === null
            ? `a change a system administrator makes (${table.replaceAll('_', ' ')} is reference data)`
            : `a ${table.replaceAll('_', ' ')} within your regions or parks`,
      });
    }
  }
  return issues;
}
