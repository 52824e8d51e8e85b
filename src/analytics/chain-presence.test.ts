import { describe, expect, it } from 'vitest';
import { locationQuotientOf, NODE_STATUSES, nodePresence, PRESENCE_REASON } from './chain-presence.ts';

const statusOf = (evidence: Parameters<typeof nodePresence>[0], options = {}) =>
  Array.from(nodePresence(evidence, options).status, (s) => NODE_STATUSES[s]);

describe('node presence and status', () => {
  const nan = Number.NaN;
  // Nodes: none; one member; one leader; one member with 30 % of output; two; three with a leader;
  // three without a leader.
  const evidence = {
    enterprises: Int32Array.of(0, 1, 1, 1, 2, 3, 3),
    leaders: Int32Array.of(0, 0, 1, 0, 0, 1, 0),
    outputShare: Float64Array.of(nan, nan, nan, 0.3, nan, nan, nan),
    locationQuotient: new Float64Array(7).fill(nan),
  };

  it('reads enterprises: one supplier only is weak, a leader or a large share is present, many with a leader strong', () => {
    expect(statusOf(evidence)).toEqual([
      'missing',
      'weak',
      'present',
      'present',
      'present',
      'strong',
      'present',
    ]);
    const { reasons } = nodePresence(evidence);
    expect(reasons[1]! & PRESENCE_REASON.oneOnly).toBeTruthy();
    expect(reasons[3]! & PRESENCE_REASON.outputShare).toBeTruthy();
    expect(reasons[5]! & PRESENCE_REASON.manyWithLeader).toBeTruthy();
  });

  it('reads location quotients against the thresholds, and keeps the better of the two readings', () => {
    const lq = {
      enterprises: new Int32Array(5),
      leaders: new Int32Array(5),
      outputShare: new Float64Array(5).fill(nan),
      locationQuotient: Float64Array.of(0.3, 0.5, 1, 2, nan),
    };
    expect(statusOf(lq)).toEqual(['missing', 'weak', 'present', 'strong', 'missing']);
    // One member (weak by enterprises) in a region specialized in the node's industry (present by LQ).
    expect(
      statusOf({
        enterprises: Int32Array.of(1),
        leaders: Int32Array.of(0),
        outputShare: Float64Array.of(nan),
        locationQuotient: Float64Array.of(1.2),
      }),
    ).toEqual(['present']);
  });

  it('lets the user move the thresholds', () => {
    expect(statusOf(evidence, { strongEnterprises: 2, presentOutputShare: 0.5 })).toEqual([
      'missing',
      'weak',
      'present',
      'weak',
      'present',
      'strong',
      'present',
    ]);
    expect(() => nodePresence(evidence, { weakLocationQuotient: 2 })).toThrow(/weak ≤ present ≤ strong/);
    expect(() => nodePresence(evidence, { strongEnterprises: 1 })).toThrow(/≥ 2/);
  });

  it('computes the location quotient as (x_si / x_s) / (x_ri / x_r)', () => {
    // 100 of the park's 1,000 against 200 of its county's 8,000: 0.1 / 0.025 = 4.
    expect(locationQuotientOf(100, 1000, 200, 8000)).toBeCloseTo(4, 12);
    expect(locationQuotientOf(0, 1000, 200, 8000)).toBe(0);
    expect(locationQuotientOf(10, 1000, 0, 8000)).toBeNaN();
    expect(locationQuotientOf(10, 0, 200, 8000)).toBeNaN();
  });
});
