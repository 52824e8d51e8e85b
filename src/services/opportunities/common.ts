/**
 * What the opportunity use cases share: visibility of the region or park asked about (the same rule as
 * chain diagnostics: the caller must see the scope), and region centroids for distances.
 */
import type { Queryable } from '../../store/db.ts';
import type { Visibility } from '../accounts/subject.ts';
import { ChainRequestError, type ResolvedScope } from '../chains/resolve.ts';
import type { RegionTable } from '../chains/workspace.ts';

export function checkScopeVisible(scope: ResolvedScope, visibility: Visibility | undefined): void {
  if (!visibility || visibility.all) return;
  const visible =
    scope.kind === 'park' ? visibility.parks.includes(scope.id) : visibility.regions.includes(scope.id);
  if (!visible) throw new ChainRequestError(`your roles do not cover ${scope.code}`, 403);
}

/** Whether the caller may see figures of enterprises in region `regionId` (null: no restriction). */
export function regionVisible(visibility: Visibility | undefined, regionId: number): boolean {
  return !visibility || visibility.all || visibility.regions.includes(regionId);
}

export interface Centroids {
  lon: Float64Array;
  lat: Float64Array;
  /** The region whose centroid stands for region i (itself, or the nearest ancestor with one); −1 none. */
  from: Int32Array;
}

/** Centroids per region of the table; a region without one borrows its nearest ancestor's. */
export async function loadCentroids(db: Queryable, regions: RegionTable): Promise<Centroids> {
  const n = regions.id.length;
  const lon = new Float64Array(n).fill(Number.NaN);
  const lat = new Float64Array(n).fill(Number.NaN);
  const from = new Int32Array(n).fill(-1);
  const rows = await db.query<{ id: number; lon: number | null; lat: number | null }>(
    'select id, lon, lat from region where lon is not null and lat is not null',
  );
  const index = new Map<number, number>();
  for (let i = 0; i < n; i++) index.set(regions.id[i]!, i);
  for (const r of rows) {
    const i = index.get(r.id);
    if (i === undefined) continue;
    lon[i] = Number(r.lon);
    lat[i] = Number(r.lat);
    from[i] = i;
  }
  for (let i = 0; i < n; i++) {
    let a = i;
    while (a >= 0 && from[a] === -1) a = regions.parent[a]!;
    if (a >= 0 && from[i] === -1) {
      lon[i] = lon[a]!;
      lat[i] = lat[a]!;
      from[i] = a;
    }
  }
  return { lon, lat, from };
}
