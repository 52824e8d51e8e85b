/**
 * Standard-land contracts from a park's ledger (import kind standard_land_contracts): the parcel, the
 * buyer and project, the commitments per mu and the due dates. A re-import updates the terms and keeps
 * what the park has recorded since (start, completion, exemption: services/governance/standard-land.ts),
 * so the ledger can be loaded again after it changes without losing the checks' facts.
 */
import type { ImportRow } from '../../../domain/import-rows.ts';
import { resolveEnterprises } from '../enterprise-resolver.ts';
import { PROVENANCE_COLUMNS } from '../import-context.ts';
import { upsertRows } from '../upsert.ts';
import { type KindHandler, NOTHING_WRITTEN } from './handler.ts';

/** The dates of a contract in the order the table's checks require (0007: each on or after the one before). */
const DUE_DATES = ['start_due', 'completion_due', 'full_output_due'] as const;

export const standardLandContracts: KindHandler<ImportRow<'standard_land_contracts'>> = {
  key: (r) => r.code,
  async write(rows, ctx) {
    const parcelCodes = [...new Set(rows.map(({ row }) => row.parcel_code))];
    const parcels = new Map(
      (
        await ctx.tx.query<{ code: string; id: number }>(
          'select code, id from land_parcel where code = any($1::text[])',
          [parcelCodes],
        )
      ).map((p) => [p.code, Number(p.id)]),
    );
    const projectCodes = [
      ...new Set(rows.flatMap(({ row }) => (row.project_code ? [row.project_code] : []))),
    ];
    const projects = new Map(
      (
        await ctx.tx.query<{ code: string; id: number }>(
          'select code, id from project where code = any($1::text[])',
          [projectCodes],
        )
      ).map((p) => [p.code, Number(p.id)]),
    );
    const named = rows.filter(({ row }) => row.enterprise_credit_code || row.enterprise_name);
    const buyers = await resolveEnterprises(
      ctx,
      named.map(({ row, rowNumber }) => ({
        rowNumber,
        creditCode: row.enterprise_credit_code,
        name: row.enterprise_name,
        codeColumn: 'enterprise_credit_code',
        nameColumn: 'enterprise_name',
      })),
    );
    const buyerOfRow = new Map(named.map(({ rowNumber }, i) => [rowNumber, buyers[i]]));
    const createdAt = new Date().toISOString();
    const out = [];
    for (const { row, rowNumber } of rows) {
      const parcelId = ctx.ref(
        parcels,
        row.parcel_code,
        rowNumber,
        'parcel_code',
        'the code of a land parcel (import land_parcels first)',
      );
      if (row.project_code && !projects.has(row.project_code))
        ctx.error(
          rowNumber,
          'project_code',
          row.project_code,
          'the code of a project that exists (import projects first)',
        );
      // The commitments are stated per mu in the row's one money unit (checked once); stored in yuan per mu.
      const stated = [row.investment_per_mu, row.tax_per_mu, row.output_per_mu].some((v) => v !== undefined);
      const yuanPerUnit = stated
        ? ctx.amount(1, row.money_unit, rowNumber, 'money_unit', 'money_cny')?.value
        : undefined;
      const perMu = (column: 'investment_per_mu' | 'tax_per_mu' | 'output_per_mu') => {
        const value = row[column];
        if (value === undefined || yuanPerUnit === undefined) return null;
        const yuan = value * yuanPerUnit;
        if (!Number.isFinite(yuan))
          ctx.error(rowNumber, column, value, 'an amount a contract can state (finite in yuan)');
        return yuan;
      };
      let previous: { column: string; day: string } | undefined;
      for (const column of DUE_DATES) {
        const day = row[column];
        if (!day) continue;
        if (previous && day < previous.day)
          ctx.error(rowNumber, column, day, `a date on or after ${previous.column} (${previous.day})`);
        previous = { column, day };
      }
      out.push({
        code: row.code,
        land_parcel_id: parcelId ?? null,
        enterprise_id: buyerOfRow.get(rowNumber)?.id ?? null,
        project_id: row.project_code ? (projects.get(row.project_code) ?? null) : null,
        investment_yuan_per_mu: perMu('investment_per_mu'),
        tax_yuan_per_mu: perMu('tax_per_mu'),
        output_yuan_per_mu: perMu('output_per_mu'),
        plot_ratio: row.plot_ratio ?? null,
        start_due: row.start_due ?? null,
        completion_due: row.completion_due ?? null,
        full_output_due: row.full_output_due ?? null,
        created_at: createdAt,
        ...(await ctx.provenance(rowNumber, row)),
      });
    }
    if (ctx.failed) return NOTHING_WRITTEN;
    const columns = {
      code: 'text',
      land_parcel_id: 'integer',
      enterprise_id: 'bigint',
      project_id: 'integer',
      investment_yuan_per_mu: 'numeric',
      tax_yuan_per_mu: 'numeric',
      output_yuan_per_mu: 'numeric',
      plot_ratio: 'numeric',
      start_due: 'date',
      completion_due: 'date',
      full_output_due: 'date',
      created_at: 'timestamptz',
    };
    return upsertRows(
      ctx.tx,
      {
        table: 'standard_land_contract',
        conflict: '(code)',
        // The contract's first recording stays its creation; the park's later records are not columns here.
        keep: ['code', 'created_at'],
        columns: [...Object.entries(columns).map(([name, type]) => ({ name, type })), ...PROVENANCE_COLUMNS],
      },
      out,
    );
  },
};
