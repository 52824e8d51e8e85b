/**
 * What the API and the CLI can list of each entity: the columns shown (with provenance), the filters a
 * user may give and the columns they may sort by. Queries are built only from these whitelists, never
 * from a request's text.
 */
export interface EntityView {
  /** SELECT … FROM … JOINs, without WHERE/ORDER. Every column is aliased to its public name. */
  select: string;
  /** Public filter name → SQL expression compared with `=` (lists: `= any`). */
  filters: Record<string, string>;
  /** Expression matched with ILIKE for `q` (free-text search), if the entity has names. */
  search?: string;
  /** Public sort name → SQL expression. */
  sorts: Record<string, string>;
  defaultSort: string;
  /** The expression `GET /api/<entity>/:key` matches (a code, or an id). */
  key: string;
  /**
   * Which rows a caller with limited scope may see, with {regions}, {parks}, {enterprises} and
   * {departments} standing for the caller's visible ids (services/accounts/subject.ts). Absent: every
   * signed-in user may see every row (reference data, chain templates, public documents).
   */
  visible?: string;
  /** Reference knowledge anyone may read without signing in (the gazetteer, classifications, chain templates). */
  public?: true;
}

const provenance = (t: string) =>
  `${t}.source, ${t}.quote, d_${t}.code as document_code, d_${t}.title as document_title, ${t}.import_file, ${t}.import_row`;
const docJoin = (t: string) => `left join document d_${t} on d_${t}.id = ${t}.document_id`;

export const ENTITY_VIEWS = {
  regions: {
    select: `select r.id, r.code, r.level, r.name_zh, r.name_en, p.code as parent_code, r.lon, r.lat
             from region r left join region p on p.id = r.parent_id`,
    filters: { code: 'r.code', level: 'r.level', parent_code: 'p.code' },
    search: "r.name_zh || ' ' || coalesce(r.name_en, '')",
    sorts: { code: 'r.code', name_zh: 'r.name_zh', name_en: 'r.name_en', level: 'r.level' },
    defaultSort: 'code',
    key: 'r.code',
    public: true,
  },
  industries: {
    select: `select i.id, i.scheme, i.code, i.level, p.code as parent_code, i.name_zh, i.name_en
             from industry i left join industry p on p.id = i.parent_id`,
    filters: { scheme: 'i.scheme', level: 'i.level', parent_code: 'p.code', code: 'i.code' },
    search: "coalesce(i.name_zh, '') || ' ' || coalesce(i.name_en, '')",
    sorts: { code: 'i.code', name_zh: 'i.name_zh' },
    defaultSort: 'code',
    key: 'i.code',
    public: true,
  },
  units: {
    select: 'select u.code, u.kind, u.base_unit, u.factor, u.name_zh, u.name_en, u.aliases from unit u',
    filters: { kind: 'u.kind', base_unit: 'u.base_unit' },
    sorts: { code: 'u.code', kind: 'u.kind' },
    defaultSort: 'code',
    key: 'u.code',
    public: true,
  },
  metrics: {
    select: `select m.id, m.code, m.name_zh, m.name_en, m.unit, m.description, ${provenance('m')}
             from metric m ${docJoin('m')}`,
    filters: { code: 'm.code', unit: 'm.unit' },
    search: "m.code || ' ' || m.name_zh || ' ' || coalesce(m.name_en, '')",
    sorts: { code: 'm.code', name_zh: 'm.name_zh' },
    defaultSort: 'code',
    key: 'm.code',
    public: true,
  },
  documents: {
    select: `select dd.id, dd.code, dd.title, dd.language, dd.publisher, dd.published_on, dd.url, dd.file_name,
               r.code as region_code, length(dd.body) as characters
             from document dd left join region r on r.id = dd.region_id`,
    filters: { code: 'dd.code', language: 'dd.language', region_code: 'r.code' },
    search: 'dd.title',
    sorts: { code: 'dd.code', published_on: 'dd.published_on', title: 'dd.title' },
    defaultSort: 'code',
    key: 'dd.code',
    public: true,
  },
  parks: {
    select: `select k.id, k.code, k.name_zh, k.name_en, k.kind, k.level, r.code as region_code, r.name_zh as region_name,
               pp.code as parent_park_code, k.planned_area_ha, k.planned_area_mu, k.available_area_ha, k.available_area_mu,
               k.leading_industries, k.industry_codes, ${provenance('k')}
             from park k join region r on r.id = k.region_id left join park pp on pp.id = k.parent_park_id ${docJoin('k')}`,
    filters: {
      code: 'k.code',
      kind: 'k.kind',
      level: 'k.level',
      region_code: 'r.code',
      // A park "in" a city or province: its region or any region above it.
      within: `any(array(with recursive up(id, parent_id, code) as (
                 select id, parent_id, code from region where id = k.region_id
                 union all select x.id, x.parent_id, x.code from region x join up on x.id = up.parent_id)
               select code from up))`,
    },
    search: "k.name_zh || ' ' || coalesce(k.name_en, '')",
    sorts: {
      code: 'k.code',
      name_zh: 'k.name_zh',
      name_en: 'k.name_en',
      planned_area_ha: 'k.planned_area_ha',
    },
    defaultSort: 'code',
    key: 'k.code',
    visible: `(k.region_id = any({regions}) or k.id = any({parks}) or k.id in (select park_id from enterprise where id = any({enterprises})))`,
  },
  chains: {
    select: `select c.id, c.code, c.version, c.name_zh, c.name_en, c.description,
               (select count(*)::int from chain_node n where n.chain_id = c.id) as nodes,
               (select count(*)::int from chain_edge e where e.chain_id = c.id) as edges, ${provenance('c')}
             from chain c ${docJoin('c')}`,
    filters: { code: 'c.code' },
    search: "c.name_zh || ' ' || coalesce(c.name_en, '')",
    sorts: { code: 'c.code', name_zh: 'c.name_zh' },
    defaultSort: 'code',
    key: 'c.code',
    public: true,
  },
  chain_nodes: {
    select: `select n.id, c.code as chain_code, n.code, n.name_zh, n.name_en, n.position, n.stage, n.industry_codes,
               n.hs_codes, n.key_products, n.seq,
               array(select f.code from chain_edge e join chain_node f on f.id = e.from_node_id where e.to_node_id = n.id) as suppliers
             from chain_node n join chain c on c.id = n.chain_id`,
    filters: { chain_code: 'c.code', position: 'n.position', stage: 'n.stage', code: 'n.code' },
    search: "n.name_zh || ' ' || coalesce(n.name_en, '')",
    sorts: { seq: 'n.seq', code: 'n.code', position: 'n.position' },
    defaultSort: 'seq',
    key: "c.code || '/' || n.code",
    public: true,
  },
  clusters: {
    select: `select cl.id, cl.code, cl.name_zh, cl.name_en, cl.tier, r.code as region_code, k.code as park_code,
               cl.description,
               array(select ch.code from cluster_chain cc join chain ch on ch.id = cc.chain_id where cc.cluster_id = cl.id) as chain_codes,
               ${provenance('cl')}
             from cluster cl left join region r on r.id = cl.region_id left join park k on k.id = cl.park_id ${docJoin('cl')}`,
    filters: { code: 'cl.code', tier: 'cl.tier', region_code: 'r.code', park_code: 'k.code' },
    search: "cl.name_zh || ' ' || coalesce(cl.name_en, '')",
    sorts: { code: 'cl.code', name_zh: 'cl.name_zh', tier: 'cl.tier' },
    defaultSort: 'code',
    key: 'cl.code',
    visible: `(cl.region_id = any({regions}) or cl.park_id = any({parks}))`,
  },
  enterprises: {
    select: `select e.id, e.credit_code, e.name_zh, e.name_en, r.code as region_code, r.name_zh as region_name,
               k.code as park_code, e.industry_code, e.size_class, e.above_designated_size, e.high_tech, e.listed,
               ${provenance('e')}
             from enterprise e join region r on r.id = e.region_id left join park k on k.id = e.park_id ${docJoin('e')}`,
    filters: {
      credit_code: 'e.credit_code',
      region_code: 'r.code',
      park_code: 'k.code',
      industry_code: 'e.industry_code',
      size_class: 'e.size_class',
    },
    search: "e.name_zh || ' ' || coalesce(e.name_en, '') || ' ' || coalesce(e.credit_code, '')",
    sorts: { name_zh: 'e.name_zh', credit_code: 'e.credit_code', region_code: 'r.code', id: 'e.id' },
    defaultSort: 'id',
    key: 'coalesce(e.credit_code, e.id::text)',
    visible: `(e.region_id = any({regions}) or e.park_id = any({parks}) or e.id = any({enterprises}))`,
  },
  enterprise_nodes: {
    select: `select e.name_zh as enterprise_name, e.credit_code as enterprise_credit_code, c.code as chain_code,
               n.code as node_code, n.name_zh as node_name, en.role, ${provenance('en')}
             from enterprise_node en join enterprise e on e.id = en.enterprise_id
             join chain_node n on n.id = en.chain_node_id join chain c on c.id = n.chain_id ${docJoin('en')}`,
    filters: {
      chain_code: 'c.code',
      node_code: 'n.code',
      role: 'en.role',
      enterprise_credit_code: 'e.credit_code',
    },
    search: 'e.name_zh',
    sorts: { chain_code: 'c.code', node_code: 'n.code', enterprise_name: 'e.name_zh' },
    defaultSort: 'chain_code',
    key: 'e.id::text',
    visible: `(e.region_id = any({regions}) or e.park_id = any({parks}) or e.id = any({enterprises}))`,
  },
  supply_links: {
    select: `select s.id, b.name_zh as buyer_name, b.credit_code as buyer_credit_code, sp.name_zh as supplier_name,
               sp.credit_code as supplier_credit_code, rb.code as buyer_region_code, rs.code as supplier_region_code,
               s.year, s.value, s.unit, ${provenance('s')}
             from supply_link s join enterprise b on b.id = s.buyer_id join enterprise sp on sp.id = s.supplier_id
             join region rb on rb.id = s.buyer_region_id join region rs on rs.id = s.supplier_region_id ${docJoin('s')}`,
    filters: { year: 's.year', buyer_region_code: 'rb.code', supplier_region_code: 'rs.code' },
    sorts: { year: 's.year', value: 's.value', id: 's.id' },
    defaultSort: 'id',
    key: 's.id::text',
    visible: `(s.buyer_region_id = any({regions}) or s.supplier_region_id = any({regions}) or b.park_id = any({parks}) or sp.park_id = any({parks}) or s.buyer_id = any({enterprises}) or s.supplier_id = any({enterprises}))`,
  },
  indicators: {
    select: `select i.id, i.entity_kind,
               coalesce(er.code, ek.code, ec.code, ech.code, ee.credit_code, ee.name_zh) as entity_code,
               coalesce(er.name_zh, ek.name_zh, ec.name_zh, ech.name_zh, ee.name_zh) as entity_name,
               r.code as region_code, ind.code as industry_code, m.code as metric, m.name_en as metric_name,
               i.period, i.period_start, i.period_end, i.scope, i.value, i.unit, i.value_original, i.unit_original,
               i.note, ${provenance('i')}
             from indicator i
             join region r on r.id = i.region_id
             join metric m on m.id = i.metric_id
             left join industry ind on ind.id = i.industry_id
             left join region er on i.entity_kind = 'region' and er.id = i.entity_id
             left join park ek on i.entity_kind = 'park' and ek.id = i.entity_id
             left join cluster ec on i.entity_kind = 'cluster' and ec.id = i.entity_id
             left join chain ech on i.entity_kind = 'chain' and ech.id = i.entity_id
             left join enterprise ee on i.entity_kind = 'enterprise' and ee.id = i.entity_id
             ${docJoin('i')}`,
    filters: {
      entity_kind: 'i.entity_kind',
      entity_code: 'coalesce(er.code, ek.code, ec.code, ech.code, ee.credit_code, ee.name_zh)',
      region_code: 'r.code',
      metric: 'm.code',
      period: 'i.period',
      industry_code: 'ind.code',
      scope: 'i.scope',
      source: 'i.source',
    },
    sorts: { id: 'i.id', period: 'i.period_end', value: 'i.value', metric: 'm.code' },
    defaultSort: 'id',
    key: 'i.id::text',
    visible: `(i.region_id = any({regions}) or (i.entity_kind = 'park' and i.entity_id = any({parks})) or (i.entity_kind = 'enterprise' and (ee.park_id = any({parks}) or ee.id = any({enterprises}))))`,
  },
  targets: {
    select: `select t.id, t.entity_kind,
               coalesce(er.code, ek.code, ec.code, ech.code, ee.credit_code, ee.name_zh) as entity_code,
               r.code as region_code, m.code as metric, t.value, t.unit, t.value_original, t.unit_original,
               t.due_period, t.due_end, t.phase, t.baseline_value, t.baseline_period, t.note, ${provenance('t')}
             from target t join region r on r.id = t.region_id join metric m on m.id = t.metric_id
             left join region er on t.entity_kind = 'region' and er.id = t.entity_id
             left join park ek on t.entity_kind = 'park' and ek.id = t.entity_id
             left join cluster ec on t.entity_kind = 'cluster' and ec.id = t.entity_id
             left join chain ech on t.entity_kind = 'chain' and ech.id = t.entity_id
             left join enterprise ee on t.entity_kind = 'enterprise' and ee.id = t.entity_id
             ${docJoin('t')}`,
    filters: {
      entity_kind: 't.entity_kind',
      region_code: 'r.code',
      metric: 'm.code',
      due_period: 't.due_period',
    },
    sorts: { id: 't.id', due_end: 't.due_end', metric: 'm.code' },
    defaultSort: 'id',
    key: 't.id::text',
    visible: `(t.region_id = any({regions}) or (t.entity_kind = 'park' and t.entity_id = any({parks})) or (t.entity_kind = 'enterprise' and (ee.park_id = any({parks}) or ee.id = any({enterprises}))))`,
  },
  plans: {
    select: `select pl.id, pl.code, pl.name_zh, pl.name_en, r.code as region_code, k.code as park_code, pl.period,
               pl.issued_by, pl.issued_on,
               (select count(*)::int from action a where a.plan_id = pl.id) as actions,
               (select count(*)::int from task t where t.plan_id = pl.id) as tasks, ${provenance('pl')}
             from plan pl left join region r on r.id = pl.region_id left join park k on k.id = pl.park_id ${docJoin('pl')}`,
    filters: { code: 'pl.code', region_code: 'r.code', park_code: 'k.code' },
    search: "pl.name_zh || ' ' || coalesce(pl.name_en, '')",
    sorts: { code: 'pl.code', name_zh: 'pl.name_zh' },
    defaultSort: 'code',
    key: 'pl.code',
    visible: `(pl.region_id = any({regions}) or pl.park_id = any({parks}))`,
  },
  actions: {
    select: `select a.id, pl.code as plan_code, a.code, a.seq, a.name_zh, a.name_en, ${provenance('a')}
             from action a join plan pl on pl.id = a.plan_id ${docJoin('a')}`,
    filters: { plan_code: 'pl.code', code: 'a.code' },
    sorts: { seq: 'a.seq', code: 'a.code' },
    defaultSort: 'seq',
    key: "pl.code || '/' || a.code",
    visible: `(pl.region_id = any({regions}) or pl.park_id = any({parks}))`,
  },
  tasks: {
    select: `select t.id, t.code, pl.code as plan_code, a.code as action_code, t.year, t.title, t.owner_department,
               t.lead_official, t.due_date, t.target_metric, t.target_value, t.target_unit, t.measures, ${provenance('t')}
             from task t join plan pl on pl.id = t.plan_id left join action a on a.id = t.action_id ${docJoin('t')}`,
    filters: { code: 't.code', plan_code: 'pl.code', year: 't.year', owner_department: 't.owner_department' },
    search: 't.title',
    sorts: { code: 't.code', due_date: 't.due_date', year: 't.year' },
    defaultSort: 'code',
    key: 't.code',
    visible: `(pl.region_id = any({regions}) or pl.park_id = any({parks}))`,
  },
  task_reviews: {
    select: `select v.id, t.code as task_code, v.reviewed_on, v.status, v.progress, v.note, v.evidence, ${provenance('v')}
             from task_review v join task t on t.id = v.task_id ${docJoin('v')}`,
    filters: { task_code: 't.code', status: 'v.status' },
    sorts: { reviewed_on: 'v.reviewed_on', id: 'v.id' },
    defaultSort: 'reviewed_on',
    key: 'v.id::text',
    visible: `t.plan_id in (select id from plan where region_id = any({regions}) or park_id = any({parks}))`,
  },
  projects: {
    select: `select p.id, p.code, p.name_zh, p.name_en, k.code as park_code, r.code as region_code,
               coalesce(e.name_zh, p.investor_name) as investor_name, e.credit_code as investor_credit_code,
               c.code as chain_code, n.code as node_code, p.planned_investment_yuan, p.completed_investment_yuan,
               p.stage, p.phase, p.start_date, p.due_date, ${provenance('p')}
             from project p left join park k on k.id = p.park_id left join region r on r.id = p.region_id
             left join enterprise e on e.id = p.investor_id left join chain_node n on n.id = p.chain_node_id
             left join chain c on c.id = coalesce(p.chain_id, n.chain_id) ${docJoin('p')}`,
    filters: { code: 'p.code', park_code: 'k.code', stage: 'p.stage', chain_code: 'c.code' },
    search: "p.name_zh || ' ' || coalesce(p.name_en, '')",
    sorts: {
      code: 'p.code',
      planned_investment_yuan: 'p.planned_investment_yuan',
      start_date: 'p.start_date',
    },
    defaultSort: 'code',
    key: 'p.code',
    visible: `(p.region_id = any({regions}) or p.park_id = any({parks}) or k.region_id = any({regions}) or p.investor_id = any({enterprises}))`,
  },
  land_parcels: {
    select: `select l.id, l.code, k.code as park_code, l.name, l.area_ha, l.area_mu, l.status, l.infrastructure_ready,
               l.intended_use, l.sold_on, l.holder_name, l.note, ${provenance('l')}
             from land_parcel l join park k on k.id = l.park_id ${docJoin('l')}`,
    filters: { code: 'l.code', park_code: 'k.code', status: 'l.status' },
    search: "coalesce(l.name, '')",
    sorts: { code: 'l.code', area_ha: 'l.area_ha', status: 'l.status' },
    defaultSort: 'code',
    key: 'l.code',
    visible: `(k.id = any({parks}) or k.region_id = any({regions}))`,
  },
  // Amounts per mu in yuan, under the names the import kind gives its columns (investment_per_mu …), with
  // what the park recorded since (start, completion, exemption) beside them.
  standard_land_contracts: {
    select: `select c.id, c.code, l.code as parcel_code, k.code as park_code, e.credit_code as enterprise_credit_code,
               e.name_zh as enterprise_name, p.code as project_code, c.investment_yuan_per_mu as investment_per_mu,
               c.tax_yuan_per_mu as tax_per_mu, c.output_yuan_per_mu as output_per_mu, c.plot_ratio, c.start_due,
               c.completion_due, c.full_output_due, c.started_on, c.completed_on, c.actual_plot_ratio,
               c.actual_investment_yuan, c.exempted, c.exemption_reason, ${provenance('c')}
             from standard_land_contract c join land_parcel l on l.id = c.land_parcel_id join park k on k.id = l.park_id
             left join enterprise e on e.id = c.enterprise_id left join project p on p.id = c.project_id ${docJoin('c')}`,
    filters: {
      code: 'c.code',
      parcel_code: 'l.code',
      park_code: 'k.code',
      enterprise_credit_code: 'e.credit_code',
    },
    sorts: { code: 'c.code', full_output_due: 'c.full_output_due', completion_due: 'c.completion_due' },
    defaultSort: 'code',
    key: 'c.code',
    visible: `(k.id = any({parks}) or k.region_id = any({regions}) or c.enterprise_id = any({enterprises}))`,
  },
  incentives: {
    select: `select x.id, x.code, x.granting_level, r.code as granting_region_code, x.recipient_kind, x.recipient_code,
               x.kind, x.amount_yuan, x.amount_original, x.money_unit_original, x.period, x.granted_on, x.purpose,
               ${provenance('x')}
             from incentive x left join region r on r.id = x.granting_region_id ${docJoin('x')}`,
    filters: {
      code: 'x.code',
      granting_level: 'x.granting_level',
      kind: 'x.kind',
      granting_region_code: 'r.code',
    },
    sorts: { code: 'x.code', amount_yuan: 'x.amount_yuan', granted_on: 'x.granted_on' },
    defaultSort: 'code',
    key: 'x.code',
    visible: `(x.granting_region_id = any({regions}) or (x.recipient_kind = 'park' and x.recipient_code in (select code from park where id = any({parks}))))`,
  },
  service_requests: {
    select: `select s.id, s.code, e.name_zh as enterprise_name, e.credit_code as enterprise_credit_code, k.code as park_code,
               s.category, s.text, s.department, s.filed_on, s.deadline, s.status, s.response, ${provenance('s')}
             from service_request s join enterprise e on e.id = s.enterprise_id left join park k on k.id = s.park_id ${docJoin('s')}`,
    filters: { code: 's.code', status: 's.status', department: 's.department', park_code: 'k.code' },
    search: 's.text',
    sorts: { code: 's.code', deadline: 's.deadline', filed_on: 's.filed_on' },
    defaultSort: 'code',
    key: 's.code',
    visible: `(e.region_id = any({regions}) or s.park_id = any({parks}) or e.park_id = any({parks}) or e.id = any({enterprises}) or s.department = any({departments}))`,
  },
  enclave_agreements: {
    select: `select x.id, x.code, x.name, h.code as home_region_code, t.code as host_region_code, k.code as park_code,
               x.period, x.tax_share_home, x.output_share_home, x.gdp_share_home, x.note, ${provenance('x')}
             from enclave_agreement x join region h on h.id = x.home_region_id join region t on t.id = x.host_region_id
             left join park k on k.id = x.park_id ${docJoin('x')}`,
    filters: { code: 'x.code', home_region_code: 'h.code', host_region_code: 't.code' },
    sorts: { code: 'x.code' },
    defaultSort: 'code',
    key: 'x.code',
    visible: `(x.home_region_id = any({regions}) or x.host_region_id = any({regions}) or x.park_id = any({parks}))`,
  },
  problems: {
    select: `select pr.id, pr.code, pr.title, pr.description, pr.category, r.code as region_code, k.code as park_code,
               c.code as chain_code, n.code as node_code, pr.period, pr.status, ${provenance('pr')}
             from problem pr left join region r on r.id = pr.region_id left join park k on k.id = pr.park_id
             left join chain c on c.id = pr.chain_id left join chain_node n on n.id = pr.chain_node_id ${docJoin('pr')}`,
    filters: {
      code: 'pr.code',
      category: 'pr.category',
      park_code: 'k.code',
      chain_code: 'c.code',
      status: 'pr.status',
    },
    search: "pr.title || ' ' || coalesce(pr.description, '')",
    sorts: { code: 'pr.code', category: 'pr.category' },
    defaultSort: 'code',
    key: 'pr.code',
    visible: `(pr.region_id = any({regions}) or pr.park_id = any({parks}) or k.region_id = any({regions}))`,
  },
} satisfies Record<string, EntityView>;

export type EntityName = keyof typeof ENTITY_VIEWS;
export const ENTITY_NAMES = Object.keys(ENTITY_VIEWS) as EntityName[];
