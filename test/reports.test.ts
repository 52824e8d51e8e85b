/**
 * Issue 9's acceptance on the demo workspace, on both stores: the Lijiang report for 2025 states seed 003's
 * own facts with footnotes to it, finds Huaping's short PV chain and its single-product dependence by the
 * diagnostics (the typed-in problem rows are deleted first), prints to a PDF whose pages have ink, gives an
 * XLSX whose totals equal the HTML's, and reads right to left in Arabic. Plus the dictionary's keys, the
 * API's scope checks and errors, and the CLI.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApi } from '../src/api/server.ts';
import { DEMO_PASSWORD } from '../src/services/accounts/demo-accounts.ts';
import { buildReport } from '../src/services/reports/build-report.ts';
import { DICTIONARIES, REPORT_LANGUAGES } from '../src/services/reports/dictionary.ts';
import type { Param, Phrase, Report } from '../src/services/reports/report-model.ts';
import type { Store } from '../src/store/open-store.ts';
import { inkShare, pngGrey } from './helpers/png.ts';
import { storeKinds } from './helpers/stores.ts';

const ADMIN_TOKEN = 'test-local-admin-token-reports-0123456789';
const NOW = new Date('2025-07-01T09:00:00Z');

/** Every dictionary key a report model uses (phrases, nested phrases, column and table titles). */
function phraseKeys(report: Report): Set<string> {
  const keys = new Set<string>();
  const visit = (p: Param | Phrase | undefined) => {
    if (!p || typeof p !== 'object') return;
    if ('key' in p) {
      keys.add(p.key);
      for (const v of Object.values(p.params ?? {})) visit(v);
    } else if ('join' in p) for (const i of p.items) visit(i);
  };
  for (const f of report.facts) visit(f.phrase);
  for (const t of report.progress) {
    visit(t.title);
    visit(t.note);
    for (const c of t.columns) visit(c);
    for (const row of t.rows) for (const c of row) if (c.type === 'phrase') visit(c.phrase);
    for (const l of t.chart?.labels ?? []) if (typeof l !== 'string') visit(l);
    for (const s of t.chart?.series ?? []) visit(s.name);
    for (const c of t.captionedCharts ?? []) {
      visit(c.caption);
      for (const l of c.chart.labels) if (typeof l !== 'string') visit(l);
    }
  }
  for (const p of report.problems) {
    keys.add(`problem_kind.${p.kind}`);
    visit(p.statement);
    for (const e of p.evidence) if (typeof e !== 'string') visit(e);
  }
  for (const s of report.next_steps) {
    visit(s.statement);
    visit(s.basis);
  }
  return keys;
}

/** The `data-value` of the `index`-th number cell of the HTML table row whose first cell says `label`. */
function rowValues(html: string, table: string, label: RegExp): number[] {
  const section = html.slice(html.indexOf(`data-table="${table}"`));
  const body = section.slice(0, section.indexOf('</table>'));
  const row = body.split('<tr').find((r) => label.test(r.slice(r.indexOf('>') + 1).replace(/<[^>]+>/g, ' ')));
  expect(row, `${table}: a row matching ${label}`).toBeDefined();
  return [...row!.matchAll(/data-value="([^"]*)"/g)].map((m) => (m[1] === '' ? Number.NaN : Number(m[1])));
}

function footnote(html: string, n: number): string {
  const m = new RegExp(`<li id="fn-${n}"[^>]*>(.*?)</li>`, 's').exec(html);
  return m ? m[1]! : '';
}

describe('report dictionary', () => {
  it('has every English key, and nothing else, in each of the five languages', () => {
    const reference = Object.keys(DICTIONARIES.en).sort();
    for (const lang of REPORT_LANGUAGES) {
      const keys = Object.keys(DICTIONARIES[lang]).sort();
      expect(
        reference.filter((k) => !keys.includes(k)),
        `${lang} misses`,
      ).toEqual([]);
      expect(
        keys.filter((k) => !reference.includes(k)),
        `${lang} has extra`,
      ).toEqual([]);
      for (const k of reference) {
        const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
        expect(placeholders(DICTIONARIES[lang][k as keyof typeof DICTIONARIES.en]), `${lang} ${k}`).toEqual(
          placeholders(DICTIONARIES.en[k as keyof typeof DICTIONARIES.en]),
        );
      }
    }
  });
});

describe.each(storeKinds())('reports on $name with the demo workspace', (kind) => {
  let store: Store;
  let app: FastifyInstance;
  const as: Record<string, Record<string, string>> = {};
  const files = new Map<string, { body: Buffer; type: string }>();

  async function signIn(username: string) {
    const res = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username, password: DEMO_PASSWORD },
    });
    expect(res.statusCode, `${username} signs in`).toBe(200);
    const cookie = res.cookies.find((c) => c.name === 'chainatlas_session')!;
    return { cookie: `chainatlas_session=${cookie.value}` };
  }
  async function get(user: string, query: string) {
    return app.inject({ method: 'GET', url: `/api/reports?${query}`, headers: as[user] });
  }
  async function lijiang(format: string, lang: string) {
    const key = `${format}-${lang}`;
    if (!files.has(key)) {
      const res = await get('demo-region', `scope=530700&period=2025&format=${format}&lang=${lang}`);
      expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
      files.set(key, { body: res.rawPayload, type: String(res.headers['content-type']) });
    }
    return files.get(key)!;
  }

  beforeAll(async () => {
    store = await kind.open({ demo: true });
    // The problems must come from the diagnostics: the demo's typed-in problem rows are removed.
    await store.db.query('delete from problem');
    app = await buildApi({ db: store.db, localAdminToken: ADMIN_TOKEN, now: () => NOW });
    for (const user of ['demo-region', 'demo-park']) as[user] = await signIn(user);
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await store?.close();
  });

  it("states seed 003's facts for Lijiang 2025, each with a footnote to seed 003", async () => {
    const html = (await lijiang('html', 'en')).body.toString('utf8');
    const facts = html.slice(html.indexOf('id="key-facts"'), html.indexOf('id="progress"'));
    const seed003 = (li: string) => {
      const notes = [...li.matchAll(/href="#fn-(\d+)"/g)].map((m) => Number(m[1]));
      expect(notes.length, li).toBeGreaterThan(0);
      return notes.some((n) => footnote(html, n).includes('seed-003'));
    };
    const fact = (pattern: RegExp) => {
      const li = facts.split('<li>').find((l) => pattern.test(l.replace(/<[^>]+>/g, '')));
      expect(li, `a key fact matching ${pattern}`).toBeDefined();
      expect(seed003(li!), `${pattern} cites seed 003`).toBe(true);
      return li!;
    };
    fact(/4 provincial-level parks/);
    fact(/2023: 36 · 2024: 27 · 2025: 28/);
    fact(/398 mu of standard land built, 156\.64 mu sold; 983 mu of inefficient land revitalized/);
    fact(/3\.76B yuan in total = 2\.34B yuan \(city\) \+ 600M yuan \(county\) \+ 820M yuan \(district\)/);

    // The tables hold the same figures as numbers, footnoted.
    for (const [year, count] of [
      ['2023', 36],
      ['2024', 27],
      ['2025', 28],
    ] as const)
      expect(rowValues(html, 'tasks', new RegExp(`^\\s*${year}\\b`))[0], year).toBe(count);
    const jinshan = rowValues(html, 'land', /Jinshan/);
    expect(jinshan.slice(0, 4)).toEqual([398, 156.64, 241.36, 983]);
    expect(rowValues(html, 'incentives', /subsidies\s+Subtotal/)[1]).toBe(3_760_000_000);
    expect(rowValues(html, 'incentives', /subsidies\s+city/)[1]).toBe(2_340_000_000);
    expect(rowValues(html, 'incentives', /subsidies\s+district/)[1]).toBe(820_000_000);
    expect(rowValues(html, 'incentives', /subsidies\s+county/)[1]).toBe(600_000_000);
    const taskNote = /<td class="num" data-value="36"[^>]*>.*?href="#fn-(\d+)"/.exec(html);
    expect(footnote(html, Number(taskNote![1]))).toContain('Les 36 tâches clés identifiées en 2023');
    // Every footnote number used has its footnote.
    const used = new Set([...html.matchAll(/href="#fn-(\d+)"/g)].map((m) => Number(m[1])));
    for (const n of used) expect(footnote(html, n), `footnote ${n}`).not.toBe('');
    // Charts are inline SVG, and nothing is loaded from elsewhere.
    expect((html.match(/<svg /g) ?? []).length).toBeGreaterThanOrEqual(5);
    expect(html).not.toMatch(/<script|<link |src="http/);
  });

  it("finds Huaping's short PV chain and its single-product dependence by the diagnostics", async () => {
    expect(
      Number((await store.db.query<{ n: number }>('select count(*)::int as n from problem'))[0]!.n),
    ).toBe(0);
    const html = (await lijiang('html', 'en')).body.toString('utf8');
    const problems = html
      .slice(html.indexOf('id="problems"'), html.indexOf('id="next-steps"'))
      .split('<li class="problem"')
      .slice(1);
    const short = problems.find(
      (p) =>
        p.includes('data-kind="missing_downstream"') && p.includes('Huaping') && p.includes('Photovoltaic'),
    );
    expect(short, 'a short-chain problem for Huaping on the PV chain').toBeDefined();
    const statement = short!.slice(0, short!.indexOf('<ul class="evidence">'));
    for (const node of ['PV modules', 'Energy-storage batteries', 'PV system integration'])
      expect(statement).toContain(node);
    expect(short).toContain('Monocrystalline silicon ingots (LONGi)');
    const single = problems.find((p) => p.includes('data-kind="single_product"') && p.includes('Huaping'));
    expect(single, 'single-product dependence in Huaping').toBeDefined();
    expect(single).toContain('Monocrystalline silicon ingots makes 80%');
    expect(single).toContain('−0.1 × (0.8');
    const singleNotes = [...single!.matchAll(/href="#fn-(\d+)"/g)].map((m) => footnote(html, Number(m[1])));
    expect(singleNotes.some((n) => n.includes('seed-003') && n.includes('80 %'))).toBe(true);
    expect(problems.some((p) => p.includes('data-kind="idle_land"') && p.includes('241.36 mu'))).toBe(true);
    // Next steps are marked as suggestions and drawn from the problems.
    const steps = html.slice(html.indexOf('id="next-steps"'), html.indexOf('id="sources"'));
    expect(steps).toContain('suggestions computed from the diagnostics');
    const suggestions = steps.split('<li class="suggestion">').slice(1);
    expect(suggestions.length).toBeGreaterThanOrEqual(3);
    for (const s of suggestions) expect(s).toContain('<span class="badge">Suggestion</span>');
    expect(suggestions.some((s) => s.includes('PV modules') && s.includes('Huaping'))).toBe(true);
    // And from the opportunities (issue 8): the investor ranked for Jinshan's missing hydrogen node.
    expect(
      suggestions.some(
        (s) => s.includes('中国石化中原油田') && s.includes('byproduct') === false && s.includes('score'),
      ),
    ).toBe(true);
  });

  it('gives an XLSX, one sheet per table, whose totals equal the HTML’s', async () => {
    const html = (await lijiang('html', 'en')).body.toString('utf8');
    const xlsx = await lijiang('xlsx', 'en');
    expect(xlsx.type).toContain('spreadsheetml');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.body as unknown as ArrayBuffer);
    const names = book.worksheets.map((s) => s.name);
    for (const id of ['parks', 'indicators', 'targets', 'tasks', 'projects', 'land', 'incentives', 'chains'])
      expect(names).toContain(id);
    for (const id of ['key_facts', 'problems', 'next_steps', 'sources']) expect(names).toContain(id);
    const rowOf = (sheet: string, first: string, second?: string) => {
      let found: ExcelJS.Row | undefined;
      book.getWorksheet(sheet)!.eachRow((row) => {
        if (row.getCell(1).value === first && (second === undefined || row.getCell(2).value === second))
          found = row;
      });
      expect(found, `${sheet}: ${first} ${second ?? ''}`).toBeDefined();
      return found!;
    };
    const subsidies = rowOf('incentives', 'subsidies', 'Subtotal');
    expect(subsidies.getCell(4).value).toBe(rowValues(html, 'incentives', /subsidies\s+Subtotal/)[1]);
    expect(subsidies.getCell(4).value).toBe(3_760_000_000);
    const grand = rowOf('incentives', 'Total');
    expect(grand.getCell(4).value).toBe(rowValues(html, 'incentives', /^\s*Total/)[1]);
    const landTotal = rowOf('land', 'Total');
    const htmlLand = rowValues(html, 'land', /^\s*Total/);
    for (let k = 0; k < htmlLand.length; k++) expect(landTotal.getCell(k + 2).value).toBe(htmlLand[k]);
    expect(htmlLand.slice(0, 4)).toEqual([398, 156.64, 241.36, 983]);
    const projects = rowOf('projects', 'Total');
    expect(projects.getCell(2).value).toBe(rowValues(html, 'projects', /^\s*Total/)[0]);
    // Footnotes travel with the figures.
    expect(String(subsidies.getCell(5).value)).toMatch(/\[\d+\]/);
    const sources: string[] = [];
    book.getWorksheet('sources')!.eachRow((row) => sources.push(String(row.getCell(2).value)));
    expect(sources).toContain('seed-003');
  });

  it('prints the PDF with headless Chromium: every page has ink (pdftoppm to PNG)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'chainatlas-report-pdf-'));
    for (const lang of ['en', 'ar']) {
      const pdf = await lijiang('pdf', lang);
      expect(pdf.type).toBe('application/pdf');
      expect(pdf.body.subarray(0, 5).toString()).toBe('%PDF-');
      writeFileSync(join(dir, `${lang}.pdf`), pdf.body);
      const run = spawnSync('pdftoppm', [
        '-png',
        '-gray',
        '-r',
        '40',
        join(dir, `${lang}.pdf`),
        join(dir, lang),
      ]);
      expect(run.status, String(run.stderr)).toBe(0);
      const pages = readdirSync(dir).filter((f) => f.startsWith(`${lang}-`) && f.endsWith('.png'));
      expect(pages.length, `${lang} pages`).toBeGreaterThanOrEqual(3);
      for (const page of pages) {
        const png = readFileSync(join(dir, page));
        expect(pngGrey(png).width).toBeGreaterThan(200);
        // No blank page: even the last, partly filled page has text (a blank A4 page has no dark pixel);
        // the first page, full of text, over 2 %.
        expect(inkShare(png), `${lang} ${page}`).toBeGreaterThan(page.endsWith('-1.png') ? 0.02 : 0.002);
      }
    }
  });

  it('reads right to left in Arabic, and formats numbers per locale', async () => {
    const ar = (await lijiang('html', 'ar')).body.toString('utf8');
    expect(ar).toMatch(/<html lang="ar" dir="rtl">/);
    expect(ar).toContain('ثانياً: المشكلات والتحديات');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await lijiang('xlsx', 'ar')).body as unknown as ArrayBuffer);
    for (const sheet of book.worksheets) expect(sheet.views[0]?.rightToLeft, sheet.name).toBe(true);
    const fr = (await lijiang('html', 'fr')).body.toString('utf8');
    expect(fr).toMatch(/<html lang="fr" dir="ltr">/);
    expect(fr.includes('156,64 mu'), 'French decimal comma').toBe(true);
    expect(fr).toContain('II. Problèmes et défis');
    const zh = (await lijiang('html', 'zh-CN')).body.toString('utf8');
    expect(zh).toContain('二、存在的问题和挑战');
    expect(zh).toContain('光伏组件'); // the node names in Chinese
    const md = (await lijiang('md', 'bg')).body.toString('utf8');
    expect(md).toContain('## II. Проблеми и предизвикателства');
    expect(md).toMatch(/\[\^\d+\]: seed-003 — /);
  });

  it('uses only dictionary keys, in every language', async () => {
    const report = await buildReport(store.db, '530700', 2025, { now: NOW });
    const keys = phraseKeys(report);
    expect(keys.size).toBeGreaterThan(40);
    for (const lang of REPORT_LANGUAGES) {
      const dict = DICTIONARIES[lang] as Record<string, string>;
      expect(
        [...keys].filter((k) => !(k in dict)),
        lang,
      ).toEqual([]);
    }
  });

  it('checks the scope against the caller’s roles, and says what is wrong with a request', async () => {
    expect((await get('demo-park', 'scope=530700&period=2025')).statusCode).toBe(403);
    const park = await get('demo-park', 'scope=LJ-HUAPING&period=2025&format=md&lang=en');
    expect(park.statusCode).toBe(200);
    expect(park.body).toContain('Huaping');
    expect(park.body).toContain('single-product dependence');
    const chain = await get('demo-region', 'scope=chain:pv-silicon&period=2025&format=md');
    expect(chain.statusCode).toBe(200);
    expect(chain.body).toContain('PV modules');
    const unknown = await get('demo-region', 'scope=NOWHERE&period=2025');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error).toContain('NOWHERE');
    expect((await get('demo-region', 'scope=530700&period=2025&format=docx')).statusCode).toBe(400);
    expect((await get('demo-region', 'scope=530700&period=2025&lang=de')).statusCode).toBe(400);
    expect(
      (await app.inject({ method: 'GET', url: '/api/reports?scope=530700&period=2025' })).statusCode,
    ).toBe(401);
  });

  it('answers 503 with what to install when Chromium is missing', async () => {
    const before = process.env.CHAINATLAS_CHROMIUM;
    process.env.CHAINATLAS_CHROMIUM = '/nonexistent/chromium';
    try {
      const res = await get('demo-region', 'scope=LJ-HUAPING&period=2025&format=pdf');
      expect(res.statusCode).toBe(503);
      expect(res.json().error).toContain('Chromium is missing at /nonexistent/chromium');
    } finally {
      if (before === undefined) delete process.env.CHAINATLAS_CHROMIUM;
      else process.env.CHAINATLAS_CHROMIUM = before;
    }
  });
});

describe('chainatlas report (embedded store)', () => {
  const cli = new URL('../bin/chainatlas.mjs', import.meta.url).pathname;
  const dir = mkdtempSync(join(tmpdir(), 'chainatlas-report-cli-'));
  const run = (...args: string[]) => {
    const result = spawnSync(process.execPath, [cli, '--data', join(dir, 'db'), ...args], {
      encoding: 'utf8',
      env: { ...process.env, DATABASE_URL: '', CHAINATLAS_PROGRESS: '1' },
    });
    return { code: result.status, out: result.stdout, err: result.stderr };
  };
  beforeAll(() => {
    const loaded = run('demo', 'load');
    expect(loaded.code, loaded.err).toBe(0);
  }, 180_000);

  it('writes the French Markdown report with a progress bar, and refuses an unknown scope', () => {
    const out = join(dir, 'lijiang-fr.md');
    const done = run(
      'report',
      '--scope',
      '530700',
      '--period',
      '2025',
      '--format',
      'md',
      '--lang',
      'fr',
      '--out',
      out,
    );
    expect(done.code, done.err).toBe(0);
    expect(done.out).toContain(out);
    expect(done.err).toMatch(/report \[/);
    const md = readFileSync(out, 'utf8');
    expect(md).toContain('# Rapport sur le développement de Lijiang, 2025');
    expect(md).toContain('2023 : 36 · 2024 : 27 · 2025 : 28');
    expect(md).toContain('III. Prochaines étapes (suggestions)');
    const bad = run('report', '--scope', 'NOWHERE', '--period', '2025');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('NOWHERE');
  }, 120_000);
});
