/**
 * Checking a standard-land contract (标准地出让合同) against what happened. The contract fixes the
 * buyer's investment intensity, tax and output per mu, plot ratio, and the dates by which it starts,
 * completes and reaches full output; at each date the park checks the commitments then due. A check
 * that is not yet due is pending; one that is due is on track, in default (with the shortfall), exempted,
 * or lacking the figure it needs (listed, never assumed).
 */

export interface ContractTerms {
  area_mu: number;
  investment_yuan_per_mu: number | null;
  tax_yuan_per_mu: number | null;
  output_yuan_per_mu: number | null;
  plot_ratio: number | null;
  start_due: string | null;
  completion_due: string | null;
  full_output_due: string | null;
  exempted: boolean;
  exemption_reason: string | null;
}

export interface ContractFacts {
  started_on: string | null;
  completed_on: string | null;
  actual_plot_ratio: number | null;
  actual_investment_yuan: number | null;
  /** The enterprise's yearly tax and output (yuan), by year. */
  tax_by_year: Record<number, number>;
  output_by_year: Record<number, number>;
}

export type CheckStatus = 'pending' | 'on_track' | 'in_default' | 'exempted' | 'no_data';

export interface Criterion {
  criterion: 'started' | 'completed' | 'investment_intensity' | 'plot_ratio' | 'tax_per_mu' | 'output_per_mu';
  committed: number | string;
  actual: number | string | null;
  /** How far short of the commitment (yuan per mu, ratio points, or days late); 0 when met. */
  shortfall: number | null;
  unit: string;
  met: boolean | null;
  /** For yearly figures: the year whose figure was used. */
  year?: number;
}

export interface Checkpoint {
  kind: 'start' | 'completion' | 'full_output';
  due: string;
  status: CheckStatus;
  criteria: Criterion[];
}

const days = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);
const round = (x: number) => Math.round(x * 100) / 100;

function yearly(
  criterion: 'tax_per_mu' | 'output_per_mu',
  committed: number,
  byYear: Record<number, number>,
  dueYear: number,
  area: number,
): Criterion {
  // The figures of the year full output is due, or the latest year before it that has one.
  const years = Object.keys(byYear)
    .map(Number)
    .filter((y) => y <= dueYear)
    .sort((a, b) => b - a);
  const year = years[0];
  if (year === undefined || !(area > 0))
    return { criterion, committed, actual: null, shortfall: null, unit: 'yuan/mu', met: null };
  const actual = byYear[year]! / area;
  return {
    criterion,
    committed,
    actual: round(actual),
    shortfall: round(Math.max(0, committed - actual)),
    unit: 'yuan/mu',
    met: actual >= committed,
    year,
  };
}

function statusOf(criteria: Criterion[]): CheckStatus {
  if (criteria.some((c) => c.met === false)) return 'in_default';
  if (criteria.some((c) => c.met === null)) return 'no_data';
  return 'on_track';
}

/** The contract's checkpoints as of `today` (YYYY-MM-DD). */
export function checkContract(terms: ContractTerms, facts: ContractFacts, today: string): Checkpoint[] {
  const out: Checkpoint[] = [];
  const exempt = (c: Checkpoint): Checkpoint =>
    terms.exempted && c.status !== 'pending' ? { ...c, status: 'exempted' } : c;
  if (terms.start_due) {
    const due = terms.start_due;
    const started = facts.started_on;
    const late = started ? Math.max(0, days(due, started)) : Math.max(0, days(due, today));
    const criteria: Criterion[] = [
      {
        criterion: 'started',
        committed: due,
        actual: started,
        shortfall: late,
        unit: 'days late',
        met: started ? started <= due : today <= due ? null : false,
      },
    ];
    const pending = today < due && !started;
    out.push(exempt({ kind: 'start', due, status: pending ? 'pending' : statusOf(criteria), criteria }));
  }
  if (terms.completion_due) {
    const due = terms.completion_due;
    const done = facts.completed_on;
    const criteria: Criterion[] = [
      {
        criterion: 'completed',
        committed: due,
        actual: done,
        shortfall: done ? Math.max(0, days(due, done)) : Math.max(0, days(due, today)),
        unit: 'days late',
        met: done ? done <= due : false,
      },
    ];
    if (terms.investment_yuan_per_mu !== null) {
      const actual =
        facts.actual_investment_yuan !== null && terms.area_mu > 0
          ? facts.actual_investment_yuan / terms.area_mu
          : null;
      criteria.push({
        criterion: 'investment_intensity',
        committed: terms.investment_yuan_per_mu,
        actual: actual === null ? null : round(actual),
        shortfall: actual === null ? null : round(Math.max(0, terms.investment_yuan_per_mu - actual)),
        unit: 'yuan/mu',
        met: actual === null ? null : actual >= terms.investment_yuan_per_mu,
      });
    }
    if (terms.plot_ratio !== null)
      criteria.push({
        criterion: 'plot_ratio',
        committed: terms.plot_ratio,
        actual: facts.actual_plot_ratio,
        shortfall:
          facts.actual_plot_ratio === null
            ? null
            : round(Math.max(0, terms.plot_ratio - facts.actual_plot_ratio)),
        unit: 'ratio',
        met: facts.actual_plot_ratio === null ? null : facts.actual_plot_ratio >= terms.plot_ratio,
      });
    out.push(
      exempt({ kind: 'completion', due, status: today < due ? 'pending' : statusOf(criteria), criteria }),
    );
  }
  if (terms.full_output_due) {
    const due = terms.full_output_due;
    const dueYear = Number(due.slice(0, 4));
    const criteria: Criterion[] = [];
    if (terms.tax_yuan_per_mu !== null)
      criteria.push(yearly('tax_per_mu', terms.tax_yuan_per_mu, facts.tax_by_year, dueYear, terms.area_mu));
    if (terms.output_yuan_per_mu !== null)
      criteria.push(
        yearly('output_per_mu', terms.output_yuan_per_mu, facts.output_by_year, dueYear, terms.area_mu),
      );
    out.push(
      exempt({ kind: 'full_output', due, status: today < due ? 'pending' : statusOf(criteria), criteria }),
    );
  }
  return out;
}

/** The contract's standing: exempted, in default when any due check is, else on track (pending counts as on track). */
export function contractStatus(
  terms: ContractTerms,
  checkpoints: Checkpoint[],
): 'on_track' | 'in_default' | 'exempted' {
  if (terms.exempted) return 'exempted';
  return checkpoints.some((c) => c.status === 'in_default') ? 'in_default' : 'on_track';
}
