/**
 * "Flying economy" enclaves (飞地经济): a park run by a home region inside a host region, whose tax revenue,
 * output and GDP are shared between the two by agreement. Seed 004 notes that tax-revenue sharing is where
 * such cooperation most often fails; the ledger makes the split explicit and checkable.
 *
 * Statistics by location count an enclave's figure in its host region. The ledger takes it out of the host
 * once and credits each side its share, so the regions' shared totals add up to the same grand total:
 * nothing counted twice, nothing lost. The home region's share is credited as given; the host's share is
 * the figure minus the home's credit, so no share of the figure is lost or added (up to floating-point rounding).
 */
import { AnalyticsInputError } from './input-error.ts';

export interface EnclaveFigure {
  /** The agreement (or enclave) this figure belongs to. */
  readonly enclave: string;
  readonly home: string;
  readonly host: string;
  /** The enclave's figure for the period (tax revenue, output, GDP…). */
  readonly value: number;
  /** The home region's share, 0–1, from the agreement. */
  readonly homeShare: number;
}

export interface EnclaveCredit {
  readonly enclave: string;
  readonly region: string;
  readonly side: 'home' | 'host';
  readonly share: number;
  readonly amount: number;
}

/** Each side's credit for each enclave figure: two rows per figure, adding up to the figure. */
export function enclaveCredits(figures: readonly EnclaveFigure[]): EnclaveCredit[] {
  const credits: EnclaveCredit[] = [];
  for (const f of figures) {
    if (!Number.isFinite(f.value))
      throw new AnalyticsInputError('not-a-number', `enclave ${f.enclave}: value ${f.value}`);
    if (!(f.homeShare >= 0 && f.homeShare <= 1)) {
      throw new AnalyticsInputError(
        'invalid-option',
        `enclave ${f.enclave}: the home share must be between 0 and 1, got ${f.homeShare}`,
      );
    }
    if (f.home === f.host)
      throw new AnalyticsInputError('invalid-option', `enclave ${f.enclave}: home and host are the same`);
    const home = f.value * f.homeShare;
    credits.push({ enclave: f.enclave, region: f.home, side: 'home', share: f.homeShare, amount: home });
    credits.push({
      enclave: f.enclave,
      region: f.host,
      side: 'host',
      share: 1 - f.homeShare,
      amount: f.value - home,
    });
  }
  return credits;
}

export interface SharedTotals {
  /** Region → its total after sharing: by-location figure − enclaves hosted + credits received. */
  readonly totals: Map<string, number>;
  readonly credits: EnclaveCredit[];
  /** Sum over regions before and after sharing (equal: the ledger moves figures, it does not create them). */
  readonly grandTotalByLocation: number;
  readonly grandTotalShared: number;
}

/**
 * Regions' totals with enclave figures shared. `byLocation` holds each region's statistics as reported
 * where things are located — an enclave's figure is inside its host's number. Regions absent from
 * `byLocation` start at 0 (a home region with nothing else reported).
 */
export function shareEnclaveFigures(
  byLocation: ReadonlyMap<string, number>,
  figures: readonly EnclaveFigure[],
): SharedTotals {
  const totals = new Map(byLocation);
  const credits = enclaveCredits(figures);
  for (const f of figures) totals.set(f.host, (totals.get(f.host) ?? 0) - f.value);
  for (const c of credits) totals.set(c.region, (totals.get(c.region) ?? 0) + c.amount);
  const sum = (m: ReadonlyMap<string, number>) => [...m.values()].reduce((s, v) => s + v, 0);
  return { totals, credits, grandTotalByLocation: sum(byLocation), grandTotalShared: sum(totals) };
}
