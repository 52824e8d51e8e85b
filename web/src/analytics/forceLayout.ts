/**
 * A force-directed layout (Fruchterman & Reingold 1991, "Graph drawing by force-directed placement"):
 * linked nodes pull each other in proportion to their link's weight, every pair pushes apart, and the
 * moves shrink as the layout cools. Deterministic — nodes start on a circle in the order given and no
 * randomness is used — so the same network is drawn the same way on every visit and in every test.
 */
export interface Point {
  x: number;
  y: number;
}

export function forceLayout(
  count: number,
  links: readonly { source: number; target: number; weight: number }[],
  size: { width: number; height: number; margin: number },
  iterations = 300,
): Point[] {
  const { width, height, margin } = size;
  const w = width - 2 * margin;
  const h = height - 2 * margin;
  if (count === 0) return [];
  if (count === 1) return [{ x: width / 2, y: height / 2 }];
  const x = new Float64Array(count);
  const y = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const angle = (2 * Math.PI * i) / count;
    x[i] = (w / 2) * 0.9 * Math.cos(angle);
    y[i] = (h / 2) * 0.9 * Math.sin(angle);
  }
  const k = Math.sqrt((w * h) / count) * 0.8; // the ideal distance between nodes
  const dx = new Float64Array(count);
  const dy = new Float64Array(count);
  let temperature = w / 10;
  for (let step = 0; step < iterations; step++) {
    dx.fill(0);
    dy.fill(0);
    for (let i = 0; i < count; i++) {
      for (let j = i + 1; j < count; j++) {
        let ex = x[i]! - x[j]!;
        let ey = y[i]! - y[j]!;
        let d = Math.hypot(ex, ey);
        if (d < 0.01) {
          // Two nodes on one spot: part them along a fixed direction.
          ex = 0.01;
          ey = 0;
          d = 0.01;
        }
        const push = (k * k) / d;
        dx[i]! += (ex / d) * push;
        dy[i]! += (ey / d) * push;
        dx[j]! -= (ex / d) * push;
        dy[j]! -= (ey / d) * push;
      }
    }
    for (const link of links) {
      const ex = x[link.source]! - x[link.target]!;
      const ey = y[link.source]! - y[link.target]!;
      const d = Math.max(Math.hypot(ex, ey), 0.01);
      const pull = ((d * d) / k) * link.weight;
      dx[link.source]! -= (ex / d) * pull;
      dy[link.source]! -= (ey / d) * pull;
      dx[link.target]! += (ex / d) * pull;
      dy[link.target]! += (ey / d) * pull;
    }
    for (let i = 0; i < count; i++) {
      // A weak pull to the centre keeps unlinked nodes from drifting to the edge of the frame.
      dx[i]! -= x[i]! * 0.05;
      dy[i]! -= y[i]! * 0.05;
      const d = Math.max(Math.hypot(dx[i]!, dy[i]!), 0.01);
      const move = Math.min(d, temperature);
      x[i]! += (dx[i]! / d) * move;
      y[i]! += (dy[i]! / d) * move;
    }
    temperature = Math.max(temperature * 0.98, 0.5);
  }
  // Fit the drawing into the frame, keeping its proportions.
  let minX = Infinity;
  let maxX = -Infinity;
  let minY = Infinity;
  let maxY = -Infinity;
  for (let i = 0; i < count; i++) {
    minX = Math.min(minX, x[i]!);
    maxX = Math.max(maxX, x[i]!);
    minY = Math.min(minY, y[i]!);
    maxY = Math.max(maxY, y[i]!);
  }
  const scale = Math.min(w / Math.max(maxX - minX, 1), h / Math.max(maxY - minY, 1));
  const offsetX = margin + (w - (maxX - minX) * scale) / 2;
  const offsetY = margin + (h - (maxY - minY) * scale) / 2;
  return Array.from({ length: count }, (_, i) => ({
    x: offsetX + (x[i]! - minX) * scale,
    y: offsetY + (y[i]! - minY) * scale,
  }));
}
