/**
 * The HTML report printed to PDF by headless Chromium (playwright-core drives the system's browser; no
 * browser is downloaded). CHAINATLAS_CHROMIUM overrides the executable's path.
 */
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';

export const DEFAULT_CHROMIUM = '/usr/bin/chromium';
/** How every headless Chromium of the project starts: no sandbox (containers), no GPU, no network chatter. */
export const CHROMIUM_LAUNCH_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Chromium is not installed where we look: the user can install it or point to it. */
export class ChromiumMissingError extends Error {
  override readonly name = 'ChromiumMissingError';
  readonly statusCode = 503;
  constructor(readonly path: string) {
    super(
      `cannot print the PDF: Chromium is missing at ${path} (install it, e.g. apt-get install -y chromium, or set CHAINATLAS_CHROMIUM to its path); the html, xlsx and md formats need no browser`,
    );
  }
}

export function chromiumPath(): string {
  return process.env.CHAINATLAS_CHROMIUM || DEFAULT_CHROMIUM;
}

export async function printPdf(html: string, rtl: boolean): Promise<Buffer> {
  const executablePath = chromiumPath();
  if (!existsSync(executablePath)) throw new ChromiumMissingError(executablePath);
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_LAUNCH_ARGS, headless: true });
  try {
    const page = await browser.newPage();
    // The page is self-contained: nothing may be fetched while printing.
    await page.route('**/*', (route) =>
      route.request().url().startsWith('data:') ? route.continue() : route.abort(),
    );
    await page.setContent(html, { waitUntil: 'load' });
    const pdf = await page.pdf({
      format: 'A4',
      printBackground: true,
      preferCSSPageSize: true,
      displayHeaderFooter: true,
      headerTemplate: '<span></span>',
      footerTemplate: `<div style="font-size:8px;width:100%;text-align:center;direction:${rtl ? 'rtl' : 'ltr'}"><span class="pageNumber"></span> / <span class="totalPages"></span></div>`,
      margin: { top: '16mm', bottom: '16mm', left: '14mm', right: '14mm' },
    });
    return Buffer.from(pdf);
  } finally {
    await browser.close();
  }
}
