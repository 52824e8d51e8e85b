/**
 * Issue 4's acceptance as a user types it: `chainatlas chain diagnose --chain pv --scope LJ-HUAPING` on the
 * demo, on the embedded store and (with TEST_DATABASE_URL) on a PostgreSQL server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliTargets, runCli } from './helpers/cli-targets.ts';

const { dataDir, targets } = cliTargets('chain-cli');

describe.each(targets)('chainatlas chain diagnose on $name', (target) => {
  const run = (...args: string[]) => runCli(target, dataDir, args);
  beforeAll(async () => {
    await target.setUp?.();
    const loaded = run('demo', 'load');
    expect(loaded.code, loaded.err).toBe(0);
  }, 120_000);
  afterAll(() => target.tearDown?.());

  it('lists every node with key, names and status, and the seed diagnosis (--json)', () => {
    const { code, out, err } = run('chain', 'diagnose', '--chain', 'pv', '--scope', 'LJ-HUAPING', '--json');
    expect(code, err).toBe(0);
    const d = JSON.parse(out);
    expect(d.chain.code).toBe('pv-silicon');
    expect(d.nodes).toHaveLength(19);
    for (const n of d.nodes)
      expect(Object.keys(n)).toEqual(expect.arrayContaining(['key', 'name_zh', 'name_en', 'status']));
    const status = Object.fromEntries(d.nodes.map((n: { key: string; status: string }) => [n.key, n.status]));
    expect(status['monocrystalline-silicon']).toBe('present');
    expect(status['quartz-crucible']).toBe('weak');
    const downstream = d.gaps.downstream.map((n: { key: string }) => n.key);
    expect(downstream).toEqual(
      expect.arrayContaining(['pv-modules', 'energy-storage-batteries', 'pv-system-integration']),
    );
    expect(d.dependence).toMatchObject({ flagged: true, finding: 'single-product' });
  });

  it('prints the diagnosis for a person, and refuses an unknown scope with exit code 2', () => {
    const { code, out } = run(
      'chain',
      'diagnose',
      '--chain',
      'pv',
      '--scope',
      'LJ-HUAPING',
      '--price-change',
      '-50%',
    );
    expect(code).toBe(0);
    expect(out).toMatch(/present \(2\): quartz-crucible \[weak\], monocrystalline-silicon \[present\]/);
    expect(out).toMatch(
      /missing downstream of what the scope has \(11\): .*pv-modules.*energy-storage-batteries, pv-system-integration/,
    );
    expect(out).toContain(
      'dependence: FLAGGED — single-product dependence: monocrystalline-silicon makes 80 %',
    );
    expect(out).toContain('ΔR/R = Δp × (s_n + ρ × Σ s_u) = −0.5 × (0.8 + 0 × (0)) = −0.4');
    const wrong = run('chain', 'diagnose', '--chain', 'pv', '--scope', 'NOWHERE');
    expect(wrong.code).toBe(2);
    expect(wrong.err).toContain('no park or region with code "NOWHERE"');
  });
});
