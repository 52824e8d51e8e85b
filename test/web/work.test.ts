/**
 * The work and analytics views in a real browser (issue 7): key-task board, project pipeline,
 * service-request inbox and filing form, notifications, and the specialization charts. Same harness as
 * app.test.ts: the built app served by the real API over a fresh embedded store with the demo workspace,
 * driven in Debian's Chromium. Screenshots go to test/web/screenshots/ (ignored by git).
 *
 * The demo workspace records Lijiang's plan with annual key-task lists (seed 003) but not the task rows
 * themselves, no routing rule, and no figures by industry for several regions. The test adds them as a
 * user would — through the API, as the role allowed to — and labels them as fixtures: three key tasks on
 * Lijiang's plan, Huaping's routing rule for labour and logistics, and a small table of enterprise counts
 * by industry for three Yunnan prefectures.
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
  apiSession,
  CHROMIUM,
  IMPORT_REFUSAL,
  SCREENSHOTS,
  seriousAxeViolations,
  shot,
  signIn as signInAt,
} from './harness.ts';

const HUAPING_DEPARTMENT = 'Huaping park enterprise service centre';

let store: Store;
let app: FastifyInstance;
let base: string;
let browser: Browser;

/** Signs in through the form; the refusals this file provokes on purpose are not console errors. */
const signIn = (context: BrowserContext, username: string) =>
  signInAt(context, base, username, [IMPORT_REFUSAL]);

/** The API as a demo user: the session cookie and CSRF token of a real sign-in. */
async function apiAs(username: string) {
  const session = await apiSession(base, username);
  return async (path: string, init: { method?: string; json?: unknown; form?: FormData } = {}) => {
    const headers: Record<string, string> = { ...session };
    if (init.json !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${base}${path}`, {
      method: init.method ?? (init.json !== undefined || init.form ? 'POST' : 'GET'),
      headers,
      body: init.form ?? (init.json === undefined ? undefined : JSON.stringify(init.json)),
    });
    const body = await response.json();
    if (!response.ok) throw new Error(`${path}: ${response.status} ${JSON.stringify(body)}`);
    return body as Record<string, unknown>;
  };
}

async function importYaml(username: string, kind: string, yaml: string) {
  const call = await apiAs(username);
  const form = new FormData();
  form.set('file', new Blob([yaml], { type: 'application/yaml' }), `${kind}.yaml`);
  return call(`/api/import?kind=${kind}`, { form });
}

// Fixture: three key tasks on Lijiang's plan (seed 003 says the lists exist, not what is on them).
const TASKS = `kind: tasks
rows:
- {code: LJ-FIX-T1, plan_code: LJ-DZ-LEADER-SUPERVISION, year: 2024, title: "Fixture: standard plant for Huaping's PV supply chain", owner_department: Huaping park management committee, due_date: 2024-06-30}
- {code: LJ-FIX-T2, plan_code: LJ-DZ-LEADER-SUPERVISION, year: 2027, title: "Fixture: hydrogen pipeline approval in Jinshan", owner_department: Jinshan high-tech zone, due_date: 2027-12-31}
- {code: LJ-FIX-T3, plan_code: LJ-DZ-LEADER-SUPERVISION, year: 2025, title: "Fixture: revitalize idle land in Yulong", owner_department: Yulong park, due_date: 2025-12-31}
`;
const REVIEWS = `kind: task_reviews
rows:
- {task_code: LJ-FIX-T2, reviewed_on: 2026-10-31, status: in_progress, progress: 60, note: Route survey finished}
- {task_code: LJ-FIX-T3, reviewed_on: 2025-11-30, status: done, progress: 100, note: 983 mu handed over}
`;
// Fixture: enterprise counts by industry (GB/T 4754 divisions) for three Yunnan prefectures.
const COUNTS: Record<string, Record<string, number>> = {
  '530700': { '30': 40, '38': 30, '44': 20, '13': 10 },
  '530100': { '30': 50, '38': 100, '44': 50, '13': 200 },
  '530300': { '30': 60, '38': 40, '44': 30, '13': 120 },
};
const INDICATORS = `kind: indicators
rows:
${Object.entries(COUNTS)
  .flatMap(([region, byIndustry]) =>
    Object.entries(byIndustry).map(
      ([industry, value]) =>
        `- {entity_kind: region, entity_code: '${region}', region_code: '${region}', industry_code: '${industry}', metric: enterprises_count, period: '2024', value: ${value}, unit: count, source: test fixture}`,
    ),
  )
  .join('\n')}
`;

/** Location quotient as Balassa (1965) defines it, computed here from the fixture, not by the engine. */
function locationQuotient(region: string, industry: string): number {
  const total = (f: (r: string, i: string) => boolean) =>
    Object.entries(COUNTS).reduce(
      (sum, [r, row]) => sum + Object.entries(row).reduce((s, [i, v]) => s + (f(r, i) ? v : 0), 0),
      0,
    );
  return (
    COUNTS[region]![industry]! /
    total((r) => r === region) /
    (total((_, i) => i === industry) / total(() => true))
  );
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: install Debian's Chromium (apt-get install -y chromium)`);
  }
  mkdirSync(SCREENSHOTS, { recursive: true });
  await ensureWebBuilt((line) => console.log(line));
  store = await openWorkspace({ dataDir: null, demoIfEmpty: true });
  app = await buildApi({ db: store.db });
  base = await app.listen({ port: 0, host: '127.0.0.1' });
  await importYaml('demo-region', 'tasks', TASKS);
  await importYaml('demo-region', 'task_reviews', REVIEWS);
  await importYaml('demo-admin', 'indicators', INDICATORS);
  await (await apiAs('demo-park'))('/api/ops/routing-rules', {
    json: {
      category: 'labour_and_logistics',
      park_code: 'LJ-HUAPING',
      department: HUAPING_DEPARTMENT,
      deadline_days: 5,
    },
  });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: CHROMIUM_LAUNCH_ARGS,
  });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await store?.close();
});

describe('work views (Chromium)', () => {
  it("region: Lijiang's key tasks by status, overdue highlighted, reviews on click; Jinshan's hydrogen projects", async () => {
    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1400, height: 1000 } });
    const { page, errors } = await signIn(context, 'demo-region');
    await page.goto(`${base}/#/work`);
    await page.getByTestId('task-board').waitFor();
    expect(await page.getByTestId('task-count').textContent()).toBe('3 key tasks');
    // Due 2024-06-30 with no review: overdue, outlined in red.
    const overdue = page.locator('.status-overdue .task-card');
    expect(await overdue.count()).toBe(1);
    expect(await overdue.first().textContent()).toContain("standard plant for Huaping's PV supply chain");
    expect(await overdue.first().getAttribute('class')).toContain('overdue');
    expect(await page.locator('#col-overdue').textContent()).toBe('Overdue (1)');
    expect(await page.locator('#col-done').textContent()).toBe('Done (1)');
    expect(await page.locator('#col-on_track').textContent()).toBe('On track (1)');
    expect(await page.getByTestId('task-LJ-FIX-T2').textContent()).toContain('Progress: 60%');
    await page.getByTestId('task-LJ-FIX-T3').click();
    const reviews = page.getByTestId('task-reviews');
    await reviews.locator('table').waitFor();
    expect(await reviews.textContent()).toContain('983 mu handed over');

    // Pipeline: the demo's 11 Lijiang projects, Jinshan's four hydrogen projects.
    expect(await page.getByTestId('pipeline-total').textContent()).toBe('11 projects in your scope');
    const byPark = await page.getByTestId('pipeline-parks').locator('tbody tr').allTextContents();
    expect(byPark.some((row) => /Jinshan/.test(row) && /^[^0-9]*4/.test(row))).toBe(true);
    const byChain = await page.getByTestId('pipeline-chains').locator('tbody tr').allTextContents();
    expect(byChain).toContain('hydrogen-energy4——');
    const list = await page.getByTestId('project-list').textContent();
    for (const name of [
      'Green hydrogen transmission lines',
      'Hydrogen equipment manufacturing',
      'Hydrogen industrial park built with leading hydrogen enterprises',
    ]) {
      expect(list).toContain(name);
    }
    expect(await seriousAxeViolations(page)).toEqual([]);
    await shot(page, 'work-region');
    expect(errors).toEqual([]);
    await context.close();
  }, 60_000);

  it("park: Huaping's service requests and pipeline; French and Arabic (right to left)", async () => {
    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1400, height: 1000 } });
    const { page, errors } = await signIn(context, 'demo-park');
    await page.goto(`${base}/#/work`);
    await page.getByTestId('request-list').waitFor();
    const rows = await page.getByTestId('request-list').locator('tbody tr').allTextContents();
    expect(rows).toHaveLength(3);
    expect(rows.join(' ')).toContain('Land-use indicators for LONGi phase II in Huaping');
    expect(rows.join(' ')).toContain('Challenges with labour and logistics (quartz crucible makers)');
    expect(rows.join(' ')).toContain('五星石墨');
    expect(rows.filter((r) => r.includes(HUAPING_DEPARTMENT))).toHaveLength(2);
    expect(rows.every((r) => r.includes('answered'))).toBe(true);
    await page.getByTestId('pipeline-total').waitFor();
    expect(await page.getByTestId('pipeline-total').textContent()).toBe('6 projects in your scope');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await shot(page, 'work-park');

    await page.getByTestId('language').selectOption('fr');
    await page.getByRole('heading', { name: 'Travail quotidien' }).waitFor();
    expect(await page.getByTestId('pipeline-total').textContent()).toBe('6 projets dans votre périmètre');
    expect(await page.locator('#col-not_started').count()).toBe(0); // Huaping's officer sees no Lijiang task list
    await shot(page, 'work-park-fr');

    await page.getByTestId('language').selectOption('ar');
    await page.getByRole('heading', { name: 'العمل اليومي' }).waitFor();
    expect(await page.evaluate('[document.documentElement.dir, document.documentElement.lang]')).toEqual([
      'rtl',
      'ar',
    ]);
    expect(await page.getByTestId('request-count').textContent()).toBe('3 طلباً');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await shot(page, 'work-park-ar');

    // A park officer sees no region's figures by industry: the analytics page says what it needs.
    await page.getByTestId('language').selectOption('en');
    await page.goto(`${base}/#/analytics`);
    await page.getByTestId('analytics-empty').waitFor();
    expect(await page.getByTestId('analytics-empty').textContent()).toContain('No figures by industry');
    expect(await page.getByTestId('treemap').count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  }, 60_000);

  it('an enterprise files a request through the form; the department sees it, answers, and the enterprise reads the answer', async () => {
    const enterpriseContext = await browser.newContext({
      locale: 'en-US',
      viewport: { width: 1300, height: 900 },
    });
    const enterprise = await signIn(enterpriseContext, 'demo-enterprise');
    await enterprise.page.goto(`${base}/#/work`);
    await enterprise.page.getByTestId('request-form').waitFor();
    expect(await enterprise.page.getByTestId('task-board').count()).toBe(0);
    await enterprise.page.getByLabel('Category').selectOption('labour_and_logistics');
    await enterprise.page.getByLabel('What do you need?').fill('Forty trained furnace operators by March');
    expect(await seriousAxeViolations(enterprise.page)).toEqual([]);
    await enterprise.page.getByRole('button', { name: 'File the request' }).click();
    const filed = enterprise.page.getByTestId('request-filed');
    await filed.waitFor();
    const filedText = (await filed.textContent()) ?? '';
    expect(filedText).toMatch(new RegExp(`^Filed as SR-\\d{8}-0001, routed to ${HUAPING_DEPARTMENT}\\.$`));
    const code = /SR-\d{8}-\d{4}/.exec(filedText)![0];
    await enterprise.page.getByRole('button', { name: code }).waitFor();
    await shot(enterprise.page, 'work-enterprise');

    const departmentContext = await browser.newContext({
      locale: 'en-US',
      viewport: { width: 1300, height: 900 },
    });
    const department = await signIn(departmentContext, 'demo-department');
    await department.page.goto(`${base}/#/work`);
    await department.page.getByTestId('request-list').waitFor();
    expect(await department.page.getByTestId('request-count').textContent()).toBe('3 requests');
    expect(await department.page.getByRole('heading', { name: 'Key-task board' }).count()).toBe(0);
    expect(await department.page.getByTestId('notifications').textContent()).toContain(
      `New request: 五星石墨 filed ${code} (labour_and_logistics)`,
    );
    await department.page.getByRole('button', { name: code }).click();
    await department.page.getByTestId('request-thread').waitFor();
    expect(await department.page.getByTestId('request-thread').textContent()).toContain(
      'Forty trained furnace operators by March',
    );
    await department.page
      .getByLabel('Your answer')
      .fill('Training centre in Huaping opens a furnace course on 5 January');
    expect(await seriousAxeViolations(department.page)).toEqual([]);
    await department.page.getByRole('button', { name: 'Send the answer' }).click();
    await department.page.getByText('Response: Training centre in Huaping').waitFor();
    await shot(department.page, 'work-department');

    await enterprise.page.reload();
    await enterprise.page.getByRole('button', { name: code }).click();
    await enterprise.page.getByText('Response: Training centre in Huaping').waitFor();
    expect(enterprise.errors).toEqual([]);
    expect(department.errors).toEqual([]);
    await enterpriseContext.close();
    await departmentContext.close();
  }, 90_000);
});

describe('analytics views (Chromium)', () => {
  it("Lijiang's specialization: treemap and presence-vs-fit quadrants with the location quotients of the table", async () => {
    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1300, height: 1000 } });
    const { page, errors } = await signIn(context, 'demo-region');
    await page.goto(`${base}/#/analytics`);
    await page.getByTestId('treemap').waitFor();
    expect(await page.getByTestId('treemap').locator('rect').count()).toBe(4);
    const rows = await page.getByTestId('specialization-table').locator('tbody tr').all();
    const shown = new Map<string, string>();
    for (const row of rows) {
      const cells = await row.locator('th, td').allTextContents();
      shown.set(cells[0]!, cells[2]!);
    }
    // Lijiang: 40 of its 100 enterprises in non-metallic minerals (division 30) against 150 of 750 overall.
    expect(locationQuotient('530700', '30')).toBeCloseTo(2, 10);
    const lq30 = [...shown].find(([name]) => /non-metallic|Non-metallic/i.test(name));
    expect(lq30?.[1]).toBe('2');
    expect(await page.getByTestId('quadrant').locator('circle').count()).toBe(4);
    const source = await page.getByTestId('analytics-source').textContent();
    expect(source).toContain('enterprises_count, 2024, from test fixture');
    expect(source).toContain('3 regions, 12 figures');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await shot(page, 'analytics-region');
    expect(errors).toEqual([]);
    await context.close();
  }, 60_000);
});
