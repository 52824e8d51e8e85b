/**
 * An enclave agreement's ledger for a period: the enclave park's tax, output and GDP (value added) as
 * imported, each split between home and host by the agreement's shares (analytics/enclave-ledger.ts), and,
 * when both regions' own figures for the period are in the store, their totals with the enclave shared.
 */
import { type EnclaveFigure, enclaveCredits, shareEnclaveFigures } from '../../analytics/enclave-ledger.ts';
import type { Queryable } from '../../store/db.ts';
import type { Visibility } from '../accounts/subject.ts';
import { OperationError, visibleFilter } from './common.ts';

const SHARES: Record<string, 'tax_share_home' | 'output_share_home' | 'gdp_share_home'> = {
  tax: 'tax_share_home',
  output_value: 'output_share_home',
  industrial_output_value: 'output_share_home',
  gdp: 'gdp_share_home',
  value_added: 'gdp_share_home',
};

export const ENCLAVE_METHOD =
  "the enclave park's figure for the period is split by the agreement: home = figure × home share, host = figure − home; regions' figures by location count the enclave in its host, so shared totals take it out of the host once and add each side's credit — the sum over both regions is unchanged";

export async function enclaveLedger(db: Queryable, visibility: Visibility, code: string, period: string) {
  const params: unknown[] = [code];
  const visible = visibleFilter('enclave_agreements', 'x.id', visibility, params);
  const [agreement] = await db.query<Record<string, unknown>>(
    `select x.id, x.code, x.name, x.park_id, k.code as park_code, x.home_region_id, h.code as home_region_code,
       x.host_region_id, t.code as host_region_code, x.period, x.tax_share_home, x.output_share_home, x.gdp_share_home
     from enclave_agreement x join region h on h.id = x.home_region_id join region t on t.id = x.host_region_id
     left join park k on k.id = x.park_id where x.code = $1 and ${visible}`,
    params as never[],
  );
  if (!agreement) throw new OperationError(404, `no enclave agreement ${code}`);
  if (agreement.park_id === null)
    throw new OperationError(422, `enclave agreement ${code} names no park: its figures cannot be found`);
  const figures = await db.query<{ metric: string; value: number; unit: string; source: string | null }>(
    `select m.code as metric, i.value, i.unit, i.source from indicator i join metric m on m.id = i.metric_id
     where i.entity_kind = 'park' and i.entity_id = $1 and i.period = $2 and i.scope = '' and i.industry_id is null
       and m.code = any($3::text[])`,
    [agreement.park_id as number, period, Object.keys(SHARES)],
  );
  const home = agreement.home_region_code as string;
  const host = agreement.host_region_code as string;
  const lines = [];
  for (const f of figures) {
    const share = agreement[SHARES[f.metric]!];
    if (share === null || share === undefined) {
      lines.push({
        metric: f.metric,
        value: Number(f.value),
        unit: f.unit,
        home_share: null,
        credits: [],
        regions: null,
        note: 'the agreement gives no share for this figure',
      });
      continue;
    }
    const figure: EnclaveFigure = {
      enclave: code,
      home,
      host,
      value: Number(f.value),
      homeShare: Number(share),
    };
    const regional = await db.query<{ code: string; value: number }>(
      `select r.code, i.value from indicator i join metric m on m.id = i.metric_id join region r on r.id = i.entity_id
       where i.entity_kind = 'region' and r.code = any($1::text[]) and m.code = $2 and i.period = $3 and i.scope = ''
         and i.industry_id is null`,
      [[home, host], f.metric, period],
    );
    const byLocation = new Map(regional.map((r) => [r.code, Number(r.value)]));
    const shared = byLocation.has(host) ? shareEnclaveFigures(byLocation, [figure]) : null;
    lines.push({
      metric: f.metric,
      value: Number(f.value),
      unit: f.unit,
      home_share: Number(share),
      credits: enclaveCredits([figure]),
      regions: shared
        ? {
            by_location: Object.fromEntries(byLocation),
            shared: Object.fromEntries(shared.totals),
            grand_total_by_location: shared.grandTotalByLocation,
            grand_total_shared: shared.grandTotalShared,
          }
        : null,
    });
  }
  return {
    agreement: {
      code: agreement.code,
      name: agreement.name,
      park_code: agreement.park_code,
      home_region_code: home,
      host_region_code: host,
      period: agreement.period,
    },
    period,
    figures: lines,
    method: ENCLAVE_METHOD,
  };
}
