/**
 * What grading reads about an enterprise besides its figures: when it started production, whether its
 * land is still under construction, whose parcel it rents (its grading profile), and the year's flags
 * that trigger a scheme's bonus and penalty items. Officers set them within the parks they may change.
 */
import type { Db, Queryable } from '../../store/db.ts';
import { type Subject, writeScopeOf } from '../accounts/subject.ts';
import { type Actor, recordAudit } from '../audit.ts';
import { OperationError, scopeCovers } from '../operations/common.ts';

/** An enterprise by credit code or name, within what the subject may change (else 404). */
export async function writableEnterprise(tx: Queryable, subject: Subject, key: string) {
  const rows = await tx.query<{ id: number; region_id: number; park_id: number | null; name_zh: string }>(
    `select id::float8 as id, region_id, park_id, name_zh from enterprise where credit_code = $1 or name_zh = $1
     order by id limit 2`,
    [key],
  );
  if (rows.length > 1)
    throw new OperationError(400, `more than one enterprise is named ${key}; give its credit code`);
  const row = rows[0];
  if (!row || !scopeCovers(await writeScopeOf(tx, subject), { parkId: row.park_id, regionId: row.region_id }))
    throw new OperationError(404, `no enterprise ${key} within what you may change`);
  return { ...row, id: Number(row.id) };
}

export async function setGradingProfile(
  db: Db,
  subject: Subject,
  actor: Actor,
  input: {
    enterprise: string;
    production_started_on?: string | null;
    land_under_construction?: boolean;
    landlord?: string | null;
    note?: string | null;
  },
) {
  return db.transaction(async (tx) => {
    const e = await writableEnterprise(tx, subject, input.enterprise);
    let landlordId: number | null | undefined;
    if (input.landlord === null) landlordId = null;
    else if (input.landlord !== undefined) {
      const [l] = await tx.query<{ id: number }>(
        'select id::float8 as id from enterprise where credit_code = $1 or name_zh = $1 order by id limit 1',
        [input.landlord],
      );
      if (!l) throw new OperationError(404, `no landlord enterprise ${input.landlord}`);
      if (Number(l.id) === e.id) throw new OperationError(400, 'an enterprise is not its own landlord');
      landlordId = Number(l.id);
    }
    const [before] = await tx.query<Record<string, unknown>>(
      'select production_started_on::text, land_under_construction, landlord_enterprise_id::float8 as landlord, note from enterprise_grading_profile where enterprise_id = $1',
      [e.id],
    );
    const [after] = await tx.query<Record<string, unknown>>(
      `insert into enterprise_grading_profile (enterprise_id, production_started_on, land_under_construction,
         landlord_enterprise_id, note)
       values ($1, $2::date, coalesce($3, false), $4, $5)
       on conflict (enterprise_id) do update set
         production_started_on = case when $6 then excluded.production_started_on else enterprise_grading_profile.production_started_on end,
         land_under_construction = coalesce($3, enterprise_grading_profile.land_under_construction),
         landlord_enterprise_id = case when $7 then excluded.landlord_enterprise_id else enterprise_grading_profile.landlord_enterprise_id end,
         note = case when $8 then excluded.note else enterprise_grading_profile.note end
       returning production_started_on::text, land_under_construction, landlord_enterprise_id::float8 as landlord, note`,
      [
        e.id,
        input.production_started_on ?? null,
        input.land_under_construction ?? null,
        landlordId ?? null,
        input.note ?? null,
        input.production_started_on !== undefined,
        landlordId !== undefined,
        input.note !== undefined,
      ],
    );
    await recordAudit(
      tx,
      actor,
      before ? 'update' : 'create',
      'enterprise_grading_profile',
      e.id,
      before,
      after,
    );
    return { enterprise: e.name_zh, ...after };
  });
}

export async function setGradingFlag(
  db: Db,
  subject: Subject,
  actor: Actor,
  input: { enterprise: string; year: number; flag: string; on: boolean; note?: string },
) {
  return db.transaction(async (tx) => {
    const e = await writableEnterprise(tx, subject, input.enterprise);
    if (input.on)
      await tx.query(
        `insert into enterprise_grading_flag (enterprise_id, year, flag, note) values ($1, $2, $3, $4)
         on conflict (enterprise_id, year, flag) do update set note = excluded.note`,
        [e.id, input.year, input.flag, input.note ?? null],
      );
    else
      await tx.query(
        'delete from enterprise_grading_flag where enterprise_id = $1 and year = $2 and flag = $3',
        [e.id, input.year, input.flag],
      );
    await recordAudit(tx, actor, input.on ? 'set' : 'clear', 'enterprise_grading_flag', e.id, null, input);
    return { enterprise: e.name_zh, year: input.year, flag: input.flag, on: input.on };
  });
}
