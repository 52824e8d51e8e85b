/**
 * What the browser tests share: Debian's Chromium, the screenshot folder, signing in through the login
 * form, collecting console errors, and the axe-core accessibility check. Each test file starts its own
 * API over its own store; this file holds only what drives the browser.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../src/services/accounts/demo-accounts.ts';

export const CHROMIUM = '/usr/bin/chromium';
export const SCREENSHOTS = join(import.meta.dirname, 'screenshots');
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** A refusal a test provokes on purpose (a bad file's 422): the browser logs it, it is not an error. */
export interface ExpectedRefusal {
  status: number;
  url: RegExp;
}

/** A bad file's dry run answers 422 with its errors: the data page shows them. */
export const IMPORT_REFUSAL: ExpectedRefusal = { status: 422, url: /\/api\/import/ };

/** Console errors and uncaught exceptions of a page. Before sign-in GET /api/auth/me answers 401. */
export function watchErrors(page: Page, expected: readonly ExpectedRefusal[] = []): string[] {
  const refusals = [{ status: 401, url: /\/api\/auth\/me$/ }, ...expected];
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`uncaught: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const url = message.location().url;
    if (refusals.some((r) => message.text().includes(`status of ${r.status}`) && r.url.test(url))) return;
    errors.push(`${message.text()} (${url})`);
  });
  return errors;
}

/** Signs in through the login form; the fields are found by their type, so any language works. */
export async function signIn(
  context: BrowserContext,
  base: string,
  username: string,
  expected: readonly ExpectedRefusal[] = [],
): Promise<{ page: Page; errors: string[] }> {
  const page = await context.newPage();
  const errors = watchErrors(page, expected);
  await page.goto(base);
  await page.locator('input[autocomplete="username"], input[name="username"]').first().fill(username);
  await page.locator('input[type="password"]').fill(DEMO_PASSWORD);
  await page.locator('button[type="submit"]').click();
  await page.getByTestId('signed-in').waitFor();
  return { page, errors };
}

/** axe-core's serious and critical violations on the page as it is now. */
export async function seriousAxeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: axeSource });
  const result = (await page.evaluate('axe.run(document)')) as {
    violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[];
  };
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact}: ${v.id} — ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

export const shot = (page: Page, name: string, folder = SCREENSHOTS) =>
  page.screenshot({ path: join(folder, `${name}.png`), fullPage: true });

/** The API as a demo user, for fixtures: the session cookie and CSRF token of a real sign-in. */
export async function apiSession(base: string, username: string): Promise<Record<string, string>> {
  const login = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const cookie = login.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  return { cookie, 'x-csrf-token': csrfToken };
}
