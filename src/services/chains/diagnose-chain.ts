/**
 * The use case behind `GET /api/chains/:code/diagnosis` and `chainatlas chain diagnose`: a chain (code or
 * unique prefix) × a scope (park or region code) → the diagnosis, with the park performance around the
 * scope. Loads only what that scope needs, then diagnoses in memory exactly as a whole-store run does.
 */
import { AnalyticsInputError } from '../../analytics/input-error.ts';
import type { Queryable } from '../../store/db.ts';
import type { Visibility } from '../accounts/subject.ts';
import { type ChainDiagnosis, type DiagnoseOptions, diagnoseInWorkspace } from './diagnose.ts';
import { loadChainWorkspace } from './load-workspace.ts';
import { type ParkPerformanceReport, parkPerformanceAround } from './park-performance.ts';
import { ChainRequestError, type ResolvedScope, resolveChain, resolveScope } from './resolve.ts';
import type { ScopeRef } from './workspace.ts';

export interface DiagnoseChainOptions extends DiagnoseOptions {
  /** Year of enterprise output figures; default the latest. */
  year?: number;
  /** Year of supply links; default the latest. */
  linksYear?: number;
  /** The caller's visibility (API); absent for trusted callers (the local CLI). */
  visibility?: Visibility;
}

/** A diagnosis names a scope's enterprises: the caller must be allowed to see the scope. */
function checkVisible(scope: ResolvedScope, visibility: Visibility | undefined) {
  if (!visibility || visibility.all) return;
  const visible =
    scope.kind === 'park' ? visibility.parks.includes(scope.id) : visibility.regions.includes(scope.id);
  if (!visible) throw new ChainRequestError(`your roles do not cover ${scope.code}`, 403);
}

export type ChainDiagnosisReport = ChainDiagnosis & { park_performance: ParkPerformanceReport };

export async function diagnoseChain(
  db: Queryable,
  chainText: string,
  scopeCode: string,
  options: DiagnoseChainOptions = {},
): Promise<ChainDiagnosisReport> {
  const chain = await resolveChain(db, chainText);
  const scope = await resolveScope(db, scopeCode);
  checkVisible(scope, options.visibility);
  const ws = await loadChainWorkspace(db, {
    chainIds: [chain.id],
    scope,
    year: options.year,
    linksYear: options.linksYear,
  });
  const index = scope.kind === 'park' ? ws.parkIndex.get(scope.id) : ws.regionIndex.get(scope.id);
  const data = ws.chains[0];
  if (index === undefined || !data)
    throw new ChainRequestError(`scope ${scopeCode} or chain ${chainText} vanished while loading`);
  const ref: ScopeRef = { kind: scope.kind, index };
  try {
    return {
      ...diagnoseInWorkspace(ws, data, ref, options),
      park_performance: parkPerformanceAround(ws, ref),
    };
  } catch (error) {
    // Thresholds and shocks come from the user: a value out of range is theirs to fix.
    if (error instanceof AnalyticsInputError && error.problem === 'invalid-option') {
      throw new ChainRequestError(error.message, 400);
    }
    throw error;
  }
}

/** Park performance around a scope alone (`GET /api/park-performance?scope=`). */
export async function parkPerformanceOf(
  db: Queryable,
  scopeCode: string,
  visibility?: Visibility,
): Promise<ParkPerformanceReport> {
  const scope = await resolveScope(db, scopeCode);
  checkVisible(scope, visibility);
  const ws = await loadChainWorkspace(db, { chainIds: [], scope });
  const index = scope.kind === 'park' ? ws.parkIndex.get(scope.id)! : ws.regionIndex.get(scope.id)!;
  return parkPerformanceAround(ws, { kind: scope.kind, index });
}
