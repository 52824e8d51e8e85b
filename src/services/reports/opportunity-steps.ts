/**
 * Next steps from the opportunities analysis (issue 8: candidate investors for missing and weak nodes,
 * complementary regions, diversification options). Each stays a suggestion, with the numbers and the
 * formula that ranked it as its note.
 */

import type { Queryable } from '../../store/db.ts';
import type { Visibility } from '../accounts/subject.ts';
import { reportSuggestions } from '../opportunities/report-suggestions.ts';
import type { NextStep } from './report-model.ts';
import type { ReportTarget } from './report-scope.ts';

type Provenance = { source?: string | null; quote?: string | null; note?: string | null };
export type OpportunityStep = Omit<NextStep, 'notes'> & { notes: Provenance[] };

export async function opportunitySteps(
  db: Queryable,
  target: ReportTarget,
  parkCodes: string[],
  visibility: Visibility | undefined,
): Promise<OpportunityStep[] | null> {
  const suggestions = await reportSuggestions(
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
