/**
 * Issue 14 as an officer types it, after publication: `chainatlas grade object`, `grade objections`,
 * `grade resolve` (upheld with the correction it makes, or rejected, each with its reason), `grade
 * finalize` (refused while the objection window is open, then accepted), and the pre-screening scorecard
 * (`governance thresholds`, `governance prescreen`). Huaping is graded by the Huai'an preset on the
 * governance fixture (test/fixtures/governance.ts: G2 scores 70, grade B). On the embedded store and
 * (with TEST_DATABASE_URL) on a PostgreSQL server.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../src/store/open-store.ts';
import {
  creditOf,
  GOVERNANCE_ENTERPRISES_CSV,
  GOVERNANCE_INDICATORS_CSV,
  GOVERNANCE_PARCELS_CSV,
  GOVERNANCE_PROJECTS_CSV,
} from './fixtures/governance.ts';
import { type CliTarget, cliTargets, runCli } from './helpers/cli-targets.ts';

const work = mkdtempSync(join(tmpdir(), 'chainatlas-objections-cli-'));
const { dataDir, targets } = cliTargets('objcli');

/**
 * The objection window is at least a day and the CLI reads the system clock, so the test moves the
 * window's end into the past in the store, as the passing of the day would (the only write it makes
 * outside the CLI).
 */
async function closeWindow(target: CliTarget, runId: number) {
  const sql = "update grading_run set objections_until = now() - interval '1 minute' where id = $1";
  const url = target.env().DATABASE_URL;
  if (url) {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query(sql, [runId]);
    } finally {
      await client.end();
    }
    return;
  }
  const store = await openStore({ dataDir }, () => {});
  try {
    await store.db.query(sql, [runId]);
  } finally {
    await store.close();
  }
}

describe.each(targets)('chainatlas grade objections and finalisation on $name', (target) => {
  const run = (...args: string[]) => runCli(target, dataDir, args);
  let runId = 0;
  const objection: Record<string, number> = {};

  beforeAll(async () => {
    await target.setUp?.();
    const loaded = run('demo', 'load');
    expect(loaded.code, loaded.err).toBe(0);
    for (const [name, text] of [
      ['enterprises.csv', GOVERNANCE_ENTERPRISES_CSV],
      ['indicators.csv', GOVERNANCE_INDICATORS_CSV],
      ['land_parcels.csv', GOVERNANCE_PARCELS_CSV],
      ['projects.csv', GOVERNANCE_PROJECTS_CSV],
    ] as const) {
      const file = join(work, name);
      writeFileSync(file, text);
      const imported = run('import', file);
      expect(imported.code, imported.err).toBe(0);
    }
    const created = run(
      'grade',
      'run',
      '--scheme',
      'huaian-2024',
      '--scope',
      'LJ-HUAPING',
      '--year',
      '2025',
      '--json',
    );
    expect(created.code, created.err).toBe(0);
    runId = JSON.parse(created.out).id;
  }, 240_000);
  afterAll(() => target.tearDown?.());

  it('finalize is refused for a draft; publish opens the window; objections are filed', () => {
    const draft = run('grade', 'finalize', String(runId));
    expect(draft.code).toBe(4);
    expect(draft.err).toContain(`grading run ${runId} is draft, not published`);
    const published = run('grade', 'publish', String(runId), '--days', '1');
    expect(published.code, published.err).toBe(0);
    expect(published.out).toMatch(new RegExp(`run ${runId} published; objections until \\d{4}-`));
    for (const firm of ['G2', 'G3']) {
      const filed = run(
        'grade',
        'object',
        String(runId),
        '--enterprise',
        creditOf(firm),
        '--text',
        `${firm}: our 2025 tax was filed late`,
        '--json',
      );
      expect(filed.code, filed.err).toBe(0);
      objection[firm] = JSON.parse(filed.out).id;
    }
  });

  it('finalize is refused while the window is open, with the date it closes', () => {
    const early = run('grade', 'finalize', String(runId));
    expect(early.code).toBe(4);
    expect(early.err).toMatch(
      new RegExp(`the objection window of grading run ${runId} is open until \\d{4}-\\d{2}-\\d{2}T`),
    );
  });

  it('resolve: G2 upheld with grade and score corrected and logged; G3 rejected, which changes nothing', () => {
    const upheld = run(
      'grade',
      'resolve',
      String(objection.G2),
      '--decision',
      'upheld',
      '--reason',
      'late-filed 2025 tax receipts accepted',
      '--grade',
      'A',
      '--score',
      '80',
    );
    expect(upheld.code, upheld.err).toBe(0);
    expect(upheld.out).toBe(`objection ${objection.G2} upheld\n  grade: B → A\n  score: 70 → 80\n`);
    // A rejection that tries to change the grade is refused, and the objection stays open.
    const contradictory = run(
      'grade',
      'resolve',
      String(objection.G3),
      '--decision',
      'rejected',
      '--reason',
      'x',
      '--grade',
      'A',
    );
    expect(contradictory.code).toBe(4);
    expect(contradictory.err).toContain('a rejected objection changes nothing');
    const badGrade = run(
      'grade',
      'resolve',
      String(objection.G3),
      '--decision',
      'upheld',
      '--reason',
      'x',
      '--grade',
      'a+',
    );
    expect(badGrade.code).toBe(2);
    expect(badGrade.err).toContain('--grade: one capital letter');
    const rejected = run(
      'grade',
      'resolve',
      String(objection.G3),
      '--decision',
      'rejected',
      '--reason',
      'the 2025 figures stand as filed',
    );
    expect(rejected.code, rejected.err).toBe(0);
    expect(rejected.out).toBe(`objection ${objection.G3} rejected\n`);
    const again = run('grade', 'resolve', String(objection.G3), '--decision', 'upheld', '--reason', 'x');
    expect(again.code).toBe(4);
    expect(again.err).toContain(`objection ${objection.G3} is already rejected`);
  });

  it('grade objections: each objection with its decision and reason, and the log of changes', () => {
    const listed = run('grade', 'objections', String(runId));
    expect(listed.code, listed.err).toBe(0);
    const lines = listed.out.trim().split('\n');
    expect(lines[0]).toMatch(
      new RegExp(
        `^objection ${objection.G2} \\(upheld\\) 测试亩均企业G2 ${creditOf('G2')}, filed \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2} UTC by cli: G2: our 2025 tax was filed late$`,
      ),
    );
    expect(lines[1]).toMatch(/^ {2}upheld .* UTC by cli: late-filed 2025 tax receipts accepted$/);
    expect(lines[2]).toContain(`objection ${objection.G3} (rejected) 测试亩均企业G3`);
    expect(lines[3]).toMatch(/^ {2}rejected .* by cli: the 2025 figures stand as filed$/);
    expect(lines[4]).toBe('changes:');
    expect(lines[5]).toMatch(
      new RegExp(
        `测试亩均企业G2: grade B → A \\(late-filed 2025 tax receipts accepted; objection ${objection.G2}\\) by cli$`,
      ),
    );
    expect(lines[6]).toMatch(
      /测试亩均企业G2: score 70 → 80 \(late-filed 2025 tax receipts accepted; objection \d+\) by cli$/,
    );
    const json = JSON.parse(run('grade', 'objections', String(runId), '--json').out);
    expect(json.changes.map((c: Record<string, unknown>) => [c.field, c.old_value, c.new_value])).toEqual([
      ['grade', 'B', 'A'],
      ['score', '70', '80'],
    ]);
  });

  it('finalize after the window: the run is final, its corrected grade stands, objections are closed', async () => {
    await closeWindow(target, runId);
    const closed = run('grade', 'finalize', String(runId));
    expect(closed.code, closed.err).toBe(0);
    expect(closed.out).toBe(`grading run ${runId} is final\n`);
    const shown = run('grade', 'show', String(runId), '--enterprise', creditOf('G2'));
    expect(shown.out).toContain('测试亩均企业G2: graded, score 80.00, grade A');
    const late = run('grade', 'object', String(runId), '--enterprise', creditOf('G4'), '--text', 'late');
    expect(late.code).toBe(4);
    expect(late.err).toContain(`grading run ${runId} is final; objections are taken while it is published`);
  });

  it("governance thresholds and prescreen: each criterion with its number and the park's threshold", () => {
    const set = run(
      'governance',
      'thresholds',
      'LJ-HUAPING',
      '--investment-per-mu',
      '3000000',
      '--tax-per-mu',
      '200000',
      '--source',
      'test fixture (issue 14)',
    );
    expect(set.code, set.err).toBe(0);
    // 250 million yuan on 100 mu = 2.5 million per mu, short of 3 million; 30 million tax = 300,000 per
    // mu, above 200,000; no output or plot-ratio figure given; PV modules are one of Huaping's missing
    // downstream links (seed 003).
    const card = run(
      'governance',
      'prescreen',
      '--park',
      'LJ-HUAPING',
      '--land-mu',
      '100',
      '--investment',
      '250000000',
      '--tax',
      '30000000',
      '--chain',
      'pv-silicon',
      '--node',
      'pv-modules',
    );
    expect(card.code, card.err).toBe(0);
    const lines = card.out.trim().split('\n');
    expect(lines[0]).toMatch(/^LJ-HUAPING .+: fail \(2 passed, 1 failed, 2 not checked\)$/);
    expect(lines[1]).toBe(
      '  fail         investment_intensity 2,500,000 yuan/mu, threshold 3,000,000 yuan/mu',
    );
    expect(lines[2]).toBe('  pass         tax_per_mu           300,000 yuan/mu, threshold 200,000 yuan/mu');
    expect(lines[3]).toBe('  no_value     output_per_mu        —, threshold —');
    expect(lines[4]).toBe('  no_value     plot_ratio           —, threshold —');
    expect(lines[5]).toMatch(/^ {2}pass {9}chain_fit {12}pv-silicon\/pv-modules, park's chains .*pv-silicon/);
    expect(lines[6]).toBe(
      '               the chain diagnosis finds this node missing in the park (downstream gap); fills a node where the park has no enterprise yet',
    );
    expect(lines[7]).toBe('  thresholds: test fixture (issue 14)');
    const bad = run(
      'governance',
      'prescreen',
      '--park',
      'LJ-HUAPING',
      '--land-mu',
      'ten',
      '--investment',
      '1',
    );
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('--land-mu: a number not below zero, not "ten"');
  });
});
