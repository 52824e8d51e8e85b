/**
 * China's provinces and prefectures from Apache ECharts 4.9.0 (map/json/china.json and
 * china-cities.json, Apache-2.0; see docs/web.md), served as shipped from web/public/geo/. The files
 * store rings in ECharts' compact "UTF8Encoding" (zig-zag deltas as characters); decodeEchartsGeo turns
 * them into plain GeoJSON with rings wound the way d3-geo expects.
 */
import { geoArea } from 'd3-geo';

export interface RegionFeature {
  type: 'Feature';
  id: string;
  properties: { name: string; cp?: [number, number] };
  geometry:
    | { type: 'Polygon'; coordinates: number[][][] }
    | { type: 'MultiPolygon'; coordinates: number[][][][] };
}
export interface RegionCollection {
  type: 'FeatureCollection';
  features: RegionFeature[];
}

interface EncodedGeometry {
  type: 'Polygon' | 'MultiPolygon';
  coordinates: unknown[];
  encodeOffsets: unknown[];
}
interface EncodedCollection {
  UTF8Encoding?: boolean;
  UTF8Scale?: number;
  features: { id: string; properties: RegionFeature['properties']; geometry: EncodedGeometry }[];
}

function decodeRing(encoded: string, offsets: [number, number], scale: number): number[][] {
  const ring: number[][] = [];
  let [x, y] = offsets;
  for (let i = 0; i < encoded.length; i += 2) {
    let dx = encoded.charCodeAt(i) - 64;
    let dy = encoded.charCodeAt(i + 1) - 64;
    dx = (dx >> 1) ^ -(dx & 1);
    dy = (dy >> 1) ^ -(dy & 1);
    x += dx;
    y += dy;
    ring.push([x / scale, y / scale]);
  }
  return ring;
}

/** d3-geo wants exterior rings clockwise; a ring enclosing more than a hemisphere is wound the other way. */
function rewound(polygon: number[][][]): number[][][] {
  const area = geoArea({ type: 'Polygon', coordinates: polygon });
  return area > 2 * Math.PI ? polygon.map((ring) => [...ring].reverse()) : polygon;
}

export function decodeEchartsGeo(json: EncodedCollection): RegionCollection {
  const scale = json.UTF8Scale ?? 1024;
  const decodePolygon = (rings: unknown[], offsets: unknown[]) =>
    rewound(
      rings.map((ring, i) =>
        json.UTF8Encoding
          ? decodeRing(ring as string, offsets[i] as [number, number], scale)
          : (ring as number[][]),
      ),
    );
  return {
    type: 'FeatureCollection',
    features: json.features.map((f) => {
      const g = f.geometry;
      const geometry: RegionFeature['geometry'] =
        g.type === 'Polygon'
          ? { type: 'Polygon', coordinates: decodePolygon(g.coordinates, g.encodeOffsets ?? []) }
          : {
              type: 'MultiPolygon',
              coordinates: g.coordinates.map((polygon, i) =>
                decodePolygon(polygon as unknown[], ((g.encodeOffsets ?? []) as unknown[][])[i] ?? []),
              ),
            };
      return { type: 'Feature', id: String(f.id), properties: f.properties, geometry };
    }),
  };
}

const cache = new Map<string, Promise<RegionCollection>>();
/** Provinces ('provinces') or every prefecture ('prefectures'), fetched once. */
export function loadChinaGeo(which: 'provinces' | 'prefectures'): Promise<RegionCollection> {
  let loaded = cache.get(which);
  if (!loaded) {
    const file = which === 'provinces' ? '/geo/china.json' : '/geo/china-cities.json';
    loaded = fetch(file)
      .then((r) => {
        if (!r.ok) throw new Error(`${file}: ${r.status} ${r.statusText}`);
        return r.json() as Promise<EncodedCollection>;
      })
      .then(decodeEchartsGeo);
    // A failed load is not kept: the next map asks again.
    loaded.catch(() => cache.delete(which));
    cache.set(which, loaded);
  }
  return loaded;
}
