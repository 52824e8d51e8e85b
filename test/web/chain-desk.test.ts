/**
 * The chain desk in a real browser (issue 13): Huaping's PV desk as its chain office member — the chain
 * chief system with "not recorded" where the seed names no one, each of the five maps and five lists with
 * real content (list totals equal the API's), issuing an edition of the chain book — and Puyang's hydrogen
 * desk and the chief's dashboard in Chinese. Same harness as work.test.ts: the built app served by the
 * real API over a fresh embedded store with the demo workspace, driven in Debian's Chromium; screenshots
 * go to test/web/screenshots/ (ignored by git).
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
import { CHROMIUM, SCREENSHOTS, seriousAxeViolations, shot, signIn as signInAt } from './harness.ts';

let store: Store;
let app: FastifyInstance;
let base: string;
let browser: Browser;

/** Signs in through the form; the refusals this file provokes on purpose are not console errors. */
const signIn = (context: BrowserContext, username: string) =>
  signInAt(context, base, username, [{ status: 422, url: /\/roadmap$/ }]);

// Fixture: the office member replaces the demo's roadmap with one of their own, as a user would.
const ROADMAP = `kind: technology_roadmap
rows:
- {node: monocrystalline-silicon, code: FIX-CZ, name: 'Fixture: Czochralski pulling', trl: 8, dependence: domestic, tasks: [{year: 2026, title: 'Fixture: 12-inch line'}]}
- {node: quartz-crucible, code: FIX-QUARTZ, name: 'Fixture: high-purity quartz sand', trl: 6, dependence: foreign, bottleneck: true, tasks: [{year: 2027, title: 'Fixture: qualify domestic sand'}]}
`;
const BAD_ROADMAP = `kind: technology_roadmap
rows:
- {node: no-such-node, code: FIX-BAD, name: 'Fixture: unknown node', trl: 12}
`;

const admin = { authorization: 'Bearer test-local-admin-token-web-chain-desk-0123456789' };

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: install Debian's Chromium (apt-get install -y chromium)`);
  }
  mkdirSync(SCREENSHOTS, { recursive: true });
  await ensureWebBuilt((line) => console.log(line));
  store = await openWorkspace({ dataDir: null, demoIfEmpty: true });
  app = await buildApi({ db: store.db, localAdminToken: admin.authorization.slice(7) });
  base = await app.listen({ port: 0, host: '127.0.0.1' });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_LAUNCH_ARGS });
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await store?.close();
});

describe('chain desk (Chromium)', () => {
  it("Huaping's PV desk as its chain office member: the team, five maps, five lists, an edition", async () => {
    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1400, height: 1000 } });
    const { page, errors } = await signIn(context, 'demo-chain-office');
    await page.goto(`${base}/#/desk`);
    await page.getByTestId('desk-team').waitFor();
    // The office member sees their own desk only.
    expect(await page.getByTestId('desk-select').locator('option').count()).toBe(1);
    expect(await page.getByTestId('desk-chief').textContent()).toBe('not recorded');
    const team = await page.getByTestId('desk-team').textContent();
    expect(team).toContain('LONGi');
    expect(team).toContain('industry-education consortium');

    // Chain map: the template with the park's statuses.
    await page.getByTestId('desk-map-chain').waitFor();
    await page.getByTestId('chain-graph').waitFor();
    expect(await page.getByTestId('chain-graph').locator('[role="button"]').count()).toBeGreaterThan(15);
    await shot(page, 'desk-pv-chain-map');

    const open = async (label: string, testId: string) => {
      await page.locator('.desk-tab', { hasText: label }).first().click();
      await page.getByTestId(testId).waitFor();
      return page.getByTestId(testId);
    };
    const technology = await open('Technology roadmap', 'desk-map-technology');
    // The demo's own roadmap, from published texts: each technology with its source and sentence, a field
    // no text gives shown "not recorded", the high-purity quartz sand flagged as the bottleneck.
    const demoTable = technology.locator('table');
    expect(await demoTable.locator('tbody tr').count()).toBe(4);
    const quartz = demoTable.locator('tr.bottleneck');
    expect(await quartz.count()).toBe(1);
    const quartzText = await quartz.textContent();
    expect(quartzText).toContain('Domestic high-purity quartz sand');
    expect(quartzText).toContain('partly foreign');
    expect(quartzText).toContain('Zhengzhou Institute of Multipurpose Utilization of Mineral Resources');
    expect(quartzText).toContain('https://www.greenergydaily.com/index.php?id=3328');
    expect(quartzText).toContain('is mainly imported');
    const topcon = demoTable.locator('tr', { hasText: 'N-type TOPCon cells' });
    expect(await topcon.locator('td').nth(2).textContent()).toBe('9');
    expect(await topcon.locator('td').nth(3).textContent()).toBe('not recorded');
    expect(await topcon.textContent()).toContain('71.1%');
    expect(await technology.textContent()).toContain('industry-education consortium');
    await shot(page, 'desk-pv-technology-demo');
    // A wrong file is refused with its line and reason; a right one replaces the roadmap.
    const input = page.getByTestId('roadmap-file');
    await input.setInputFiles({
      name: 'bad.yaml',
      mimeType: 'application/yaml',
      buffer: Buffer.from(BAD_ROADMAP),
    });
    await page.getByTestId('roadmap-import').getByRole('button', { name: 'Import' }).click();
    await page.getByTestId('roadmap-issues').waitFor();
    const issues = await page.getByTestId('roadmap-issues').locator('li').allTextContents();
    expect(issues).toEqual([
      expect.stringMatching(/^bad\.yaml, line 3, node: expected a node of the chain \(unknown node\)/),
      expect.stringMatching(/^bad\.yaml, line 3, trl: expected a maturity level/),
    ]);
    await input.setInputFiles({
      name: 'roadmap.yaml',
      mimeType: 'application/yaml',
      buffer: Buffer.from(ROADMAP),
    });
    await page.getByTestId('roadmap-import').getByRole('button', { name: 'Import' }).click();
    await page.getByTestId('desk-map-technology').locator('tr.bottleneck').waitFor();
    const table = page.getByTestId('desk-map-technology').locator('table');
    expect(await table.locator('tbody tr').count()).toBe(2);
    expect(await table.textContent()).toContain('Fixture: qualify domestic sand');
    expect(await page.getByTestId('roadmap-done').textContent()).toBe(
      '2 technologies, 2 tasks, 1 bottlenecks imported.',
    );
    await shot(page, 'desk-pv-technology-fixture');

    const applications = await open('Application domains', 'desk-map-applications');
    expect(await applications.textContent()).toContain('PV system integration');
    await shot(page, 'desk-pv-applications');

    const regions = await open('Regional distribution', 'desk-map-regions');
    // The prefectures of Yunnan, drawn when the map data has loaded.
    await regions.getByTestId('china-map').locator('path').first().waitFor();
    expect(await regions.getByTestId('china-map').locator('path').count()).toBeGreaterThan(10);
    expect(await regions.textContent()).toContain('LONGi');
    await shot(page, 'desk-pv-regions');

    const attraction = await open('Attraction route', 'desk-map-attraction');
    expect(await attraction.locator('ol.desk-route > li').count()).toBeGreaterThan(0);
    await shot(page, 'desk-pv-attraction');

    // The five lists: each count is the API's total.
    for (const [label, list] of [
      ['Enterprises', 'enterprises'],
      ['Projects', 'projects'],
      ['Clusters', 'clusters'],
      ['Problems', 'problems'],
      ['Policies', 'policies'],
    ] as const) {
      const view = await open(label, `desk-list-${list}`);
      const api = (
        await app.inject({ url: `/api/desks/LJ-HUAPING-PV/lists/${list}`, headers: admin })
      ).json() as { total: number };
      expect(api.total, list).toBeGreaterThan(0);
      expect(await view.getByTestId('list-total').textContent()).toBe(`${api.total} rows`);
      if (api.total > 0) expect(await view.locator('tbody tr').count()).toBe(api.total);
      await shot(page, `desk-pv-list-${list}`);
    }
    const problems = await open('Problems', 'desk-list-problems');
    expect(await problems.textContent()).toContain('Missing downstream link: PV modules');

    expect(await seriousAxeViolations(page)).toEqual([]);
    // The office member issues the first edition of the book.
    await page.getByTestId('issue-edition').click();
    await page.getByTestId('issued').waitFor();
    expect(await page.getByTestId('issued').textContent()).toMatch(/^Edition 1 issued/);
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);

  it("Puyang's hydrogen desk and the chief's dashboard in Chinese", async () => {
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1400, height: 1000 } });
    const { page, errors } = await signIn(context, 'demo');
    await page.goto(`${base}/#/desk?code=PY-HYDROGEN&view=applications`);
    await page.getByTestId('desk-map-applications').waitFor();
    expect(await page.getByTestId('desk-chief').textContent()).toBe('未记录');
    expect(await page.getByTestId('desk-map-applications').textContent()).toContain(
      'Hydrogen fuel for vehicles',
    );
    await shot(page, 'desk-hydrogen-applications-zh');
    // Puyang's roadmap in Chinese: the imported membrane flagged, the engines at TRL 9, the tasks by year,
    // the city's R&D institutions.
    await page.goto(`${base}/#/desk?code=PY-HYDROGEN&view=technology`);
    await page.getByTestId('desk-map-technology').locator('table').waitFor();
    const h2 = page.getByTestId('desk-map-technology');
    expect(await h2.locator('tbody tr').count()).toBe(6);
    expect(await h2.locator('thead th').allTextContents()).toEqual(expect.arrayContaining(['2025', '2027']));
    const membrane = h2.locator('tr.bottleneck');
    expect(await membrane.count()).toBe(1);
    expect(await membrane.textContent()).toContain('质子交换膜');
    expect(await membrane.textContent()).toContain('99%');
    const engines = h2.locator('tr', { hasText: '氢燃料电池发动机' });
    expect(await engines.locator('td').nth(2).textContent()).toBe('9');
    expect(await h2.locator('tr', { hasText: '70 MPa' }).textContent()).toContain('实现70MPa氢瓶技术成熟');
    expect(await h2.textContent()).toContain('濮阳市氢燃料电池实验室');
    await shot(page, 'desk-hydrogen-technology-zh');
    await page.goto(`${base}/#/desk?code=PY-HYDROGEN&view=chain`);
    await page.getByTestId('chain-graph').waitFor();
    await shot(page, 'desk-hydrogen-chain-zh');
    await page.goto(`${base}/#/desk?code=PY-HYDROGEN&view=regions`);
    await page.getByTestId('china-map').locator('path').first().waitFor();
    expect(await page.getByTestId('desk-map-regions').textContent()).toContain('中国石化中原油田');
    await shot(page, 'desk-hydrogen-regions-zh');

    await page.goto(`${base}/#/desk?view=dashboard`);
    await page.getByTestId('chief-dashboard').waitFor();
    await page.getByTestId('dashboard-LJ-HUAPING-PV').waitFor();
    expect(await page.locator('.desk-card').count()).toBe(2);
    const pv = page.getByTestId('dashboard-LJ-HUAPING-PV');
    expect(await pv.getByTestId('agenda').locator('li').count()).toBeGreaterThan(0);
    // The first test issued an edition: the trend has it, then now.
    expect(await pv.textContent()).toContain('#1');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await shot(page, 'desk-dashboard-zh');
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);
});
