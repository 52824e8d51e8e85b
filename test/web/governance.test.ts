/**
 * The governance page in a real browser (issue 14): a park officer grades Huaping's enterprises with the
 * Huai'an preset from the page's form, sees the park's grade distribution chart and an enterprise's score
 * worked out item by item; an enterprise user, in Arabic (right to left), sees its own result only and
 * objects to it; the officer files one for another firm, tries to finalise too early (refused with the
 * window's end), upholds one objection with a corrected grade and score and rejects the other, each with
 * its reason, sees the log of changes and finalises once the server's clock has passed the window; a
 * pre-screening in Chinese with one failing criterion. Same
 * harness as work.test.ts: the built app served by the real API over a fresh embedded store with the demo
 * workspace, driven in Debian's Chromium; screenshots go to test/web/screenshots/.
 *
 * The seed documents give no figures per enterprise, so the demo workspace has none to grade: the test
 * imports the fixture of test/fixtures/governance.ts (six made-up Huaping firms with 2024 and 2025
 * figures) through the API, as an administrator would.
 */
import { existsSync, mkdirSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { type Browser, type BrowserContext, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApi } from '../../src/api/server.ts';
import { CHROMIUM_LAUNCH_ARGS } from '../../src/services/reports/render-pdf.ts';
import { openWorkspace } from '../../src/services/workspace.ts';
import type { Store } from '../../src/store/open-store.ts';
import { ensureWebBuilt } from '../../web/build.ts';
import {
  creditOf,
  GOVERNANCE_ENTERPRISES_CSV,
  GOVERNANCE_INDICATORS_CSV,
  GOVERNANCE_PARCELS_CSV,
  GOVERNANCE_PROJECTS_CSV,
} from '../fixtures/governance.ts';
import {
  apiSession,
  CHROMIUM,
  IMPORT_REFUSAL,
  SCREENSHOTS,
  seriousAxeViolations,
  shot,
  signIn as signInAt,
} from './harness.ts';

let store: Store;
let app: FastifyInstance;
let base: string;
let browser: Browser;
/** The server's clock: fixed, and moved past the objection window by the finalisation test. */
let now = new Date('2026-01-15T09:00:00Z');

/** Signs in through the form; the refusals this file provokes on purpose are not console errors. */
const signIn = (context: BrowserContext, username: string) =>
  signInAt(context, base, username, [IMPORT_REFUSAL]);

const sessionOf = (username: string) => apiSession(base, username);

/** Uploads a fixture file to /api/import as a demo user. */
async function importAs(username: string, name: string, text: string) {
  const headers = await sessionOf(username);
  const form = new FormData();
  form.set('file', new Blob([text], { type: 'text/csv' }), name);
  const response = await fetch(`${base}/api/import?kind=${name.replace(/\.csv$/, '')}`, {
    method: 'POST',
    headers,
    body: form,
  });
  if (!response.ok) throw new Error(`${name}: ${response.status} ${await response.text()}`);
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: install Debian's Chromium (apt-get install -y chromium)`);
  }
  mkdirSync(SCREENSHOTS, { recursive: true });
  await ensureWebBuilt((line) => console.log(line));
  store = await openWorkspace({ dataDir: null, demoIfEmpty: true });
  // A fixed day, so the contract's full-output check (2025-12-31) and the projects' dates are past.
  app = await buildApi({ db: store.db, now: () => now });
  base = await app.listen({ port: 0, host: '127.0.0.1' });
  await importAs('demo-admin', 'enterprises.csv', GOVERNANCE_ENTERPRISES_CSV);
  await importAs('demo-admin', 'indicators.csv', GOVERNANCE_INDICATORS_CSV);
  await importAs('demo-admin', 'land_parcels.csv', GOVERNANCE_PARCELS_CSV);
  await importAs('demo-admin', 'projects.csv', GOVERNANCE_PROJECTS_CSV);
  const contract = await fetch(`${base}/api/governance/land-contracts`, {
    method: 'POST',
    headers: { ...(await sessionOf('demo-park')), 'content-type': 'application/json' },
    body: JSON.stringify({
      code: 'FIX-CONTRACT-1',
      parcel_code: 'FIX-HUAPING-STD-1',
      enterprise: creditOf('G2'),
      tax_yuan_per_mu: 400_000,
      full_output_due: '2025-12-31',
      source: 'test fixture (issue 14)',
    }),
  });
  if (!contract.ok) throw new Error(`contract: ${contract.status} ${await contract.text()}`);
  // Made-up thresholds for Huaping (the seeds state none), for the pre-screening.
  const thresholds = await fetch(`${base}/api/governance/parks/LJ-HUAPING/thresholds`, {
    method: 'PUT',
    headers: { ...(await sessionOf('demo-park')), 'content-type': 'application/json' },
    body: JSON.stringify({
      investment_yuan_per_mu: 3_000_000,
      tax_yuan_per_mu: 200_000,
      output_yuan_per_mu: null,
      source: 'test fixture (issue 14)',
    }),
  });
  if (!thresholds.ok) throw new Error(`thresholds: ${thresholds.status} ${await thresholds.text()}`);
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_LAUNCH_ARGS });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await store?.close();
});

describe('governance page (Chromium)', () => {
  it("park officer: grades Huaping by the Huai'an preset, sees the distribution and a score breakdown", async () => {
    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1400, height: 1100 } });
    const { page, errors } = await signIn(context, 'demo-park');
    await page.getByRole('link', { name: 'Grading' }).click();
    await page.getByText('No grading run yet').waitFor();
    await page.getByText('New grading run').click();
    await page.getByLabel('Scheme').selectOption('huaian-2024');
    await page.getByLabel('Park or region code').fill('LJ-HUAPING');
    await page.getByLabel('Year').fill('2025');
    await page.getByRole('button', { name: 'Grade', exact: true }).click();
    const chart = page.getByTestId('gov-distribution');
    await chart.waitFor();
    // Five graded fixture firms (A 1, B 2, C 1, D 1), the power plant exempt (T), the demo's four Huaping
    // firms without figures listed as missing inputs.
    expect(await chart.getAttribute('aria-label')).toBe(
      'Grade distribution: A 1, B 2, C 1, D 1, T 1, missing inputs 4',
    );
    expect(await chart.locator('[data-grade="B"] text').last().textContent()).toBe('2');
    expect(await page.getByText('Source: 淮安市工业和信息化局').count()).toBe(1);
    // Grades by industry division (A B C D T missing): the fixture firms are in class 3985 (division 39: 1 2 1 1 0 0),
    // the power plant in 4411 (division 44: T 1).
    const byIndustry = await page.getByTestId('gov-by_industry').locator('tbody tr').allTextContents();
    expect(byIndustry).toContain('39121100');
    expect(byIndustry).toContain('44000010');
    const rows = await page.getByTestId('gov-results').locator('tbody tr').allTextContents();
    expect(rows[0]).toContain('测试亩均企业G1');
    expect(rows[0]).toContain('A116');
    // Outside Chinese the page names firms in English where the seed gives a name: Wuxing Graphite (五星石墨).
    expect(rows.find((r) => r.includes('Wuxing Graphite'))).toContain('missing inputs');

    await page.getByRole('link', { name: '测试亩均企业G2' }).click();
    const breakdown = page.getByTestId('gov-breakdown');
    await breakdown.locator('table').waitFor();
    // G2: 1500 万元 tax on 50 mu = 30 against twice the county's 2024 mean (50): 30 ÷ 50 × 45 = 27;
    // 400 against 500: × 35 = 28; 3 against 4: × 20 = 15. Total 70, grade B.
    const items = await breakdown.locator('tbody tr').allTextContents();
    expect(items[0]).toContain('30 ÷ 50 × 45 = 27');
    expect(items[1]).toContain('400 ÷ 500 × 35 = 28');
    expect(items[2]).toContain('3 ÷ 4 × 20 = 15');
    expect(await page.getByTestId('gov-total').textContent()).toBe('Score: 70');
    expect(page.url()).toContain(`enterprise=${creditOf('G2')}`);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await shot(page, 'governance-park');

    // Publication (公示) with a five-day objection window from the server's day, 2026-01-15.
    await page.getByLabel('Objection window (days)').fill('5');
    await page.getByRole('button', { name: 'Publish' }).click();
    await page.getByText('Objections are taken until 2026-01-20.').waitFor();
    expect(await page.getByTestId('gov-run-status').textContent()).toContain('Status: published');
    expect(errors).toEqual([]);
    await context.close();
  }, 90_000);

  it('enterprise user in Arabic (right to left): its own result only', async () => {
    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1400, height: 1000 } });
    const { page, errors } = await signIn(context, 'demo-enterprise');
    await page.getByTestId('language').selectOption('ar');
    await page.goto(`${base}/#/governance`);
    const rows = page.getByTestId('gov-results').locator('tbody tr');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain('Wuxing Graphite (Five Star Graphite)');
    expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('تصنيف الكفاءة لكل مو');
    // The run is published (previous test): the enterprise objects to its own result.
    await page.getByText('الاعتراض على نتيجة').click();
    await page.getByLabel('نص اعتراضك').fill('Our 2025 figures were filed late.');
    await page.getByRole('button', { name: 'قدّم الاعتراض' }).click();
    const objections = page.getByTestId('gov-objections');
    await objections.waitFor();
    expect(await objections.textContent()).toContain('(مفتوح): Our 2025 figures were filed late.');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await shot(page, 'governance-enterprise-ar');
    expect(errors).toEqual([]);
    await context.close();
  }, 60_000);

  it('park officer in French: the standard-land contract in default with its shortfall, and the project lights', async () => {
    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1400, height: 1000 } });
    const { page, errors } = await signIn(context, 'demo-park');
    await page.getByTestId('language').selectOption('fr');
    await page.goto(`${base}/#/governance?view=land`);
    const land = page.getByTestId('gov-land');
    await land.waitFor();
    // G2's 2025 tax, 1,500 万元 on the parcel's 50 mu: 300,000 yuan/mu against 400,000 committed.
    const row = await land.locator('tbody tr').first().textContent();
    expect(row).toContain('en défaut');
    expect(row).toMatch(/tax_per_mu : 300\u202f000 pour 400\u202f000 \(yuan\/mu\), manque 100\u202f000/);
    await page.getByRole('link', { name: 'Voyants des projets' }).click();
    const lights = page.getByTestId('gov-lights');
    await lights.waitFor();
    const byLight = await lights.locator('tbody tr[data-light="red"]').allTextContents();
    expect(byLight.join(' ')).toContain('not-started-3-months');
    expect(byLight.join(' ')).toContain('behind-plan-30');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await shot(page, 'governance-lights-fr');
    expect(errors).toEqual([]);
    await context.close();
  }, 60_000);

  it('park officer: files an objection, is refused finalising early, decides both objections and finalises', async () => {
    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1400, height: 1300 } });
    // The early finalisation is refused (409) on purpose: the browser logs it, it is not an error.
    const { page, errors } = await signInAt(context, base, 'demo-park', [
      { status: 409, url: /\/api\/governance\/runs\/\d+\/finalize$/ },
    ]);
    await page.goto(`${base}/#/governance`);
    const objections = page.getByTestId('gov-objections');
    await objections.waitFor();
    // The officer objects for G2 (an officer of the run may file for an enterprise).
    await page.getByText('Object to a result').click();
    await page.locator('select[name="enterprise"]').selectOption(creditOf('G2'));
    await page.getByLabel('Your objection').fill('G2 filed its late 2025 tax receipts with the park.');
    await page.getByRole('button', { name: 'File the objection' }).click();
    const g2 = objections.locator('li', { hasText: '测试亩均企业G2' });
    await g2.waitFor();
    expect(await g2.textContent()).toContain('(open): G2 filed its late 2025 tax receipts with the park.');

    // Before the window ends (2026-01-20 09:00, five days from the server's 2026-01-15) finalising is refused.
    await page.getByRole('button', { name: 'Finalise the run' }).click();
    const refused = page.getByTestId('gov-refused');
    await refused.waitFor();
    expect(await refused.textContent()).toMatch(
      /^The run was not finalised: the objection window of grading run \d+ is open until 2026-01-20T09:00:00\.000Z$/,
    );

    // Upheld: G2's grade B → A and score 70 → 80, with the reason.
    await g2.getByText('Decide this objection').click();
    await g2.getByLabel('Corrected grade').selectOption('A');
    await g2.getByLabel('Corrected score').fill('80');
    await g2.getByLabel('Reason').fill('Late-filed 2025 tax receipts accepted.');
    await shot(page, 'governance-decide');
    await g2.getByRole('button', { name: 'Record the decision' }).click();
    await objections.locator('li[data-status="upheld"]').waitFor();
    // Rejected: the enterprise's own objection (previous test), with the reason; no correction possible.
    const wuxing = page
      .getByTestId('gov-objections')
      .locator('li', { hasText: 'Our 2025 figures were filed late.' });
    await wuxing.getByText('Decide this objection').click();
    await wuxing.getByLabel('Reject').check();
    expect(await wuxing.getByLabel('Corrected grade').isDisabled()).toBe(true);
    await wuxing.getByLabel('Reason').fill('No 2025 figures were filed at all; nothing to correct.');
    await wuxing.getByRole('button', { name: 'Record the decision' }).click();
    await page.getByTestId('gov-objections').locator('li[data-status="rejected"]').waitFor();
    const decided = await page.getByTestId('gov-objections').locator('li').allTextContents();
    expect(decided.find((l) => l.includes('测试亩均企业G2'))).toMatch(
      /\(upheld\).*upheld 2026-01-15 09:00 by demo-park: Late-filed 2025 tax receipts accepted\./,
    );
    expect(decided.find((l) => l.includes('Our 2025'))).toMatch(
      /\(rejected\).*rejected 2026-01-15 09:00 by demo-park: No 2025 figures were filed at all; nothing to correct\./,
    );
    const changes = await page.getByTestId('gov-changes').locator('tbody tr').allTextContents();
    expect(changes).toEqual([
      '2026-01-15 09:00测试亩均企业G2gradeBALate-filed 2025 tax receipts accepted.demo-park',
      '2026-01-15 09:00测试亩均企业G2score7080Late-filed 2025 tax receipts accepted.demo-park',
    ]);
    const g2Row = page.getByTestId('gov-results').locator('tbody tr', { hasText: '测试亩均企业G2' });
    expect(await g2Row.locator('td').first().textContent()).toBe('A');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await shot(page, 'governance-objections');

    // The day after the window: the run is finalised and its decisions stand.
    now = new Date('2026-01-21T09:00:00Z');
    await page.getByRole('button', { name: 'Finalise the run' }).click();
    await page.getByText('The run is final: its grades stand.').waitFor();
    expect(await page.getByTestId('gov-run-status').textContent()).toContain('Status: final');
    expect(await page.getByRole('button', { name: 'Finalise the run' }).count()).toBe(0);
    expect(await page.getByText('Decide this objection').count()).toBe(0);
    expect(await page.getByTestId('gov-changes').locator('tbody tr').count()).toBe(2);
    await shot(page, 'governance-final');
    expect(errors).toEqual([]);
    await context.close();
  }, 90_000);

  it('park officer in Chinese: pre-screens a proposal; investment intensity fails, tax and chain fit pass', async () => {
    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1400, height: 1000 } });
    const { page, errors } = await signIn(context, 'demo-park');
    await page.getByTestId('language').selectOption('zh-CN');
    await page.goto(`${base}/#/governance?view=prescreen`);
    const form = page.getByTestId('gov-prescreen-form');
    await form.waitFor();
    // 25,000 万元 on 100 mu = 2,500,000 yuan/mu against the park's 3,000,000; 3,000 万元 tax a year =
    // 300,000 yuan/mu against 200,000; PV modules, one of Huaping's missing downstream links (seed 003).
    await form.locator('select[name="park"]').selectOption('LJ-HUAPING');
    await form.getByLabel('用地（亩）').fill('100');
    await form.locator('select[name="unit"]').selectOption('10k');
    await form.getByLabel('总投资').fill('25000');
    await form.getByLabel('预计年税收').fill('3000');
    await form.locator('select[name="chain"]').selectOption('pv-silicon');
    await form.locator('select[name="node"] option[value="pv-modules"]').waitFor({ state: 'attached' });
    await form.locator('select[name="node"]').selectOption('pv-modules');
    await form.getByRole('button', { name: '预审' }).click();
    const card = page.getByTestId('gov-prescreen');
    await card.waitFor();
    expect(await card.locator('[data-verdict]').textContent()).toBe(
      'LJ-HUAPING 云南华坪工业园区：未通过——2 项达标，1 项未达标，2 项未核查',
    );
    const row = (criterion: string) => card.locator(`tr[data-criterion="${criterion}"]`);
    expect(await row('investment_intensity').getAttribute('data-result')).toBe('fail');
    expect(await row('investment_intensity').textContent()).toBe(
      '投资强度2,500,000 元/亩3,000,000 元/亩未达标',
    );
    expect(await row('tax_per_mu').textContent()).toBe('亩均税收300,000 元/亩200,000 元/亩达标');
    expect(await row('output_per_mu').textContent()).toBe('亩均产出——未填写');
    expect(await row('chain_fit').getAttribute('data-result')).toBe('pass');
    expect(await row('chain_fit').textContent()).toContain(
      '产业链诊断显示园区缺少该环节（下游缺口）。园区尚无企业处于该环节。',
    );
    expect(await card.getByText('门槛依据：test fixture (issue 14)').count()).toBe(1);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await shot(page, 'governance-prescreen-zh');
    expect(errors).toEqual([]);
    await context.close();
  }, 60_000);
});
