/**
 * Next steps from the opportunities analysis (issue 8: candidate industries, investors, complementary
 * regions), when src/services/opportunities/ is present. It is loaded at run time, so reports work
 * without it; the contract it must meet is `reportSuggestions` below (docs/reports.md). Each suggestion
 * stays a suggestion, with its own provenance.
 */
import type { Queryable } from '../../store/db.ts';
import type { Visibility } from '../accounts/subject.ts';
import type { NextStep } from './report-model.ts';
import type { ReportTarget } from './report-scope.ts';

type Provenance = { source?: string | null; quote?: string | null; note?: string | null };
export type OpportunityStep = Omit<NextStep, 'notes'> & { notes: Provenance[] };

/** What the opportunities module gives a report: one sentence per candidate, with the numbers behind it. */
export interface ReportSuggestion {
  kind: 'industry' | 'investor' | 'complementary_region';
  /** The suggestion in words, e.g. "Attract X (PV modules, score 0.82: …)". */
  text: string;
  source?: string | null;
  quote?: string | null;
  note?: string | null;
}

type SuggestionSource = (
  db: Queryable,
  scope: { kind: string; code: string; park_codes: string[]; chain_ids: number[] },
  visibility: Visibility | undefined,
) => Promise<ReportSuggestion[]>;

// A variable specifier: the module may not exist yet, and the type checker must not require it.
const OPPORTUNITIES_MODULE = '../opportunities/index.ts';

export async function opportunitySteps(
  db: Queryable,
  target: ReportTarget,
  parkCodes: string[],
  visibility: Visibility | undefined,
): Promise<OpportunityStep[] | null> {
  let source: SuggestionSource | undefined;
  try {
    const loaded = (await import(OPPORTUNITIES_MODULE)) as { reportSuggestions?: SuggestionSource };
    source = loaded.reportSuggestions;
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') return null;
    throw error;
  }
  if (typeof source !== 'function') return null;
  const suggestions = await source(
    db,
    { kind: target.scope.kind, code: target.scope.code, park_codes: parkCodes, chain_ids: target.chainIds },
    visibility,
  );
  return suggestions.map((s) => ({
    statement: { key: 'step.opportunity', params: { text: s.text } },
    basis: { key: 'basis.opportunities' },
    notes: [{ source: s.source ?? 'computed', quote: s.quote ?? null, note: s.note ?? null }],
  }));
}
