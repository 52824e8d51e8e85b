/**
 * Chain desks (issue 13) through the API on the demo workspace, on both stores: Puyang's hydrogen desk and
 * Huaping's PV desk with what the seeds state (and "not recorded" where they are silent); the five maps;
 * the five lists, whose XLSX and CSV files hold exactly the API's rows and totals; a technology roadmap
 * imported from YAML and XLSX, refused whole with file, line or row and reason when a node, a year or a
 * maturity level is wrong; a chain office member who can change only their own desk; the change log of
 * the chain book listing exactly what changed between two editions; the book printed to PDF in zh and en
 * with ink on every page; the chief's dashboard.
 *
 * The demo's roadmaps come from published texts (each row sourced in data/demo/18-chain_desks.yaml).
 * Fixtures the test adds, as a user would, are labelled "Fixture": the roadmap that replaces the PV desk's,
 * the enterprise, project and problem status changed between the two editions, and the tasks and requests
 * tagged with a chain.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApi } from '../src/api/server.ts';
import { DEMO_PASSWORD } from '../src/services/accounts/demo-accounts.ts';
import { diffSnapshots } from '../src/services/desk/desk-book.ts';
import type { Store } from '../src/store/open-store.ts';
import { inkShare } from './helpers/png.ts';
import { storeKinds } from './helpers/stores.ts';

const ADMIN_TOKEN = 'test-local-admin-token-chain-desk-0123456789';
const ADMIN = { authorization: `Bearer ${ADMIN_TOKEN}` };
const NOW = new Date('2025-12-15T09:00:00Z');

const ROADMAP = `kind: technology_roadmap
rows:
- node: monocrystalline-silicon
  code: FIX-CZ-PULLING
  name: 'Fixture: large-diameter Czochralski pulling'
  trl: 8
  dependence: domestic
  bottleneck: false
  institutions: [Fixture silicon institute]
  tasks:
  - {year: 2026, title: 'Fixture: 12-inch pulling line', owner: Fixture owner, status: planned}
- node: quartz-crucible
  code: FIX-HIGH-PURITY-QUARTZ
  name: 'Fixture: high-purity quartz sand for crucibles'
  trl: 6
  dependence: foreign
  bottleneck: true
  tasks:
  - {year: 2027, title: 'Fixture: qualify domestic quartz sand', status: in_progress}
`;

// Three mistakes, each on a line of its own: an unknown node (line 4), a maturity level of 12 (line 7),
// a year that is not one (line 10).
const BAD_ROADMAP = `kind: technology_roadmap
rows:
- code: FIX-BAD-1
  node: no-such-node
  name: 'Fixture: on a node the chain does not have'
- code: FIX-BAD-2
  trl: 12
  node: wafers
  name: 'Fixture: maturity out of range'
  tasks: [{year: 20x6, title: 'Fixture: a task with a bad year'}]
`;

async function xlsxOf(buffer: Buffer) {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(buffer as never);
  return book;
}

describe.each(storeKinds())('chain desks on $name with the demo workspace', (kind) => {
  let store: Store;
  let app: FastifyInstance;
  const as: Record<string, Record<string, string>> = {};

  async function signIn(username: string) {
    const res = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username, password: DEMO_PASSWORD },
    });
    expect(res.statusCode, `${username} signs in`).toBe(200);
    const cookie = res.cookies.find((c) => c.name === 'chainatlas_session')!;
    return { cookie: `chainatlas_session=${cookie.value}`, 'x-csrf-token': res.json().csrfToken as string };
  }
  const get = async (url: string, headers = ADMIN) => {
    const res = await app.inject({ url, headers });
    expect(res.statusCode, `${url}: ${res.body.slice(0, 300)}`).toBe(200);
    return res.json();
  };
  const upload = (
    url: string,
    name: string,
    body: string | Buffer,
    headers: Record<string, string> = ADMIN,
  ) => {
    const form = new FormData();
    form.append('file', new Blob([body]), name);
    return app.inject({ method: 'POST', url, payload: form as never, headers } as InjectOptions);
  };
  const importYaml = async (kindName: string, yaml: string) => {
    const res = await upload(`/api/import?kind=${kindName}`, `${kindName}.yaml`, yaml);
    expect(res.statusCode, res.body).toBe(200);
  };

  beforeAll(async () => {
    store = await kind.open({ demo: true });
    app = await buildApi({ db: store.db, localAdminToken: ADMIN_TOKEN, now: () => NOW });
    as.office = await signIn('demo-chain-office');
    as.park = await signIn('demo-park');
    as.enterprise = await signIn('demo-enterprise');
  }, 180_000);
  afterAll(async () => {
    await app?.close();
    await store?.close();
  });

  it('has the two demo desks with only what the seeds state', async () => {
    const desks = await get('/api/desks');
    expect(desks.items.map((d: { code: string }) => d.code)).toEqual(['LJ-HUAPING-PV', 'PY-HYDROGEN']);
    const puyang = await get('/api/desks/hydrogen-energy@410900');
    expect(puyang.code).toBe('PY-HYDROGEN');
    // Seed 000 names no chief, office or chain master for the hydrogen chain: they stay empty.
    expect([puyang.chief, puyang.deputies, puyang.office, puyang.chain_masters]).toEqual([null, [], [], []]);
    expect(puyang.quote).toContain('водородна енергия');
    const huaping = await get('/api/desks/LJ-HUAPING-PV');
    expect(huaping.chief).toBeNull();
    expect(huaping.chain_masters).toMatchObject([
      { name: '隆基绿能', enterprise: { name_en: 'LONGi' }, source: 'seed-003' },
    ]);
    expect(huaping.chain_masters[0].quote).toContain('recommandations de LONGi');
    expect(huaping.partners[0]).toMatchObject({ institution_kind: 'consortium', source: 'seed-003' });
    // An enterprise user sees neither desk; a desk it cannot see does not exist for it.
    expect((await app.inject({ url: '/api/desks', headers: as.enterprise })).json().total).toBe(0);
    expect((await app.inject({ url: '/api/desks/PY-HYDROGEN', headers: as.enterprise })).statusCode).toBe(
      404,
    );
    // The PV chain office member reads their own desk (and its scope), not Puyang's.
    const mine = (await app.inject({ url: '/api/desks', headers: as.office })).json();
    expect(mine.items.map((d: { code: string; editable: boolean }) => [d.code, d.editable])).toEqual([
      ['LJ-HUAPING-PV', true],
    ]);
  });

  it('draws the five maps with real content for both desks', async () => {
    const pvChain = await get('/api/desks/LJ-HUAPING-PV/maps/chain');
    const mono = pvChain.nodes.find((n: { key: string }) => n.key === 'monocrystalline-silicon');
    expect(mono.status).not.toBe('missing');
    expect(mono.enterprise_names).toContain('LONGi');
    expect(pvChain.nodes.find((n: { key: string }) => n.key === 'pv-modules').status).toBe('missing');
    expect(pvChain.nodes.every((n: { suppliers: string[] }) => Array.isArray(n.suppliers))).toBe(true);
    const h2Chain = await get('/api/desks/PY-HYDROGEN/maps/chain');
    expect(h2Chain.nodes.length).toBeGreaterThan(10);
    expect(h2Chain.completeness.completeness).toBeGreaterThan(0);

    // The demo's roadmaps (data/demo/18-chain_desks.yaml) come from published texts, each row sourced.
    const tech = await get('/api/desks/PY-HYDROGEN/maps/technology');
    expect(tech.recorded).toBe(true);
    expect(tech.nodes.length).toBe(h2Chain.nodes.length);
    type Tech = { code: string; trl: number | null; dependence: string | null; bottleneck: boolean };
    const h2Techs = new Map<string, Tech & { source: string; quote: string }>(
      tech.nodes.flatMap((n: { technologies: (Tech & { source: string; quote: string })[] }) =>
        n.technologies.map((t) => [t.code, t]),
      ),
    );
    expect(h2Techs.get('PY-H2-PEM')).toMatchObject({ dependence: 'foreign', bottleneck: true, trl: null });
    expect(h2Techs.get('PY-H2-PEM')!.quote).toContain('99%');
    expect(h2Techs.get('PY-H2-FC-ENGINE')).toMatchObject({ trl: 9, dependence: null });
    for (const t of h2Techs.values()) expect(t.source, t.code).toMatch(/https?:\/\//);
    expect(tech.years).toEqual([2025, 2027]);
    expect(tech.institutions).toContain(
      '濮阳市氢燃料电池实验室 (Puyang municipal hydrogen fuel-cell laboratory)',
    );
    const pvTech = await get('/api/desks/LJ-HUAPING-PV/maps/technology');
    const hpq = pvTech.nodes
      .find((n: { key: string }) => n.key === 'high-purity-quartz-sand')
      .technologies.find((t: Tech) => t.code === 'LJ-PV-HPQ');
    expect(hpq).toMatchObject({ trl: 6, dependence: 'partly_foreign', bottleneck: true });
    // An open bottleneck is a problem of the desk, owned by the institution the source names.
    const pvProblems = await get('/api/desks/LJ-HUAPING-PV/lists/problems');
    expect(pvProblems.rows).toContainEqual(
      expect.objectContaining({
        key: 'technology:LJ-PV-HPQ',
        owner: 'Zhengzhou Institute of Multipurpose Utilization of Mineral Resources',
      }),
    );

    const apps = await get('/api/desks/PY-HYDROGEN/maps/applications');
    expect(apps.domains).toMatchObject([
      { domain: 'Hydrogen fuel for vehicles', node: 'refuelling-stations' },
    ]);
    expect(apps.downstream_nodes.length).toBeGreaterThan(0);

    const regions = await get('/api/desks/LJ-HUAPING-PV/maps/regions');
    expect(regions.enterprises.map((e: { name_zh: string }) => e.name_zh)).toContain('隆基绿能');
    for (const e of regions.enterprises) {
      expect(e.position.lon).toBeGreaterThan(99);
      expect(e.position.lat).toBeGreaterThan(25);
    }
    expect(regions.by_role).toContainEqual({ role: 'leader', enterprises: 1 });
    expect(regions.neighbours.length).toBeGreaterThan(0);
    const puyangRegions = await get('/api/desks/PY-HYDROGEN/maps/regions');
    expect(puyangRegions.centre.located_by).toBe('centroid of region 410900');

    const route = await get('/api/desks/LJ-HUAPING-PV/maps/attraction');
    expect(route.by_node.length).toBeGreaterThan(0);
    expect(route.by_node.map((n: { key: string }) => n.key)).toContain('pv-modules');
    const stops = route.route as { stop: number; distance_km: number | null; candidates: unknown[] }[];
    for (let i = 1; i < stops.length; i++)
      expect(stops[i]!.distance_km ?? Number.POSITIVE_INFINITY).toBeGreaterThanOrEqual(
        stops[i - 1]!.distance_km!,
      );
  });

  it('exports the five lists to XLSX and CSV with exactly the API’s rows and totals', async () => {
    let checked = 0;
    for (const desk of ['PY-HYDROGEN', 'LJ-HUAPING-PV']) {
      for (const list of ['enterprises', 'projects', 'clusters', 'problems', 'policies']) {
        const api = await get(`/api/desks/${desk}/lists/${list}`);
        const xlsx = await app.inject({
          url: `/api/desks/${desk}/lists/${list}?format=xlsx`,
          headers: ADMIN,
        });
        expect(xlsx.statusCode).toBe(200);
        const book = await xlsxOf(xlsx.rawPayload);
        const sheet = book.getWorksheet(list)!;
        const header = (sheet.getRow(1).values as unknown[]).slice(1);
        expect(header).toEqual(api.columns);
        expect(sheet.rowCount - 1, `${desk} ${list} rows`).toBe(api.total);
        const totals = new Map<string, number>();
        book.getWorksheet('totals')!.eachRow((row, i) => {
          if (i > 1) totals.set(String(row.getCell(1).value), Number(row.getCell(2).value));
        });
        expect(Object.fromEntries(totals), `${desk} ${list} totals`).toEqual(api.totals);
        // A sum in the totals is the sum of its column in the file.
        for (const column of ['output', 'planned_investment_yuan', 'amount_yuan']) {
          const c = api.columns.indexOf(column);
          if (c < 0) continue;
          let sum = 0;
          sheet.eachRow((row, i) => {
            if (i > 1) sum += Number(row.getCell(c + 1).value ?? 0);
          });
          expect(sum).toBeCloseTo(api.totals[column], 6);
        }
        const csv = await app.inject({ url: `/api/desks/${desk}/lists/${list}?format=csv`, headers: ADMIN });
        const lines = csv.body
          .replace(/^\ufeff/, '')
          .trimEnd()
          .split(/\r?\n(?=(?:[^"]*"[^"]*")*[^"]*$)/);
        expect(lines.length - 1, `${desk} ${list} CSV rows`).toBe(api.total);
        checked++;
      }
    }
    expect(checked).toBe(10);
    // The seeds' facts are in the lists: Huaping's three missing downstream links, its 5 million yuan fund.
    const problems = await get('/api/desks/LJ-HUAPING-PV/lists/problems');
    for (const code of ['LJ-HUAPING-MISSING-PV-MODULES', 'LJ-HUAPING-MISSING-ESS-BATTERIES'])
      expect(problems.rows.map((r: { key: string }) => r.key)).toContain(`problem:${code}`);
    const policies = await get('/api/desks/LJ-HUAPING-PV/lists/policies');
    expect(policies.rows.map((r: { code: string }) => r.code)).toContain('LJ-INC-2025-SPECIAL-HUAPING');
    expect(policies.rows.map((r: { code: string }) => r.code)).not.toContain('LJ-INC-2025-SPECIAL-JINSHAN');
  });

  it('refuses a roadmap with an unknown node, a bad year or a bad maturity level, naming file, line and reason', async () => {
    const before = await get('/api/desks/LJ-HUAPING-PV/maps/technology');
    const res = await upload('/api/desks/LJ-HUAPING-PV/roadmap', 'roadmap-bad.yaml', BAD_ROADMAP);
    expect(res.statusCode).toBe(422);
    const issues = res.json().issues as { file: string; line?: number; column?: string; expected: string }[];
    expect(issues.map((i) => [i.file, i.line, i.column])).toEqual([
      ['roadmap-bad.yaml', 4, 'node'],
      ['roadmap-bad.yaml', 7, 'trl'],
      ['roadmap-bad.yaml', 10, 'year'],
    ]);
    expect(issues[0]!.expected).toMatch(/unknown node.*monocrystalline-silicon/);
    expect(issues[1]!.expected).toMatch(/maturity level.*1–9/);
    expect(issues[2]!.expected).toMatch(/a year/);
    // The same mistakes in a spreadsheet: rows instead of lines.
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('roadmap');
    sheet.addRow(['node', 'code', 'name', 'trl', 'task_year', 'task_title']);
    sheet.addRow(['wafers', 'FIX-X1', 'Fixture: fine', 5, 2026, 'Fixture: fine task']);
    sheet.addRow(['no-such-node', 'FIX-X2', 'Fixture: unknown node', 5, 2026, 'Fixture: task']);
    sheet.addRow(['wafers', 'FIX-X3', 'Fixture: bad maturity', 'high', 2026, 'Fixture: task']);
    sheet.addRow(['wafers', 'FIX-X4', 'Fixture: bad year', 4, 'next year', 'Fixture: task']);
    const xlsx = Buffer.from(await book.xlsx.writeBuffer());
    const bad = await upload('/api/desks/LJ-HUAPING-PV/roadmap', 'roadmap-bad.xlsx', xlsx);
    expect(bad.statusCode).toBe(422);
    expect((bad.json().issues as { row: number; column: string }[]).map((i) => [i.row, i.column])).toEqual([
      [3, 'node'],
      [4, 'trl'],
      [5, 'task_year'],
    ]);
    const after = await get('/api/desks/LJ-HUAPING-PV/maps/technology');
    expect(after).toEqual(before);
  });

  it('lets a chain office member change their own desk only', async () => {
    // The PV chain office member may not touch the hydrogen chain's desk, whatever the change.
    const patch = await app.inject({
      method: 'PATCH',
      url: '/api/desks/PY-HYDROGEN',
      headers: as.office,
      payload: { note: 'Fixture: should not land' },
    });
    expect(patch.statusCode).toBe(403);
    const roadmap = await upload('/api/desks/PY-HYDROGEN/roadmap', 'roadmap.yaml', ROADMAP, as.office);
    expect(roadmap.statusCode).toBe(403);
    const edition = await app.inject({
      method: 'POST',
      url: '/api/desks/PY-HYDROGEN/editions',
      headers: as.office,
      payload: { period: '2025' },
    });
    expect(edition.statusCode).toBe(403);
    expect((await get('/api/desks/PY-HYDROGEN')).note).not.toContain('Fixture');
    // Nor other data: it is not a writer role.
    const form = new FormData();
    form.append(
      'file',
      new Blob(['code,park_code,area_mu,status\nFIX-L1,LJ-HUAPING,1,raw\n']),
      'land_parcels.csv',
    );
    expect(
      (await app.inject({ method: 'POST', url: '/api/import', payload: form as never, headers: as.office }))
        .statusCode,
    ).toBe(403);
    // Its own desk: a member added and removed, audited.
    const added = await app.inject({
      method: 'POST',
      url: '/api/desks/LJ-HUAPING-PV/members',
      headers: as.office,
      payload: { kind: 'office_member', name: 'Fixture officer', department: 'Fixture department' },
    });
    expect(added.statusCode, added.body).toBe(200);
    expect((await get('/api/desks/LJ-HUAPING-PV')).office.map((p: { name: string }) => p.name)).toEqual([
      'Fixture officer',
    ]);
    const removed = await app.inject({
      method: 'DELETE',
      url: `/api/desks/LJ-HUAPING-PV/members/${added.json().id}`,
      headers: as.office,
    });
    expect(removed.statusCode).toBe(200);
    // The park officer of Huaping may change the Huaping desk, not Puyang's.
    const parkOnPuyang = await app.inject({
      method: 'PATCH',
      url: '/api/desks/PY-HYDROGEN',
      headers: as.park,
      payload: { note: 'Fixture: should not land' },
    });
    expect(parkOnPuyang.statusCode).toBe(403);
  });

  it('lists exactly the changes made between two editions of the chain book', async () => {
    const first = await app.inject({
      method: 'POST',
      url: '/api/desks/LJ-HUAPING-PV/editions',
      headers: as.office,
      payload: { period: '2025' },
    });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json().edition.number).toBe(1);
    expect(first.json().changes.previous_edition).toBeNull();
    const chainBefore = await get('/api/desks/LJ-HUAPING-PV/maps/chain');

    // In between: an enterprise placed on a node the park has, a project signed, a project moved on, a
    // problem addressed, and a roadmap whose bottleneck opens a problem.
    await importYaml(
      'enterprises',
      `rows:\n- {name_zh: 测试硅材料厂, name_en: 'Fixture silicon materials', region_code: '530723', park_code: LJ-HUAPING, source: test fixture}\n`,
    );
    await importYaml(
      'enterprise_nodes',
      `rows:\n- {enterprise_name: 测试硅材料厂, region_code: '530723', chain_code: pv-silicon, node_code: monocrystalline-silicon, role: supporting, source: test fixture}\n`,
    );
    await importYaml(
      'projects',
      `rows:\n- {code: FIX-WAFER-PROJECT, name_zh: 测试硅片项目, park_code: LJ-HUAPING, region_code: '530723', chain_code: pv-silicon, node_code: monocrystalline-silicon, stage: signed, source: test fixture}\n- {code: LJ-LONGI-PHASE-3, name_zh: 隆基绿能华坪三期, park_code: LJ-HUAPING, region_code: '530723', chain_code: pv-silicon, node_code: monocrystalline-silicon, stage: under_construction, source: test fixture}\n`,
    );
    await importYaml(
      'problems',
      `rows:\n- {code: LJ-HUAPING-SINGLE-PRODUCT, title: "Output rests on monocrystalline silicon: exposed to one product's price", category: dependence, park_code: LJ-HUAPING, chain_code: pv-silicon, node_code: monocrystalline-silicon, period: '2025', status: addressed, source: test fixture}\n`,
    );
    const roadmap = await upload('/api/desks/LJ-HUAPING-PV/roadmap', 'roadmap.yaml', ROADMAP, as.office);
    expect(roadmap.statusCode, roadmap.body).toBe(200);
    expect(roadmap.json()).toMatchObject({ technologies: 2, tasks: 2, bottlenecks: 1 });

    const chainAfter = await get('/api/desks/LJ-HUAPING-PV/maps/chain');
    const second = await app.inject({
      method: 'POST',
      url: '/api/desks/LJ-HUAPING-PV/editions',
      headers: as.office,
      payload: { period: '2025' },
    });
    expect(second.statusCode, second.body).toBe(200);
    const changes = second.json().changes;
    // Node statuses: whatever the diagnosis says changed between the two maps, and nothing else.
    const statusChanges = chainAfter.nodes
      .map((n: { key: string; status: string }, i: number) => ({
        node: n.key,
        from: chainBefore.nodes[i].status,
        to: n.status,
      }))
      .filter((c: { from: string; to: string }) => c.from !== c.to);
    expect(changes).toEqual({
      previous_edition: 1,
      nodes_changed: statusChanges,
      enterprises_added: ['测试硅材料厂 · monocrystalline-silicon · supporting'],
      enterprises_removed: [],
      projects_added: [{ code: 'FIX-WAFER-PROJECT', stage: 'signed' }],
      projects_removed: [],
      projects_stage_changed: [{ code: 'LJ-LONGI-PHASE-3', from: 'planned', to: 'under_construction' }],
      // The fixture roadmap replaces the demo's whole: its four technologies go, and with them the open
      // bottleneck of high-purity quartz sand.
      problems_closed: [
        {
          key: 'technology:LJ-PV-HPQ',
          title:
            'bottleneck technology: Domestic high-purity quartz sand (4N5, SiO₂ ≥ 99.995 %) for crucibles',
        },
        {
          key: 'problem:LJ-HUAPING-SINGLE-PRODUCT',
          title: "Output rests on monocrystalline silicon: exposed to one product's price",
        },
      ],
      problems_opened: [
        {
          key: 'technology:FIX-HIGH-PURITY-QUARTZ',
          title: 'bottleneck technology: Fixture: high-purity quartz sand for crucibles',
        },
      ],
      technologies_added: ['FIX-CZ-PULLING', 'FIX-HIGH-PURITY-QUARTZ'],
      technologies_removed: ['LJ-PV-CRUCIBLE', 'LJ-PV-HPQ', 'LJ-PV-SILVER-POWDER', 'LJ-PV-TOPCON'],
      technologies_maturity_changed: [],
    });
    const editions = await get('/api/desks/LJ-HUAPING-PV/editions');
    expect(editions.items.map((e: { edition: number }) => e.edition)).toEqual([1, 2]);
    // The issued edition prints with its own change log; a preview now finds nothing new.
    const issued = await app.inject({
      url: '/api/desks/LJ-HUAPING-PV/book?period=2025&format=html&lang=en&edition=2',
      headers: ADMIN,
    });
    expect(issued.body).toContain('Edition 2');
    expect(issued.body).toContain('测试硅材料厂 · monocrystalline-silicon · supporting');
    expect(issued.body).toContain('LJ-LONGI-PHASE-3: planned → under_construction');
    const html = await app.inject({
      url: '/api/desks/LJ-HUAPING-PV/book?period=2025&format=html&lang=en',
      headers: ADMIN,
    });
    expect(html.body).toContain('No changes.');
    expect(html.body).toContain('Fixture: high-purity quartz sand');
    expect(html.body).toContain('not recorded'); // the chief
  });

  it('builds the chain book in every language and prints it to PDF in zh and en with ink on every page', async () => {
    for (const lang of ['zh', 'en', 'fr', 'ar', 'bg']) {
      const res = await app.inject({
        url: `/api/desks/PY-HYDROGEN/book?period=2025&format=html&lang=${lang}`,
        headers: ADMIN,
      });
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain('Hydrogen fuel for vehicles');
    }
    const zhHtml = (
      await app.inject({ url: '/api/desks/PY-HYDROGEN/book?period=2025&format=html&lang=zh', headers: ADMIN })
    ).body;
    expect(zhHtml).toContain('未记录'); // chief, office, roadmap: the seed names none
    expect(zhHtml).toContain('技术路线图');
    const xlsx = await app.inject({
      url: '/api/desks/PY-HYDROGEN/book?period=2025&format=xlsx&lang=en',
      headers: ADMIN,
    });
    const book = await xlsxOf(xlsx.rawPayload);
    expect(book.worksheets.map((s) => s.name)).toEqual([
      'desk',
      'chain map',
      'technology roadmap',
      'application domains',
      'regional distribution',
      'attraction route',
      'list enterprises',
      'list projects',
      'list clusters',
      'list problems',
      'list policies',
      'changes',
    ]);
    if (kind.name !== 'pglite') return; // printing twice per store adds nothing
    const dir = mkdtempSync(join(tmpdir(), 'chainatlas-chain-book-'));
    for (const lang of ['zh', 'en']) {
      const pdf = await app.inject({
        url: `/api/desks/PY-HYDROGEN/book?period=2025&format=pdf&lang=${lang}`,
        headers: ADMIN,
      });
      expect(pdf.statusCode, pdf.body.slice(0, 200)).toBe(200);
      expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
      writeFileSync(join(dir, `${lang}.pdf`), pdf.rawPayload);
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
      expect(pages.length, `${lang} pages`).toBeGreaterThanOrEqual(2);
      for (const page of pages) expect(inkShare(readFileSync(join(dir, page))), page).toBeGreaterThan(0.002);
    }
  }, 120_000);

  it("drafts the chief's dashboard from every desk, and filters by chief", async () => {
    const all = await get('/api/chief-dashboard');
    expect(all.desks.map((d: { desk: string }) => d.desk)).toEqual(['LJ-HUAPING-PV', 'PY-HYDROGEN']);
    const pv = all.desks[0];
    expect(pv.chief).toBeNull();
    expect(pv.completeness_trend.map((t: { label: string }) => t.label)).toEqual([
      '#1 2025',
      '#2 2025',
      'now',
    ]);
    expect(pv.projects_by_stage).toMatchObject({ signed: 1, under_construction: 1 });
    expect(pv.agenda.length).toBeGreaterThan(0);
    expect(pv.agenda.map((a: { kind: string }) => a.kind)).toContain('bottleneck');
    // A chief recorded on a desk (a fixture: the seeds name none) gets only their chains.
    const set = await app.inject({
      method: 'PATCH',
      url: '/api/desks/LJ-HUAPING-PV',
      headers: as.office,
      payload: { chief: { name: 'Fixture chief', title: 'Fixture vice mayor' } },
    });
    expect(set.statusCode, set.body).toBe(200);
    const mine = await get(`/api/chief-dashboard?chief=${encodeURIComponent('Fixture chief')}`);
    expect(mine.desks.map((d: { desk: string }) => d.desk)).toEqual(['LJ-HUAPING-PV']);
    expect(mine.desks[0].chief).toEqual({ name: 'Fixture chief', title: 'Fixture vice mayor' });
    const unset = await app.inject({
      method: 'PATCH',
      url: '/api/desks/LJ-HUAPING-PV',
      headers: as.office,
      payload: { chief: null },
    });
    expect(unset.statusCode).toBe(200);
  });

  it("lists a chain's overdue tasks and late requests on its own desk only (tasks and requests carry a chain)", async () => {
    // Overdue on 2025-12-15 (no review): a Huaping plan with a task of each kind — the PV chain's, the
    // hydrogen chain's, and one naming no chain — and a Puyang plan with a PV task and a hydrogen task.
    await importYaml(
      'plans',
      `rows:
- {code: FIX-PLAN-HUAPING, name_zh: 测试华坪任务清单, park_code: LJ-HUAPING, source: test fixture}
- {code: FIX-PLAN-PUYANG, name_zh: 测试濮阳任务清单, region_code: '410900', source: test fixture}
`,
    );
    const task = (code: string, plan: string, chain?: string) =>
      `- {code: ${code}, plan_code: ${plan}, year: 2025, title: 'Fixture: ${code}', owner_department: Fixture department, due_date: '2025-06-30'${chain ? `, chain_code: ${chain}` : ''}, source: test fixture}`;
    await importYaml(
      'tasks',
      [
        'rows:',
        task('FIX-TASK-PV-HUAPING', 'FIX-PLAN-HUAPING', 'pv-silicon'),
        task('FIX-TASK-H2-HUAPING', 'FIX-PLAN-HUAPING', 'hydrogen-energy'),
        task('FIX-TASK-NONE-HUAPING', 'FIX-PLAN-HUAPING'),
        task('FIX-TASK-PV-PUYANG', 'FIX-PLAN-PUYANG', 'pv-silicon'),
        task('FIX-TASK-H2-PUYANG', 'FIX-PLAN-PUYANG', 'hydrogen-energy'),
        '',
      ].join('\n'),
    );
    // Requests from LONGi in Huaping, past their deadline and still open: one the PV chain's, one tagged
    // (as a fixture) with the hydrogen chain.
    const request = (code: string, chain: string) =>
      `- {code: ${code}, enterprise_name: 隆基绿能, region_code: '530723', park_code: LJ-HUAPING, category: 'Fixture', text: 'Fixture: ${code}', department: Fixture department, filed_on: '2025-09-01', deadline: '2025-10-01', status: open, chain_code: ${chain}, source: test fixture}`;
    await importYaml(
      'service_requests',
      ['rows:', request('FIX-SR-PV', 'pv-silicon'), request('FIX-SR-H2', 'hydrogen-energy'), ''].join('\n'),
    );
    const fixtureKeys = async (desk: string) =>
      ((await get(`/api/desks/${desk}/lists/problems`)).rows as { kind: string; key: string }[])
        .filter((r) => ['overdue_task', 'late_request'].includes(r.kind) && r.key.includes(':FIX-'))
        .map((r) => r.key)
        .sort();
    expect(await fixtureKeys('LJ-HUAPING-PV')).toEqual([
      'request:FIX-SR-PV',
      'task:FIX-TASK-NONE-HUAPING',
      'task:FIX-TASK-PV-HUAPING',
    ]);
    expect(await fixtureKeys('PY-HYDROGEN')).toEqual(['task:FIX-TASK-H2-PUYANG']);
    // The chief's dashboard counts the same rows, and drafts its agenda from them.
    const dashboard = await get('/api/chief-dashboard');
    const card = (desk: string) => dashboard.desks.find((d: { desk: string }) => d.desk === desk);
    const problems = async (desk: string, kind: string) =>
      ((await get(`/api/desks/${desk}/lists/problems`)).rows as { kind: string }[]).filter(
        (r) => r.kind === kind,
      ).length;
    for (const desk of ['LJ-HUAPING-PV', 'PY-HYDROGEN']) {
      expect(card(desk).overdue_tasks, desk).toBe(await problems(desk, 'overdue_task'));
      expect(card(desk).late_requests, desk).toBe(await problems(desk, 'late_request'));
    }
    const agenda = (desk: string) =>
      card(desk)
        .agenda.map((a: { subject: string }) => a.subject)
        .join(' | ');
    expect(agenda('LJ-HUAPING-PV')).toContain('Fixture: FIX-TASK-PV-HUAPING');
    expect(agenda('LJ-HUAPING-PV')).not.toContain('FIX-TASK-H2');
    expect(agenda('PY-HYDROGEN')).toContain('Fixture: FIX-TASK-H2-PUYANG');
    expect(agenda('PY-HYDROGEN')).not.toContain('FIX-TASK-PV');
    // An enterprise filing a request may say which chain it concerns (Five Star Graphite: the carbon chain).
    const filed = await app.inject({
      method: 'POST',
      url: '/api/ops/service-requests',
      headers: as.enterprise,
      payload: {
        category: 'Fixture',
        text: 'Fixture: a request on the carbon chain',
        chain: 'carbon-graphite-materials',
      },
    });
    expect(filed.statusCode, filed.body).toBe(200);
    const [stored] = await store.db.query<{ chain: string }>(
      'select c.code as chain from service_request q join chain c on c.id = q.chain_id where q.code = $1',
      [filed.json().code],
    );
    expect(stored?.chain).toBe('carbon-graphite-materials');
    const unknown = await app.inject({
      method: 'POST',
      url: '/api/ops/service-requests',
      headers: as.enterprise,
      payload: { category: 'Fixture', text: 'Fixture: no such chain', chain: 'no-such-chain' },
    });
    expect(unknown.statusCode).toBe(400);
    // A chain nobody defined is refused like any unknown code, naming the column.
    const bad = await upload(
      '/api/import?kind=tasks',
      'tasks.yaml',
      `rows:\n${task('FIX-TASK-BAD', 'FIX-PLAN-HUAPING', 'no-such-chain')}\n`,
    );
    expect(bad.statusCode).toBe(422);
    expect(bad.json().issues).toMatchObject([{ column: 'chain_code', value: 'no-such-chain' }]);
  });

  it('imports desks with goals linked to targets, refusing a file with a wrong chain, node or year whole', async () => {
    const bad = `kind: chain_desks
rows:
- code: FIX-BAD-DESK
  chain: no-such-chain
  scope: '420000'
- code: FIX-HUBEI-NEV
  chain: new-energy-vehicles
  scope: '420000'
  applications:
  - {domain: 'Fixture: passenger cars', node: no-such-node}
  goals:
  - {year: 20277, title: 'Fixture: a goal with a bad year'}
`;
    const refused = await upload('/api/desks/import', 'desks-bad.yaml', bad);
    expect(refused.statusCode).toBe(422);
    expect(
      (refused.json().issues as { line: number; column: string }[]).map((i) => [i.line, i.column]),
    ).toEqual([
      [4, 'chain'],
      [10, 'node'],
      [12, 'year'],
    ]);
    expect((await get('/api/desks')).total).toBe(2);
    const good = `kind: chain_desks
rows:
- code: FIX-HUBEI-NEV
  chain: new-energy-vehicles
  scope: '420000'
  chief: {name: 'Fixture chief of Hubei', title: 'Fixture vice governor'}
  office: [{name: 'Fixture officer', department: 'Fixture department of industry'}]
  goals:
  - {year: 2027, title: 'Fixture: industrial scale of 7 tn yuan', target: {metric: industrial_scale, due_period: '2027'}}
`;
    const imported = await upload('/api/desks/import', 'desks.yaml', good);
    expect(imported.statusCode, imported.body).toBe(200);
    const desk = await get('/api/desks/FIX-HUBEI-NEV');
    expect(desk.chief).toMatchObject({ name: 'Fixture chief of Hubei' });
    expect(desk.goals[0].target).toMatchObject({
      metric: 'industrial_scale',
      value: 7e12,
      due_period: '2027',
    });
    expect(desk.goals[0].target.quote).toContain('7 trillion yuan');
    // A park officer may not create a desk outside its park.
    const park = await upload('/api/desks/import', 'desks.yaml', good, as.park);
    expect(park.statusCode).toBe(403);
  });
});

describe('change log between two snapshots', () => {
  const base = {
    period: '2025',
    completeness: 0.5,
    weighted_completeness: 0.5,
    supporting_rate: null,
    nodes: { a: 'present', b: 'missing' },
    enterprises: ['X · a · leader'],
    projects: { P1: 'planned' },
    problems_open: { 'node:b': 'missing node: b' },
    technologies: { T1: { trl: 4, bottleneck: false } } as Record<
      string,
      { trl: number | null; bottleneck: boolean }
    >,
  };
  it('is empty for a first edition and for an unchanged desk', () => {
    const none = diffSnapshots(null, base, null);
    expect(none.nodes_changed).toEqual([]);
    expect(diffSnapshots(base, base, 1)).toMatchObject({
      previous_edition: 1,
      problems_closed: [],
      enterprises_added: [],
    });
  });
  it('lists each kind of change once', () => {
    const after = {
      ...base,
      nodes: { a: 'present', b: 'present' },
      enterprises: ['X · a · leader', 'Y · b · member'],
      projects: { P2: 'signed' },
      problems_open: {},
      technologies: { T1: { trl: 6, bottleneck: false } },
    };
    expect(diffSnapshots(base, after, 3)).toEqual({
      previous_edition: 3,
      nodes_changed: [{ node: 'b', from: 'missing', to: 'present' }],
      enterprises_added: ['Y · b · member'],
      enterprises_removed: [],
      projects_added: [{ code: 'P2', stage: 'signed' }],
      projects_removed: ['P1'],
      projects_stage_changed: [],
      problems_closed: [{ key: 'node:b', title: 'missing node: b' }],
      problems_opened: [],
      technologies_added: [],
      technologies_removed: [],
      technologies_maturity_changed: [{ code: 'T1', from: 4, to: 6 }],
    });
  });
});
