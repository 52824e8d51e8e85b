/** The documents view in Chromium: search with marked snippets in two languages, and the review queue. */
import type { FastifyInstance } from 'fastify';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApi } from '../../src/api/server.ts';
import { DEMO_PASSWORD } from '../../src/services/accounts/demo-accounts.ts';
import { openWorkspace } from '../../src/services/workspace.ts';
import type { Store } from '../../src/store/open-store.ts';
import { ensureWebBuilt } from '../../web/build.ts';

let store: Store;
let app: FastifyInstance;
let base: string;
let browser: Browser;

beforeAll(async () => {
  await ensureWebBuilt((line) => console.log(line));
  store = await openWorkspace({ dataDir: null, demoIfEmpty: true });
  app = await buildApi({ db: store.db });
  base = await app.listen({ port: 0, host: '127.0.0.1' });
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu'],
  });
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await store?.close();
});

describe('documents view (Chromium)', () => {
  it('氢能 and hydrogène find the Jinshan passage; the review queue shows figures with their sentences', async () => {
    const context = await browser.newContext({ locale: 'en-US' });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(base);
    await page.getByLabel('User name').fill('demo-admin');
    await page.getByLabel('Password').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('signed-in').waitFor();
    await page.getByRole('link', { name: 'Documents' }).click();
    for (const query of ['氢能', 'hydrogène']) {
      await page.getByTestId('doc-query').fill(query);
      await page.getByRole('button', { name: 'Search', exact: true }).click();
      const hits = page.getByTestId('doc-hits');
      await hits.waitFor();
      await expect.poll(() => hits.locator('li', { hasText: 'Jinshan' }).count()).toBeGreaterThan(0);
      expect(await hits.locator('mark').count()).toBeGreaterThan(0);
    }
    const queue = page.getByTestId('doc-queue');
    await queue.waitFor();
    expect(await queue.locator('tbody tr').count()).toBeGreaterThan(10);
    expect(await queue.locator('summary[title*="Puyang"]').count()).toBeGreaterThan(0);
    expect(errors).toEqual([]);
    await context.close();
  });
});
