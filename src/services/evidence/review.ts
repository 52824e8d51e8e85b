/**
 * The review queue: an analyst accepts, corrects or rejects each proposed figure. Accepting writes an
 * indicator whose provenance is the document, the quoted sentence and the figure's offsets. Accepting
 * twice does not duplicate it; a figure whose entity, metric and period already hold a different value
 * from another source is flagged as a conflict and leaves the stored figure untouched.
 */
import { isTargetStatement } from '../../domain/figures/targets.ts';
import { parsePeriod } from '../../domain/period.ts';
import type { Queryable } from '../../store/db.ts';
import { loadUnitRegistry } from '../import/units.ts';

export interface EvidenceFact {
  id: number;
  document_id: number;
  document_code: string;
  start_offset: number;
  end_offset: number;
  figure_text: string;
  value: number;
  unit: string;
  figure_kind: string;
  change: string | null;
  change_base: string | null;
  period: string | null;
  entity_kind: string | null;
  entity_code: string | null;
  metric_code: string | null;
  sentence: string;
  sentence_start: number;
  sentence_end: number;
  status: 'proposed' | 'accepted' | 'rejected' | 'conflict';
  indicator_id: number | null;
  conflict_indicator_id: number | null;
  note: string | null;
  /**
   * The target an accepted figure became (column target_id) or, for a conflict, the stored target it
   * conflicts with (conflict_target_id): one field, as the API has always answered it.
   */
  target_id: number | null;
  /** What the review queue proposes the figure as: a goal ("by 2027 …") is a target. */
  proposed_as: 'indicator' | 'target';
}

type FactRow = Omit<EvidenceFact, 'proposed_as'>;
const withReview = (row: FactRow): EvidenceFact => ({ ...row, proposed_as: proposedAs(row) });

export class ReviewError extends Error {
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message);
  }
}

const FACT_COLUMNS = `f.id, f.document_id, d.code as document_code, f.start_offset, f.end_offset, f.figure_text, f.value,
  f.unit, f.figure_kind, f.change, f.change_base, f.period, f.entity_kind, f.entity_code, f.metric_code, f.sentence,
  f.sentence_start, f.sentence_end, f.status, f.indicator_id, f.conflict_indicator_id, f.note,
  coalesce(f.target_id, f.conflict_target_id) as target_id`;

export async function listFacts(
  db: Queryable,
  filter: { status?: string; documentCode?: string; limit?: number; visibleRegionIds?: number[] | null } = {},
): Promise<EvidenceFact[]> {
  const rows = await db.query<FactRow>(
    `select ${FACT_COLUMNS} from evidence_fact f join document d on d.id = f.document_id
     where ($1::text is null or f.status = $1) and ($2::text is null or d.code = $2)
       and ($4::int[] is null or d.region_id is null or d.region_id = any ($4::int[]))
     order by f.document_id, f.start_offset limit $3`,
    [
      filter.status ?? null,
      filter.documentCode ?? null,
      filter.limit ?? 500,
      filter.visibleRegionIds ?? null,
    ],
  );
  return rows.map(withReview);
}

async function getFact(db: Queryable, id: number): Promise<EvidenceFact> {
  const [fact] = await db.query<FactRow>(
    `select ${FACT_COLUMNS} from evidence_fact f join document d on d.id = f.document_id where f.id = $1`,
    [id],
  );
  if (!fact) throw new ReviewError(`fact ${id}: no such proposed fact`, 'id');
  return withReview(fact);
}

/** What an analyst may correct before accepting, and whether the figure is a target or an indicator. */
export interface Correction {
  value?: number;
  unit?: string;
  period?: string;
  entityKind?: EvidenceFact['entity_kind'];
  entityCode?: string;
  metricCode?: string;
  /** The region a chain's figure is for (default: the document's region). */
  regionCode?: string;
  /** Accept as an indicator or a target (default: as proposed, see `proposedAs`). */
  as?: 'indicator' | 'target';
}

const ENTITY_SQL: Record<string, string> = {
  region: 'select id, id as region_id from region where code = $1',
  park: 'select id, region_id from park where code = $1',
  cluster: `select c.id, coalesce(c.region_id, p.region_id) as region_id from cluster c left join park p on p.id = c.park_id where c.code = $1`,
  enterprise: 'select id, region_id from enterprise where credit_code = $1 or name_zh = $1 limit 1',
  // A chain is a template: its figure belongs to a region (the correction's, else the document's).
  chain: 'select id, null::int as region_id from chain where code = $1',
};

export interface AcceptResult {
  fact: EvidenceFact;
  outcome: 'created' | 'already_accepted' | 'same_value_linked' | 'conflict';
  /** What the figure was accepted as. */
  as: 'indicator' | 'target';
  indicatorId: number | null;
  targetId: number | null;
}

/** Indicator or target, as the sentence states the figure (a goal: "by 2027 … expected to reach"). */
export function proposedAs(fact: Pick<EvidenceFact, 'sentence' | 'start_offset' | 'sentence_start'>) {
  return isTargetStatement(fact.sentence, fact.start_offset - fact.sentence_start) ? 'target' : 'indicator';
}

/** Where the reviewer may write (services/accounts/subject.ts writeScopeOf); absent = anywhere (CLI). */
export interface ReviewScope {
  all: boolean;
  regions: number[];
  parks: number[];
}

export class ReviewScopeError extends ReviewError {}

const sameValue = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a));

export async function acceptFact(
  db: Queryable,
  id: number,
  actor: string,
  correction: Correction = {},
  scope?: ReviewScope,
): Promise<AcceptResult> {
  const fact = await getFact(db, id);
  // A figure already linked to a target (accepted, or in conflict with one) stays a target unless told.
  const as = correction.as ?? (fact.target_id ? 'target' : proposedAs(fact));
  const corrected = Object.entries(correction).some(([k, v]) => k !== 'as' && v !== undefined);
  // Accepting an accepted figure again writes nothing (as whichever kind it was accepted).
  if (fact.status === 'accepted' && !corrected)
    return {
      fact,
      outcome: 'already_accepted',
      as: fact.indicator_id ? 'indicator' : 'target',
      indicatorId: fact.indicator_id,
      targetId: fact.target_id,
    };
  const value = correction.value ?? fact.value;
  const unit = correction.unit ?? fact.unit;
  const periodCode = correction.period ?? fact.period;
  const entityKind = correction.entityKind ?? fact.entity_kind;
  const entityCode = correction.entityCode ?? fact.entity_code;
  const metricCode = correction.metricCode ?? fact.metric_code;
  if (!metricCode) throw new ReviewError(`fact ${id}: no metric; correct it with a metric code`, 'metric');
  if (!entityKind || !entityCode)
    throw new ReviewError(`fact ${id}: no entity; correct it with an entity`, 'entity');
  const period = periodCode ? parsePeriod(periodCode) : null;
  if (!period)
    throw new ReviewError(`fact ${id}: period ${periodCode ?? '(none)'} is not a period`, 'period');
  const entitySql = ENTITY_SQL[entityKind];
  if (!entitySql) throw new ReviewError(`fact ${id}: ${entityKind} is not an entity kind`, 'entity');
  const [found] = await db.query<{ id: number; region_id: number | null }>(entitySql, [entityCode]);
  if (!found) throw new ReviewError(`fact ${id}: ${entityKind} ${entityCode} not found`, 'entity');
  let regionId = found.region_id;
  if (entityKind === 'chain') {
    const [region] = correction.regionCode
      ? await db.query<{ id: number }>('select id from region where code = $1', [correction.regionCode])
      : await db.query<{ id: number | null }>('select region_id as id from document where id = $1', [
          fact.document_id,
        ]);
    if (!region?.id)
      throw new ReviewError(
        correction.regionCode
          ? `fact ${id}: region ${correction.regionCode} not found`
          : `fact ${id}: the chain's figure needs a region; the document has none, give one`,
        'region',
      );
    regionId = region.id;
  }
  if (!regionId) throw new ReviewError(`fact ${id}: ${entityKind} ${entityCode} has no region`, 'entity');
  if (
    scope &&
    !scope.all &&
    !scope.regions.includes(regionId) &&
    !(entityKind === 'park' && scope.parks.includes(found.id))
  )
    throw new ReviewScopeError(
      `fact ${id}: ${entityKind} ${entityCode} is outside your write scope`,
      'entity',
    );
  const [metric] = await db.query<{ id: number; unit: string }>(
    'select id, unit from metric where code = $1',
    [metricCode],
  );
  if (!metric) throw new ReviewError(`fact ${id}: metric ${metricCode} not found`, 'metric');
  const normalized = (await loadUnitRegistry(db)).normalize(value, unit);
  if (!normalized) throw new ReviewError(`fact ${id}: unit ${unit} is not in the unit table`, 'unit');
  if (normalized.unit !== metric.unit)
    throw new ReviewError(
      `fact ${id}: metric ${metricCode} is in ${metric.unit}, the figure in ${normalized.unit}`,
      'unit',
    );
  const provenance = `evidence: characters ${fact.start_offset}–${fact.end_offset} ("${fact.figure_text}")`;
  const stamp = `reviewed_by = $2, reviewed_at = now()`;
  const accepted = `status = 'accepted', ${stamp}, value = $3, unit = $4, period = $5, entity_kind = $6,
    entity_code = $7, metric_code = $8`;
  const reviewed = [id, actor, value, unit, period.code, entityKind, entityCode, metricCode];
  // Each outcome sets all four links, so a figure re-accepted with corrections keeps none of its old ones.
  const done = async (
    outcome: AcceptResult['outcome'],
    indicatorId: number | null,
    targetId: number | null,
  ) => ({
    fact: await getFact(db, id),
    outcome,
    as,
    indicatorId,
    targetId,
  });

  if (as === 'target') {
    const [existing] = await db.query<{ id: number; value: number }>(
      `select id, value from target where entity_kind = $1 and entity_id = $2 and metric_id = $3 and due_period = $4
         and industry_id is null`,
      [entityKind, found.id, metric.id, period.code],
    );
    if (existing && !sameValue(existing.value, normalized.value)) {
      await db.query(
        `update evidence_fact set status = 'conflict', conflict_indicator_id = null, conflict_region_id = null,
           target_id = null, conflict_target_id = $3, ${stamp}, note = $4 where id = $1`,
        [id, actor, existing.id, `stored value ${existing.value} ≠ ${normalized.value} ${normalized.unit}`],
      );
      return done('conflict', null, existing.id);
    }
    let targetId = existing?.id;
    if (!targetId) {
      const [created] = await db.query<{ id: number }>(
        `insert into target (region_id, entity_kind, entity_id, metric_id, value, unit, value_original, unit_original,
           due_period, due_end, note, source, quote, document_id)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) returning id`,
        [
          regionId,
          entityKind,
          found.id,
          metric.id,
          normalized.value,
          normalized.unit,
          value,
          unit,
          period.code,
          period.end,
          provenance,
          fact.document_code,
          fact.sentence,
          fact.document_id,
        ],
      );
      targetId = created!.id;
    }
    await db.query(
      `update evidence_fact set ${accepted}, indicator_id = null, indicator_region_id = null, target_id = $9,
         conflict_target_id = null where id = $1`,
      [...reviewed, targetId],
    );
    return done(existing ? 'same_value_linked' : 'created', null, targetId);
  }

  const [existing] = await db.query<{
    id: number;
    region_id: number;
    value: number;
    document_id: number | null;
  }>(
    `select id, region_id, value, document_id from indicator
     where region_id = $1 and entity_kind = $2 and entity_id = $3 and metric_id = $4 and period = $5 and scope = ''
     -- A document that names no industry states the entity's figure whichever industry it was filed under.
     order by industry_id nulls first limit 1`,
    [regionId, entityKind, found.id, metric.id, period.code],
  );
  if (existing) {
    if (sameValue(existing.value, normalized.value)) {
      await db.query(
        `update evidence_fact set ${accepted}, indicator_id = $9, indicator_region_id = $10, target_id = null,
           conflict_target_id = null where id = $1`,
        [...reviewed, existing.id, existing.region_id],
      );
      return done('same_value_linked', existing.id, null);
    }
    await db.query(
      `update evidence_fact set status = 'conflict', conflict_indicator_id = $3, conflict_region_id = $4,
         target_id = null, conflict_target_id = null, ${stamp}, note = $5 where id = $1`,
      [
        id,
        actor,
        existing.id,
        existing.region_id,
        `stored value ${existing.value} ≠ ${normalized.value} ${normalized.unit}`,
      ],
    );
    return done('conflict', existing.id, null);
  }
  const [created] = await db.query<{ id: number }>(
    `insert into indicator (region_id, entity_kind, entity_id, metric_id, period, period_start, period_end, scope, value,
       unit, value_original, unit_original, note, source, quote, document_id)
     values ($1, $2, $3, $4, $5, $6, $7, '', $8, $9, $10, $11, $12, $13, $14, $15) returning id`,
    [
      regionId,
      entityKind,
      found.id,
      metric.id,
      period.code,
      period.start,
      period.end,
      normalized.value,
      normalized.unit,
      value,
      unit,
      provenance,
      fact.document_code,
      fact.sentence,
      fact.document_id,
    ],
  );
  await db.query(
    `update evidence_fact set ${accepted}, indicator_id = $9, indicator_region_id = $10, target_id = null,
       conflict_target_id = null where id = $1`,
    [...reviewed, created!.id, regionId],
  );
  return done('created', created!.id, null);
}

export async function rejectFact(
  db: Queryable,
  id: number,
  actor: string,
  note?: string,
  scope?: ReviewScope,
): Promise<EvidenceFact> {
  const fact = await getFact(db, id);
  if (scope && !scope.all) {
    // A reviewer rejects only figures of documents about their own regions.
    const [doc] = await db.query<{ region_id: number | null }>(
      'select region_id from document where id = $1',
      [fact.document_id],
    );
    if (doc?.region_id == null || !scope.regions.includes(doc.region_id))
      throw new ReviewScopeError(`fact ${id}: its document is outside your write scope`, 'document');
  }
  if (fact.status === 'accepted')
    throw new ReviewError(`fact ${id} is accepted; delete its indicator first`, 'status');
  await db.query(
    `update evidence_fact set status = 'rejected', reviewed_by = $2, reviewed_at = now(), note = coalesce($3, note) where id = $1`,
    [id, actor, note ?? null],
  );
  return getFact(db, id);
}

/** A conflict: a document's figure against the stored indicator or target for the same entity, metric and period. */
export interface Conflict {
  factId: number;
  /** What the document's figure conflicts with. */
  storedAs: 'indicator' | 'target';
  entityKind: string;
  entityCode: string;
  metricCode: string;
  period: string;
  proposed: { value: number; unit: string; document: string; sentence: string };
  stored: { value: number; unit: string; source: string | null; sentence: string | null };
}

export async function listConflicts(db: Queryable): Promise<Conflict[]> {
  const rows = await db.query<{
    id: number;
    stored_as: 'indicator' | 'target';
    entity_kind: string;
    entity_code: string;
    metric_code: string;
    period: string;
    value: number;
    unit: string;
    document_code: string;
    sentence: string;
    stored_value: number;
    stored_unit: string;
    stored_source: string | null;
    stored_quote: string | null;
  }>(
    `select f.id, 'indicator' as stored_as, f.entity_kind, f.entity_code, f.metric_code, f.period, f.value, f.unit,
            d.code as document_code, f.sentence, i.value as stored_value, i.unit as stored_unit,
            i.source as stored_source, i.quote as stored_quote
     from evidence_fact f join document d on d.id = f.document_id
     join indicator i on i.region_id = f.conflict_region_id and i.id = f.conflict_indicator_id
     where f.status = 'conflict'
     union all
     select f.id, 'target', f.entity_kind, f.entity_code, f.metric_code, f.period, f.value, f.unit, d.code,
            f.sentence, t.value, t.unit, t.source, t.quote
     from evidence_fact f join document d on d.id = f.document_id
     join target t on t.id = f.conflict_target_id
     where f.status = 'conflict'
     order by 1`,
  );
  return rows.map((r) => ({
    factId: r.id,
    storedAs: r.stored_as,
    entityKind: r.entity_kind,
    entityCode: r.entity_code,
    metricCode: r.metric_code,
    period: r.period,
    proposed: { value: r.value, unit: r.unit, document: r.document_code, sentence: r.sentence },
    stored: { value: r.stored_value, unit: r.stored_unit, source: r.stored_source, sentence: r.stored_quote },
  }));
}
