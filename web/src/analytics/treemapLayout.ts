/**
 * Squarified treemap layout (Bruls, Huizing & van Wijk, "Squarified Treemaps", 2000): items sorted by
 * size are laid in rows along the shorter side of the remaining rectangle, a row growing while that
 * does not worsen its worst aspect ratio.
 */
export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

function worst(row: number[], side: number): number {
  const sum = row.reduce((a, b) => a + b, 0);
  const max = Math.max(...row);
  const min = Math.min(...row);
  return Math.max((side * side * max) / (sum * sum), (sum * sum) / (side * side * min));
}

/** Rectangles for `sizes` (any order; non-positive sizes get an empty rectangle) filling `bounds`. */
export function squarify(sizes: readonly number[], bounds: Rect): Rect[] {
  const total = sizes.reduce((a, b) => a + Math.max(b, 0), 0);
  const out: Rect[] = sizes.map(() => ({ x: bounds.x, y: bounds.y, w: 0, h: 0 }));
  if (total <= 0) return out;
  const scale = (bounds.w * bounds.h) / total;
  const order = sizes
    .map((s, i) => ({ i, area: Math.max(s, 0) * scale }))
    .filter((s) => s.area > 0)
    .sort((a, b) => b.area - a.area);
  let free = { ...bounds };
  let k = 0;
  while (k < order.length) {
    const side = Math.min(free.w, free.h);
    const row = [order[k]!];
    k++;
    while (k < order.length) {
      const areas = row.map((r) => r.area);
      if (worst([...areas, order[k]!.area], side) > worst(areas, side)) break;
      row.push(order[k]!);
      k++;
    }
    const rowArea = row.reduce((a, r) => a + r.area, 0);
    const thickness = rowArea / side;
    let offset = 0;
    for (const r of row) {
      const length = r.area / thickness;
      out[r.i] =
        free.w >= free.h
          ? { x: free.x, y: free.y + offset, w: thickness, h: length }
          : { x: free.x + offset, y: free.y, w: length, h: thickness };
      offset += length;
    }
    free =
      free.w >= free.h
        ? { x: free.x + thickness, y: free.y, w: free.w - thickness, h: free.h }
        : { x: free.x, y: free.y + thickness, w: free.w, h: free.h - thickness };
  }
  return out;
}
