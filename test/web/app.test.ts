/**
 * The web app in a real browser (issue 7): the app is built with Vite, the real API serves it on a free
 * port over a fresh embedded store with the demo workspace, and Debian's Chromium (driven by
 * playwright-core) signs in, opens every page and checks the demo's own numbers. Screenshots go to
 * test/web/screenshots/ (ignored by git).
 */
import { existsSync, mkdirSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { type Browser, type BrowserContext, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApi } from '../../src/api/server.ts';
import { CHROMIUM_LAUNCH_ARGS } from '../../src/services/reports/render-pdf.ts';
import { openWorkspace } from '../../src/services/workspace.ts';
import type { Store } from '../../src/store/open-store.ts';
import {
  CHROMIUM,
  IMPORT_REFUSAL,
  SCREENSHOTS,
  seriousAxeViolations,
  shot,
  signIn as signInAt,
  watchErrors,
} from './harness.ts';
import { buildPrivateWeb } from './private-build.ts';

const FIRST_RENDER_BUDGET_MS = 1500;

let store: Store;
let app: FastifyInstance;
let base: string;
let browser: Browser;
let web: { dir: string; remove: () => void } | undefined;

/** Signs in through the form; the refusals this file provokes on purpose are not console errors. */
const signIn = (context: BrowserContext, username: string) =>
  signInAt(context, base, username, [IMPORT_REFUSAL]);

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: install Debian's Chromium (apt-get install -y chromium)`);
  }
  mkdirSync(SCREENSHOTS, { recursive: true });
  web = await buildPrivateWeb(); // not the shared web/dist: see private-build.ts
  store = await openWorkspace({ dataDir: null, demoIfEmpty: true });
  app = await buildApi({ db: store.db, webDist: web.dir });
  base = await app.listen({ port: 0, host: '127.0.0.1' });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: CHROMIUM_LAUNCH_ARGS,
  });
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await store?.close();
  web?.remove();
});

describe('web app (Chromium)', () => {
  it('serves the built app at / and keeps /api as it was', async () => {
    const home = await fetch(`${base}/`);
    expect(home.status).toBe(200);
    expect(await home.text()).toContain('<div id="root">');
    const missing = await fetch(`${base}/api/no-such-route`);
    expect(missing.status).toBe(404);
    expect((await fetch(`${base}/api/health`)).status).toBe(200);
  });

  it('login page: labelled form, no serious accessibility violations', async () => {
    const context = await browser.newContext({ locale: 'en-US' });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(base);
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
    await shot(page, 'login');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('home: map of China, Puyang GDP with its Bulgarian source sentence, first render within budget', async () => {
    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1400, height: 1000 } });
    const { page, errors } = await signIn(context, 'demo');
    // First render: a fresh load of the signed-in home page until the map and the figures are drawn.
    // The best of up to three loads: the machine is shared with the rest of the suite, and a load that a
    // neighbouring test's burst interrupted measures the neighbour, not the page.
    await page.goto(`${base}/#/region`);
    const renders: number[] = [];
    for (let attempt = 0; attempt < 3; attempt++) {
      await page.reload();
      await page.locator('[data-testid=china-map] path').first().waitFor();
      await page.getByTestId('indicators').waitFor();
      renders.push(await page.evaluate(() => performance.now()));
      if (renders.at(-1)! < FIRST_RENDER_BUDGET_MS) break;
    }
    const firstRender = Math.min(...renders);
    console.log(
      `first render of the home page: ${Math.round(firstRender)} ms, best of ${renders.map(Math.round).join(', ')} (budget ${FIRST_RENDER_BUDGET_MS} ms)`,
    );
    expect(firstRender).toBeLessThan(FIRST_RENDER_BUDGET_MS);
    expect(await page.locator('[data-testid=china-map] path').count()).toBe(34);

    await page.locator('button[data-region="410900"]').click();
    await expect.poll(() => page.getByTestId('region-title').textContent()).toContain('Puyang');
    const gdp = page.locator('li[data-metric="gdp"][data-scope=""] [data-testid=figure]');
    expect(await gdp.textContent()).toContain('210.6');
    expect(await gdp.getAttribute('title')).toContain('210,6 милиарда юана');
    expect(await page.locator('li[data-metric="gdp_growth"] [data-testid=figure]').textContent()).toBe(
      '5.6%',
    );
    // The map drilled into Henan: its prefectures, Puyang among them.
    await page.locator('[data-testid=china-map] path[data-code="410900"]').waitFor();
    expect(await page.locator('[data-testid=china-map] path').count()).toBe(18); // Henan's prefectures
    expect(await seriousAxeViolations(page)).toEqual([]);
    await shot(page, 'home-puyang');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('parks: Lijiang’s four parks with areas in ha and mu, and land by status', async () => {
    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1400, height: 1000 } });
    const { page, errors } = await signIn(context, 'demo');
    await page.goto(`${base}/#/parks?within=530700`);
    await page.getByTestId('parks-table').waitFor();
    const topLevel = await page
      .locator('tr.park')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-park')));
    expect(topLevel.sort()).toEqual(['LJ-HUAPING', 'LJ-JINSHAN', 'LJ-YONGSHENG', 'LJ-YULONG']);
    const huaping = await page.locator('tr[data-park="LJ-HUAPING"]').textContent();
    expect(huaping).toContain('290.25 ha');
    expect(huaping).toContain('4,353.75 mu');
    expect(huaping).toContain('silicon photovoltaics');
    const chart = await page.getByTestId('land-chart').textContent();
    expect(chart).toContain('1,381 mu'); // Jinshan: 156.64 sold + 241.36 standard land ready + 983 revitalized
    expect(chart).toContain('6,300 mu');
    await shot(page, 'parks-lijiang');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('chain: the PV chain in Huaping, missing downstream nodes highlighted', async () => {
    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1600, height: 1000 } });
    const { page, errors } = await signIn(context, 'demo');
    await page.goto(`${base}/#/chain?chain=pv-silicon&scope=LJ-HUAPING`);
    await page.getByTestId('chain-graph').waitFor();
    expect(await page.locator('g[data-node]').count()).toBe(19);
    expect(await page.locator('g[data-node="monocrystalline-silicon"]').getAttribute('data-status')).toBe(
      'present',
    );
    expect(await page.locator('g[data-node="quartz-crucible"]').getAttribute('data-status')).toBe('weak');
    const gaps = await page
      .locator('g.gap-downstream')
      .evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-node')));
    expect(gaps).toEqual(
      expect.arrayContaining(['pv-modules', 'energy-storage-batteries', 'pv-system-integration']),
    );
    expect(gaps).not.toContain('polysilicon'); // missing, but upstream of what Huaping makes
    expect(await page.getByTestId('chain-facts').textContent()).toContain('2 of 19 nodes present');
    await page.locator('g[data-node="monocrystalline-silicon"]').click();
    expect(await page.getByTestId('node-detail').textContent()).toContain('LONGi');
    await shot(page, 'chain-pv-huaping');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('languages: Arabic lays out right to left; Bulgarian and Chinese format numbers their own way', async () => {
    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1400, height: 1000 } });
    const { page, errors } = await signIn(context, 'demo');
    await page.goto(`${base}/#/region?region=410900&province=410000`);
    await page.getByTestId('indicators').waitFor();
    await page.getByTestId('language').selectOption('ar');
    expect(await page.evaluate('document.documentElement.dir')).toBe('rtl');
    expect(await page.evaluate('document.documentElement.lang')).toBe('ar');
    expect(await page.getByRole('navigation').textContent()).toContain('المنطقة');
    await shot(page, 'home-ar');
    await page.getByTestId('language').selectOption('bg');
    expect(await page.evaluate('document.documentElement.dir')).toBe('ltr');
    expect(await page.locator('li[data-metric="gdp_growth"] [data-testid=figure]').textContent()).toMatch(
      /^5,6\s?%$/,
    );
    await page.getByTestId('language').selectOption('zh-CN');
    expect(
      await page.locator('li[data-metric="gdp"][data-scope=""] [data-testid=figure]').textContent(),
    ).toContain('2106亿');
    expect(await page.getByTestId('region-title').textContent()).toContain('濮阳市');
    await page.goto(`${base}/#/parks?within=530700`);
    await page.getByTestId('parks-table').waitFor();
    await shot(page, 'parks-zh');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('data: an analyst may only export; an administrator sees a bad file’s errors before anything is written', async () => {
    const analyst = await browser.newContext({ locale: 'en-US' });
    const { page: analystPage } = await signIn(analyst, 'demo');
    await analystPage.goto(`${base}/#/data`);
    await analystPage.getByTestId('read-only').waitFor();
    expect(await analystPage.getByTestId('import-file').count()).toBe(0);
    await analyst.close();

    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1400, height: 1000 } });
    const { page, errors } = await signIn(context, 'demo-admin');
    await page.goto(`${base}/#/data`);
    const bad = 'code,name_zh,region_code,planned_area_ha\nWEB-TEST-1,,530723,abc\n';
    await page
      .getByTestId('import-file')
      .setInputFiles({ name: 'parks.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
    await page.getByRole('button', { name: 'Check the file' }).click();
    await page.getByTestId('import-errors').waitFor();
    expect(await page.getByTestId('import-errors-summary').textContent()).toContain('2 errors');
    const table = await page.getByTestId('import-errors').textContent();
    expect(table).toContain('planned_area_ha');
    expect(table).toContain('a number ≥ 0');
    await shot(page, 'data-errors');

    // A good file: the check writes nothing; the import button then writes it.
    const good = 'code,name_zh,region_code,kind\nWEB-TEST-1,网页测试园区,530723,industrial_park\n';
    await page
      .getByTestId('import-file')
      .setInputFiles({ name: 'parks.csv', mimeType: 'text/csv', buffer: Buffer.from(good) });
    await page.getByRole('button', { name: 'Check the file' }).click();
    await page.getByTestId('import-checked').waitFor();
    const countParks = () =>
      page.evaluate("fetch('/api/parks?code=WEB-TEST-1').then((r) => r.json()).then((b) => b.total)");
    expect(await countParks()).toBe(0);
    await page.getByRole('button', { name: 'Import 1 rows' }).click();
    await page.getByTestId('import-done').waitFor();
    expect(await countParks()).toBe(1);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('roles: a park officer’s parks page shows only Huaping', async () => {
    const context = await browser.newContext({ locale: 'en-US' });
    const { page, errors } = await signIn(context, 'demo-park');
    await page.goto(`${base}/#/parks`);
    await page.getByTestId('parks-table').waitFor();
    const codes = await page
      .locator('tr[data-park]')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-park')));
    expect(codes).toContain('LJ-HUAPING');
    expect(codes).not.toContain('LJ-JINSHAN');
    expect(errors).toEqual([]);
    await context.close();
  });
});
