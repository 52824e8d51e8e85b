/** The industry space's force layout (web/src/analytics/forceLayout.ts): deterministic, framed, and linked nodes close. */
import { describe, expect, it } from 'vitest';
import { forceLayout } from '../../web/src/analytics/forceLayout.ts';

const FRAME = { width: 720, height: 420, margin: 40 };
// Two triangles of strongly linked nodes, joined by one weak link, and a node linked to nothing.
const LINKS = [
  { source: 0, target: 1, weight: 1 },
  { source: 1, target: 2, weight: 1 },
  { source: 0, target: 2, weight: 1 },
  { source: 3, target: 4, weight: 1 },
  { source: 4, target: 5, weight: 1 },
  { source: 3, target: 5, weight: 1 },
  { source: 2, target: 3, weight: 0.2 },
];
const distance = (a: { x: number; y: number }, b: { x: number; y: number }) =>
  Math.hypot(a.x - b.x, a.y - b.y);

describe('forceLayout', () => {
  it('draws the same network the same way every time', () => {
    expect(forceLayout(7, LINKS, FRAME)).toEqual(forceLayout(7, LINKS, FRAME));
  });

  it('keeps every node inside the frame, margins included', () => {
    for (const p of forceLayout(7, LINKS, FRAME)) {
      expect(p.x).toBeGreaterThanOrEqual(FRAME.margin - 1e-9);
      expect(p.x).toBeLessThanOrEqual(FRAME.width - FRAME.margin + 1e-9);
      expect(p.y).toBeGreaterThanOrEqual(FRAME.margin - 1e-9);
      expect(p.y).toBeLessThanOrEqual(FRAME.height - FRAME.margin + 1e-9);
    }
  });

  it('places strongly linked industries nearer each other than the two groups are', () => {
    const p = forceLayout(7, LINKS, FRAME);
    const within = (distance(p[0]!, p[1]!) + distance(p[3]!, p[4]!)) / 2;
    const across = (distance(p[0]!, p[4]!) + distance(p[1]!, p[5]!)) / 2;
    expect(within).toBeLessThan(across);
  });

  it('handles no node and a single node', () => {
    expect(forceLayout(0, [], FRAME)).toEqual([]);
    expect(forceLayout(1, [], FRAME)).toEqual([{ x: 360, y: 210 }]);
  });
});
