/**
 * A layered (Sugiyama-style, first step only) layout of a chain's DAG: each node sits in the column of
 * its longest supply path from a source, so every edge runs left to right, upstream to downstream;
 * nodes within a column keep the chain file's order.
 */
export interface LayoutInput {
  key: string;
  seq: number;
  suppliers: string[];
}
export interface Placed {
  key: string;
  layer: number;
  row: number;
}

export function layeredLayout(nodes: LayoutInput[]): Placed[] {
  const byKey = new Map(nodes.map((n) => [n.key, n]));
  const layer = new Map<string, number>();
  const visiting = new Set<string>();
  const layerOf = (key: string): number => {
    const known = layer.get(key);
    if (known !== undefined) return known;
    if (visiting.has(key)) return 0; // a cycle (not a valid chain): break it rather than loop
    visiting.add(key);
    const suppliers = byKey.get(key)?.suppliers.filter((s) => byKey.has(s)) ?? [];
    const value = suppliers.length ? 1 + Math.max(...suppliers.map(layerOf)) : 0;
    visiting.delete(key);
    layer.set(key, value);
    return value;
  };
  for (const n of nodes) layerOf(n.key);
  // A node nothing supplies (module materials, inverters) sits just before its first buyer, not at the
  // far left beside the raw materials.
  for (const n of nodes) {
    if (n.suppliers.some((s) => byKey.has(s))) continue;
    const buyers = nodes.filter((b) => b.suppliers.includes(n.key)).map((b) => layer.get(b.key)!);
    if (buyers.length) layer.set(n.key, Math.max(0, Math.min(...buyers) - 1));
  }
  const placed = [...nodes]
    .sort((a, b) => layer.get(a.key)! - layer.get(b.key)! || a.seq - b.seq)
    .map((n) => ({ key: n.key, layer: layer.get(n.key)!, row: 0 }));
  const rows = new Map<number, number>();
  for (const p of placed) {
    p.row = rows.get(p.layer) ?? 0;
    rows.set(p.layer, p.row + 1);
  }
  return placed;
}
