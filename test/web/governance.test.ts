/**
 * The governance page in a real browser (issue 14): a park officer grades Huaping's enterprises with the
 * Huai'an preset from the page's form, sees the park's grade distribution chart and an enterprise's score
 * worked out item by item; an enterprise user, in Arabic (right to left), sees its own result only. Same
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
  app = await buildApi({ db: store.db, now: () => new Date('2026-01-15T09:00:00Z') });
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
});
