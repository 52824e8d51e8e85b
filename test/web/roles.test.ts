/**
 * Every demo role × every page it may open (issue 7's acceptance), in one browser: each role signs in
 * once and walks its menu in one tab; each page must show the demo workspace's own numbers for that
 * role's scope, log no console error and show no raw label key. One role then walks its pages again in
 * Chinese, French, Arabic (right to left) and Bulgarian; an administrator uploads a bad file and reads
 * its row errors. Screenshots of every page go to test/web/screenshots/roles/ (ignored by git).
 *
 * The demo workspace has no figures by industry, which the analytics page needs, so the test adds a
 * labelled fixture through the API (enterprise counts by industry for five Yunnan prefectures, 2023 and
 * 2024) and computes what the page must show from it by the textbook formulas, not by the engine.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApi } from '../../src/api/server.ts';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../../src/services/accounts/demo-accounts.ts';
import { CHROMIUM_LAUNCH_ARGS } from '../../src/services/reports/render-pdf.ts';
import { openWorkspace } from '../../src/services/workspace.ts';
import type { Store } from '../../src/store/open-store.ts';
import { LOCALES, type Locale, MESSAGES } from '../../web/src/i18n/locales.ts';
import { apiSession } from './harness.ts';
import { buildPrivateWeb } from './private-build.ts';

const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOTS = join(import.meta.dirname, 'screenshots', 'roles');
const ALL_PAGES = [
  'region',
  'parks',
  'clusters',
  'chain',
  'opportunities',
  'data',
  'documents',
  'work',
  'analytics',
];

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

let web: { dir: string; remove: () => void } | undefined;
let store: Store;
let app: FastifyInstance;
let base: string;
let browser: Browser;

// Fixture: enterprise counts by industry (GB/T 4754 divisions) for five Yunnan prefectures, 2023 → 2024.
const COUNTS: Record<string, Record<string, [number, number]>> = {
  '530700': { '30': [40, 48], '38': [30, 45], '44': [20, 22], '13': [10, 10], '32': [5, 5] },
  '530100': { '30': [50, 52], '38': [100, 110], '44': [50, 50], '13': [200, 210], '32': [40, 44] },
  '530300': { '30': [60, 63], '38': [40, 42], '44': [30, 33], '13': [120, 120], '32': [80, 90] },
  '530400': { '30': [20, 20], '38': [10, 12], '44': [15, 15], '13': [60, 66], '32': [30, 30] },
  '530600': { '30': [25, 30], '38': [5, 5], '44': [40, 44], '13': [50, 50], '32': [10, 11] },
};
const FIXTURE = `kind: indicators
rows:
${Object.entries(COUNTS)
  .flatMap(([region, row]) =>
    Object.entries(row).flatMap(([industry, values]) =>
      (['2023', '2024'] as const).map(
        (period, k) =>
          `- {entity_kind: region, entity_code: '${region}', region_code: '${region}', industry_code: '${industry}', metric: enterprises_count, period: '${period}', value: ${values[k]}, unit: count, source: test fixture}`,
      ),
    ),
  )
  .join('\n')}
`;

/** Lijiang's shift-share 2023 → 2024 from the fixture (Dunn 1960), for the page to match. */
function lijiangShiftShare() {
  const sum = (f: (region: string, industry: string, k: 0 | 1) => boolean, k: 0 | 1) =>
    Object.entries(COUNTS).reduce(
      (s, [r, row]) => s + Object.entries(row).reduce((t, [i, v]) => t + (f(r, i, k) ? v[k] : 0), 0),
      0,
    );
  const all = () => true;
  const growth = sum(all, 1) / sum(all, 0) - 1;
  const lijiang = (r: string) => r === '530700';
  const change = sum(lijiang, 1) - sum(lijiang, 0);
  const d38 = COUNTS['530700']!['38']!;
  const g38 = sum((_, i) => i === '38', 1) / sum((_, i) => i === '38', 0) - 1;
  // Competitive effect of division 38: e⁰ (g_r,38 − g_38).
  const competitive38 = d38[0] * ((d38[1] - d38[0]) / d38[0] - g38);
  return { growth, change, competitive38 };
}

/** Console errors and uncaught exceptions; the expected 401 before sign-in and a bad file's 422 are not errors. */
function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`uncaught: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const url = message.location().url;
    if (/status of 401/.test(message.text()) && url.endsWith('/api/auth/me')) return;
    if (/status of 422/.test(message.text()) && url.includes('/api/import')) return;
    errors.push(`${message.text()} (${url})`);
  });
  return errors;
}

async function signIn(context: BrowserContext, username: string) {
  const page = await context.newPage();
  const errors = watchErrors(page);
  const requested: string[] = [];
  page.on('request', (r) => requested.push(r.url()));
  await page.goto(base);
  await page.getByLabel('User name').fill(username);
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByTestId('signed-in').waitFor();
  return { page, errors, requested };
}

/** The page is drawn: it shows something and nothing says "Loading…" any more. */
async function settled(page: Page, locale: Locale = 'en') {
  const loading = MESSAGES[locale]['common.loading'];
  // A page function in source form: the test's own TypeScript has no DOM types.
  await page.waitForFunction(
    `(() => { const main = document.querySelector('main').innerText.trim(); return main !== '' && !main.includes(${JSON.stringify(loading)}); })()`,
  );
}

/** The pages in the menu of the signed-in user. */
const menuOf = (page: Page) =>
  page
    .locator('nav a')
    .evaluateAll((links) => links.map((a) => (a.getAttribute('href') ?? '').replace(/^#\//, '')));

const KEYS = Object.keys(MESSAGES.en);
/** Label keys that reached the screen untranslated (a key such as "parks.perf.title" shown as text). */
async function rawKeys(page: Page): Promise<string[]> {
  const text = await page.locator('body').innerText();
  return KEYS.filter((k) => k.includes('.') && text.includes(k) && /^[a-z]+\.[a-zA-Z_.]+$/.test(k));
}

async function seriousAxeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: axeSource });
  const result = (await page.evaluate('axe.run(document)')) as {
    violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[];
  };
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact}: ${v.id} — ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

/** Signs in through the API (for fixtures), answering a call function with the session's cookie and CSRF token. */
async function apiAs(username: string) {
  const session = await apiSession(base, username);
  return async (path: string, body: FormData) => {
    const response = await fetch(`${base}${path}`, {
      method: 'POST',
      headers: { ...session },
      body,
    });
    expect(response.status, await response.clone().text()).toBe(200);
  };
}

async function importYaml(kind: string, yaml: string) {
  const form = new FormData();
  form.set('file', new Blob([yaml], { type: 'application/yaml' }), `${kind}.yaml`);
  await (await apiAs('demo-admin'))(`/api/import?kind=${kind}`, form);
}

const text = (page: Page, testId: string) => page.getByTestId(testId).first().textContent();

type Check = (page: Page) => Promise<void>;

// What each page must show, by role. Numbers are the demo workspace's (data/demo/*.yaml).
const chainPvHuaping: Check = async (page) => {
  await page.goto(`${base}/#/chain?chain=pv-silicon&scope=LJ-HUAPING`);
  await page.getByTestId('chain-graph').waitFor();
  expect(await page.locator('g[data-node]').count()).toBe(19);
  const gaps = await page
    .locator('g.gap-downstream')
    .evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-node')));
  expect(gaps).toEqual(
    expect.arrayContaining(['pv-modules', 'energy-storage-batteries', 'pv-system-integration']),
  );
  expect(gaps).not.toContain('polysilicon');
  expect(await text(page, 'chain-facts')).toContain('2 of 19 nodes present');
  expect(await text(page, 'downstream-gaps')).toContain('PV modules');
  // Smile curve: the two present nodes are in the middle (materials); both ends are empty.
  expect(await page.locator('[data-testid=smile-curve] li[data-end=middle]').textContent()).toContain(
    '(2/14)',
  );
  expect(await page.locator('[data-testid=smile-curve] li[data-end=right]').textContent()).toContain('0%');
  // A node's projects (LONGi's phases II and III on monocrystalline silicon, seed 003) and, on a missing
  // downstream node, the clusters elsewhere to canvass (Baotou's new-energy equipment base, seed 004).
  await page.locator('g[data-node="monocrystalline-silicon"]').click();
  await page.getByTestId('node-projects').waitFor();
  expect(await text(page, 'node-projects')).toContain('LONGi Huaping phase II');
  expect(await text(page, 'node-projects')).toContain('LONGi Huaping phase III');
  await page.locator('g[data-node="pv-modules"]').click();
  await page.getByTestId('node-clusters').waitFor();
  expect(await text(page, 'node-clusters')).toContain('Baotou new energy equipment manufacturing base');
};
const lijiangParks: Check = async (page) => {
  await page.getByTestId('parks-table').waitFor();
  const top = await page
    .locator('tr.park')
    .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-park')));
  expect(top.sort()).toEqual(['LJ-HUAPING', 'LJ-JINSHAN', 'LJ-YONGSHENG', 'LJ-YULONG']);
  expect(await page.locator('tr[data-park="LJ-HUAPING"]').first().textContent()).toContain('4,353.75 mu');
  expect(await text(page, 'land-chart')).toContain('6,300 mu'); // Yulong's raw land
  await page.getByTestId('park-performance').waitFor();
  // Lijiang: 64.59 % of the city's industrial output from the parks (seed 003), and Huaping's developed land.
  expect(await text(page, 'perf-concentration')).toContain('64.59%');
  expect(
    await page.locator('[data-testid=perf-table] tr[data-perf-park="LJ-HUAPING"]').textContent(),
  ).toContain('2,592.6 mu (developed)');
  expect(await text(page, 'perf-output_per_mu-none')).toContain('output per mu');
};
const lijiangAnalytics: Check = async (page) => {
  await page.getByTestId('shift-share').waitFor();
  const expected = lijiangShiftShare();
  expect(await text(page, 'shift-share-benchmark')).toContain(
    `Benchmark growth ${(expected.growth * 100).toFixed(1)}%`,
  );
  const total = await page.getByTestId('shift-share-total').locator('td').allTextContents();
  expect(total[2]).toBe(`+${expected.change}`); // 130 − 105 enterprises
  expect(
    await page.locator('[data-testid=shift-share-table] tr[data-industry="38"] td').last().textContent(),
  ).toBe(`+${expected.competitive38.toFixed(2).replace(/0+$/, '').replace(/\.$/, '')}`);
  // 2024 presence (LQ ≥ 1) in Lijiang: divisions 30, 38 and 44 of the five; the network links all five.
  const present = await page
    .locator('[data-testid=industry-space] g[data-present="true"]')
    .evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-industry')).sort());
  expect(present).toEqual(['30', '38', '44']);
  expect(await page.locator('[data-testid=industry-space] g[data-industry]').count()).toBe(5);
  expect(await page.locator('[data-testid=treemap] rect').count()).toBe(5);
};

const ROLES: {
  user: string;
  /** Where the home page opens: all of China, or the one province all the role's data is in. */
  home: 'china' | 'yunnan';
  hidden: string[];
  checks: Partial<Record<string, Check>>;
}[] = [
  {
    user: 'demo',
    home: 'china',
    hidden: [],
    checks: {
      region: async (page) => {
        expect(await page.locator('[data-testid=china-map] path').count()).toBe(34);
        await page.locator('button[data-region="530700"]').click();
        await expect.poll(() => text(page, 'region-title')).toContain('Lijiang');
        await page.getByTestId('indicators').waitFor();
        await expect.poll(() => page.locator('[data-testid=china-map] path').count()).toBe(16); // Yunnan's prefectures
        expect(await text(page, 'legend-high')).toBe('high (8)'); // Lijiang's parks and sub-parks
      },
      parks: lijiangParks,
      clusters: async (page) => {
        expect(await text(page, 'clusters-count')).toBe('Clusters: 36 · tiers: 6');
        expect(await page.locator('[data-testid=tier-world_class] tr[data-cluster]').count()).toBe(3);
        expect(await page.locator('[data-testid=tier-traditional] tr[data-cluster]').count()).toBe(5);
        expect(await text(page, 'tier-world_class')).toContain('Construction machinery chain');
        // Ningxiang's battery-materials base: 14.33 billion yuan of value added in 2019, +14.73 % (seed 002).
        const ningxiang = await text(page, 'figures-NX-BATTERY-MATERIALS');
        expect(ningxiang).toContain('CN¥14.33B');
        expect(ningxiang).toContain('14.73%');
      },
      chain: chainPvHuaping,
      data: async (page) => {
        await page.getByTestId('read-only').waitFor();
        expect(await page.getByTestId('import-file').count()).toBe(0);
      },
      work: async (page) => {
        expect(await text(page, 'pipeline-total')).toContain('17 projects');
      },
      analytics: async (page) => {
        // All of China: the fixture's five Yunnan prefectures at two periods.
        expect(await page.locator('main select option').count()).toBe(10);
        await page.getByTestId('industry-space').waitFor();
      },
    },
  },
  {
    user: 'demo-admin',
    home: 'china',
    hidden: [],
    checks: {
      clusters: async (page) => {
        expect(await text(page, 'clusters-count')).toBe('Clusters: 36 · tiers: 6');
      },
      chain: chainPvHuaping,
      data: async (page) => {
        // A bad indicator file: its row errors are listed before anything is written.
        const bad = 'entity_kind,entity_code,metric,period,value,unit\nregion,530700,gdp,2024,abc,yuan\n';
        await page
          .getByTestId('import-file')
          .setInputFiles({ name: 'indicators.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
        await page.getByRole('button', { name: 'Check the file' }).click();
        await page.getByTestId('import-errors').waitFor();
        const table = await text(page, 'import-errors');
        expect(table).toContain('value');
        expect(table).toContain('abc');
        expect(await text(page, 'import-errors-summary')).toMatch(/\d+ errors?/);
      },
      work: async (page) => {
        expect(await text(page, 'pipeline-total')).toContain('17 projects');
      },
    },
  },
  {
    user: 'demo-region',
    home: 'yunnan',
    hidden: [],
    checks: {
      region: async (page) => {
        await page.getByTestId('indicators').waitFor();
        expect(await text(page, 'region-title')).toContain('Lijiang');
        expect(await text(page, 'legend-high')).toBe('high (8)'); // Lijiang's parks and sub-parks
        // "Back to all of China" leads out of the home province.
        await page.getByRole('button', { name: 'Back to all of China' }).click();
        await expect.poll(() => page.locator('[data-testid=china-map] path').count()).toBe(34);
        expect(
          await page.locator('li[data-metric="parks_output_share"] [data-testid=figure]').textContent(),
        ).toBe('64.59%');
      },
      parks: lijiangParks,
      clusters: async (page) => {
        expect(await text(page, 'clusters-count')).toBe('Clusters: 4 · tiers: 1');
        const codes = await page
          .locator('tr[data-cluster]')
          .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-cluster')).sort());
        expect(codes).toEqual([
          'LJ-HUAPING-SILICON-CARBON',
          'LJ-JINSHAN-HYDROGEN',
          'LJ-YONGSHENG-PLATEAU-FOOD',
          'LJ-YULONG-HEALTH-FOOD',
        ]);
      },
      chain: chainPvHuaping,
      data: async (page) => {
        await page.getByTestId('import-file').waitFor();
      },
      work: async (page) => {
        expect(await text(page, 'pipeline-total')).toContain('11 projects');
      },
      analytics: lijiangAnalytics,
    },
  },
  {
    user: 'demo-park',
    home: 'yunnan',
    hidden: ['analytics'],
    checks: {
      region: async (page) => {
        // The map counts the parks the officer sees: Huaping and its four sub-parks, in Lijiang.
        expect(await page.locator('path[data-code="530700"]').getAttribute('aria-label')).toMatch(/: 5$/);
        expect(await text(page, 'legend-high')).toBe('high (5)');
      },
      parks: async (page) => {
        await page.getByTestId('parks-table').waitFor();
        const codes = await page
          .locator('[data-testid=parks-table] tr[data-park]')
          .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-park')));
        expect(codes).toContain('LJ-HUAPING');
        expect(codes).not.toContain('LJ-JINSHAN');
        expect(await text(page, 'parks-count')).toBe('5 parks, of which 1 top-level');
        await page.getByTestId('park-performance').waitFor();
        expect(await text(page, 'perf-concentration')).toContain('64.59%');
      },
      clusters: async (page) => {
        expect(await text(page, 'clusters-count')).toBe('Clusters: 1 · tiers: 1');
        expect(await text(page, 'tier-other')).toContain('Photovoltaic (silicon) chain');
      },
      chain: chainPvHuaping,
      data: async (page) => {
        await page.getByTestId('import-file').waitFor();
      },
      work: async (page) => {
        expect(await text(page, 'pipeline-total')).toContain('6 projects');
        expect(await text(page, 'request-count')).toContain('3');
      },
      // The park's own attraction targets; region-level rankings are left to region roles, and said so.
      opportunities: async (page) => {
        await page.goto(`${base}/#/opportunities?chain=pv-silicon&scope=LJ-HUAPING`);
        await settled(page);
        await page.getByTestId('attraction-targets').waitFor();
        expect(await text(page, 'clusters-energy-storage-batteries')).toContain('Yibin');
        expect(await page.locator('main aside').textContent()).toContain('ask a region analyst');
      },
    },
  },
  {
    user: 'demo-department',
    home: 'china',
    hidden: ['parks', 'clusters', 'chain', 'opportunities', 'analytics'],
    checks: {
      data: async (page) => {
        await page.getByTestId('read-only').waitFor();
      },
      work: async (page) => {
        await page.getByTestId('request-list').waitFor();
        expect(await text(page, 'request-count')).toContain('2');
        expect(await text(page, 'request-list')).toContain('LJ-SR-QUARTZ-LABOUR-LOGISTICS');
        expect(await page.getByTestId('task-board').count()).toBe(0);
      },
    },
  },
  {
    user: 'demo-enterprise',
    home: 'yunnan',
    hidden: ['clusters', 'chain', 'opportunities', 'analytics'],
    checks: {
      region: async (page) => {
        // No region figures for an enterprise user: the map counts its one park (in Lijiang), the list says so.
        expect(await page.locator('path[data-code="530700"]').getAttribute('aria-label')).toMatch(/: 1$/);
        expect(await text(page, 'legend-high')).toBe('high (1)');
        await page.getByTestId('no-regions').waitFor();
      },
      parks: async (page) => {
        await page.getByTestId('parks-table').waitFor();
        expect(await text(page, 'parks-count')).toBe('1 parks, of which 1 top-level');
        expect(await page.getByTestId('park-performance').count()).toBe(0);
      },
      work: async (page) => {
        await page.getByTestId('request-form').waitFor();
        expect(await text(page, 'request-count')).toContain('1');
      },
    },
  },
];

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: install Debian's Chromium (apt-get install -y chromium)`);
  }
  mkdirSync(SCREENSHOTS, { recursive: true });
  web = await buildPrivateWeb(); // not the shared web/dist: see private-build.ts
  store = await openWorkspace({ dataDir: null, demoIfEmpty: true });
  app = await buildApi({ db: store.db, webDist: web.dir });
  base = await app.listen({ port: 0, host: '127.0.0.1' });
  await importYaml('indicators', FIXTURE);
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_LAUNCH_ARGS });
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await store?.close();
  web?.remove();
});

describe('every role × every page it may open (Chromium)', () => {
  it('covers every demo account', () => {
    const known = new Set(ROLES.map((r) => r.user));
    // Accounts added later are walked by the generic check below; these six are the README's table.
    expect(DEMO_ACCOUNTS.map((a) => a.username)).toEqual(expect.arrayContaining([...known]));
  });

  const others = () => DEMO_ACCOUNTS.map((a) => a.username).filter((u) => !ROLES.some((r) => r.user === u));
  for (const role of ROLES) {
    it(`${role.user}: its menu, and each page's own numbers`, async () => {
      const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1400, height: 1000 } });
      const { page, errors, requested } = await signIn(context, role.user);
      await settled(page);
      if (role.home === 'china') {
        // All of China by province: the prefecture boundaries (1.2 MB) load only when a province is opened.
        expect(requested.filter((u) => u.endsWith('/geo/china-cities.json'))).toEqual([]);
        await expect.poll(() => page.locator('[data-testid=china-map] path').count()).toBe(34);
      } else {
        // Everything the role sees is in Yunnan: the home page opens on Yunnan's 16 prefectures.
        await expect.poll(() => page.locator('[data-testid=china-map] path').count()).toBe(16);
        expect(await page.locator('main h1').textContent()).toBe('Yunnan');
      }
      const menu = await menuOf(page);
      for (const hidden of role.hidden) expect(menu).not.toContain(hidden);
      for (const page of ALL_PAGES.filter((p) => !role.hidden.includes(p))) expect(menu).toContain(page);
      // The pages of this issue; pages other issues add are walked by the test after this one.
      for (const name of menu.filter((p) => ALL_PAGES.includes(p))) {
        await page.goto(`${base}/#/${name}`);
        await settled(page);
        expect(await page.locator('main h1').count(), `${role.user} ${name}: a heading`).toBe(1);
        await role.checks[name]?.(page);
        expect(await page.locator('main [role=alert]').count(), `${role.user} ${name}: an error shown`).toBe(
          0,
        );
        expect(await rawKeys(page), `${role.user} ${name}`).toEqual([]);
        // Accessibility of every page, checked once (for the role whose menu has them all).
        if (role.user === 'demo-region') expect(await seriousAxeViolations(page), name).toEqual([]);
        await page.screenshot({ path: join(SCREENSHOTS, `${role.user}-${name}.png`), fullPage: true });
      }
      expect(errors).toEqual([]);
      await context.close();
    });
  }

  it('every other page in each menu, and accounts beyond the README’s six, open without errors', async () => {
    for (const user of [...ROLES.map((r) => r.user), ...others()]) {
      const login = await fetch(`${base}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: user, password: DEMO_PASSWORD }),
      });
      expect(login.status, `${user} signs in: ${await login.text()}`).toBe(200);
      const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1400, height: 1000 } });
      const { page, errors } = await signIn(context, user);
      const menu = await menuOf(page);
      for (const name of others().includes(user) ? menu : menu.filter((p) => !ALL_PAGES.includes(p))) {
        await page.goto(`${base}/#/${name}`);
        await settled(page);
        expect(await rawKeys(page), `${user} ${name}`).toEqual([]);
        await page.screenshot({ path: join(SCREENSHOTS, `${user}-${name}.png`), fullPage: true });
      }
      expect(errors, user).toEqual([]);
      await context.close();
    }
  });

  it('demo-region in every language: labels translated, Arabic right to left, numbers in the locale’s form', async () => {
    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1400, height: 1000 } });
    const { page, errors } = await signIn(context, 'demo-region');
    const menu = (await menuOf(page)).filter((p) => ALL_PAGES.includes(p));
    const growth = lijiangShiftShare().growth;
    for (const locale of LOCALES.filter((l) => l !== 'en')) {
      await page.getByTestId('language').selectOption(locale);
      expect(await page.evaluate('document.documentElement.lang')).toBe(locale);
      expect(await page.evaluate('document.documentElement.dir')).toBe(locale === 'ar' ? 'rtl' : 'ltr');
      for (const name of menu) {
        await page.goto(`${base}/#/${name}`);
        await settled(page, locale);
        const label = (MESSAGES[locale] as Record<string, string>)[`nav.${name}`];
        if (label) expect(await page.locator(`nav a[href="#/${name}"]`).textContent()).toBe(label);
        expect(await rawKeys(page), `${locale} ${name}`).toEqual([]);
        if (name === 'analytics') {
          await page.getByTestId('shift-share').waitFor();
          const percent = new Intl.NumberFormat(locale, {
            style: 'percent',
            maximumFractionDigits: 1,
          }).format(growth);
          expect(await text(page, 'shift-share-benchmark')).toContain(percent);
        }
        await page.screenshot({
          path: join(SCREENSHOTS, `demo-region-${name}-${locale}.png`),
          fullPage: true,
        });
      }
    }
    expect(errors).toEqual([]);
    await context.close();
  });

  it('park performance draws output and tax per mu once a park has figures (fixture)', async () => {
    // Fixture: Huaping's 2024 output and tax, over its 2,592.6 mu of developed land: 2,000,000 and 100,000 yuan a mu.
    await importYaml(
      'indicators',
      `kind: indicators
rows:
- {entity_kind: park, entity_code: LJ-HUAPING, region_code: '530723', metric: output_value, period: '2024', value: ${2592.6 * 2_000_000}, unit: yuan, source: test fixture}
- {entity_kind: park, entity_code: LJ-HUAPING, region_code: '530723', metric: tax_revenue, period: '2024', value: ${2592.6 * 100_000}, unit: yuan, source: test fixture}
`,
    );
    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1400, height: 1000 } });
    const { page, errors } = await signIn(context, 'demo-region');
    await page.goto(`${base}/#/parks?within=530700`);
    await page.getByTestId('perf-output_per_mu').waitFor();
    const output = await text(page, 'perf-output_per_mu');
    expect(output).toContain('#1 of 1');
    expect(output).toContain('CN¥2M');
    expect(await text(page, 'perf-tax_per_mu')).toContain('CN¥100K');
    expect(
      await page.locator('[data-testid=perf-table] tr[data-perf-park="LJ-HUAPING"]').textContent(),
    ).toContain('CN¥2M (#1 of 1)');
    await page.screenshot({ path: join(SCREENSHOTS, 'demo-region-parks-per-mu.png'), fullPage: true });
    expect(errors).toEqual([]);
    await context.close();
  });
});
