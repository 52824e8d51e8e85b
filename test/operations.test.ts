/**
 * Operations (issue 6) through the API on the demo workspace, on both stores: a service request's whole
 * life with the demo accounts and a controllable clock; the seed's totals (key tasks, land, incentives,
 * Jinshan's hydrogen projects); Hubei's targets with their method; an enclave's 50/50 tax ledger; the
 * key-task list copied forward; the inbox.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApi } from '../src/api/server.ts';
import { DEMO_PASSWORD } from '../src/services/accounts/demo-accounts.ts';
import { ImportFailed } from '../src/services/import/import-error.ts';
import { importFile } from '../src/services/import/import-file.ts';
import { addNotificationSink, webhookSink } from '../src/services/operations/notifications.ts';
import type { Store } from '../src/store/open-store.ts';
import { storeKinds } from './helpers/stores.ts';

const ADMIN_TOKEN = 'test-local-admin-token-operations-0123456789';
const ADMIN = { authorization: `Bearer ${ADMIN_TOKEN}` };
const DEPARTMENT = 'Huaping park enterprise service centre';
const DAY = 86_400_000;

describe.each(storeKinds())('operations on $name with the demo workspace', (kind) => {
  let store: Store;
  let app: FastifyInstance;
  let clock = new Date('2025-07-01T09:00:00Z');
  const as: Record<string, Record<string, string>> = {};

  async function signIn(username: string, password = DEMO_PASSWORD) {
    const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
    expect(res.statusCode, `${username} signs in`).toBe(200);
    const cookie = res.cookies.find((c) => c.name === 'chainatlas_session')!;
    return { cookie: `chainatlas_session=${cookie.value}`, 'x-csrf-token': res.json().csrfToken as string };
  }
  const auditRows = async () =>
    Number((await store.db.query<{ n: number }>('select count(*)::int as n from audit_log'))[0]!.n);

  beforeAll(async () => {
    store = await kind.open({ demo: true });
    app = await buildApi({ db: store.db, localAdminToken: ADMIN_TOKEN, now: () => clock });
    for (const user of ['demo-enterprise', 'demo-department', 'demo-park', 'demo-region', 'demo'])
      as[user] = await signIn(user);
    // A second enterprise user, for LONGi, in the same park.
    const created = await app.inject({
      method: 'POST',
      url: '/api/users',
      headers: ADMIN,
      payload: {
        username: 'longi-user',
        password: 'longi-password-1',
        memberships: [{ role: 'enterprise_user', enterprise: '隆基绿能' }],
      },
    });
    expect(created.statusCode).toBe(200);
    as['longi-user'] = await signIn('longi-user', 'longi-password-1');
  });
  afterAll(async () => {
    await app?.close();
    await store?.close();
  });

  it('files, routes, escalates when overdue, answers and rates a request; other enterprises never see it', async () => {
    const rule = await app.inject({
      method: 'POST',
      url: '/api/ops/routing-rules',
      headers: as['demo-park'],
      payload: {
        category: 'labour_and_logistics',
        park_code: 'LJ-HUAPING',
        department: DEPARTMENT,
        deadline_days: 5,
        escalate_to: 'Huaping park management committee',
      },
    });
    expect(rule.statusCode, rule.body).toBe(200);
    // A park officer may not set rules for another park.
    const foreign = await app.inject({
      method: 'POST',
      url: '/api/ops/routing-rules',
      headers: as['demo-park'],
      payload: { category: 'x', park_code: 'LJ-JINSHAN', department: 'd', deadline_days: 3 },
    });
    expect(foreign.statusCode).toBe(403);

    // Filing needs an enterprise user.
    const notEnterprise = await app.inject({
      method: 'POST',
      url: '/api/ops/service-requests',
      headers: as['demo-department'],
      payload: { category: 'labour_and_logistics', text: 'x' },
    });
    expect(notEnterprise.statusCode).toBe(403);

    let audit = await auditRows();
    const filed = await app.inject({
      method: 'POST',
      url: '/api/ops/service-requests',
      headers: as['demo-enterprise'],
      payload: {
        category: 'labour_and_logistics',
        text: 'Forty night-shift workers need a bus to the park',
        attachments: [{ name: 'roster.xlsx', size: 18_000, type: 'application/vnd.ms-excel' }],
      },
    });
    expect(filed.statusCode, filed.body).toBe(200);
    expect(await auditRows()).toBe(audit + 1);
    const request = filed.json();
    expect(request).toMatchObject({
      status: 'routed',
      department: DEPARTMENT,
      enterprise_name: '五星石墨',
      deadline_days: 5,
      escalation_level: 0,
      overdue: false,
    });
    expect(new Date(request.deadline_at).getTime() - clock.getTime()).toBe(5 * DAY);
    const code = request.code as string;

    // Who sees it: the filer, the department, the park; not another enterprise of the same park.
    for (const user of ['demo-enterprise', 'demo-department', 'demo-park', 'demo-region']) {
      const res = await app.inject({ url: `/api/ops/service-requests/${code}`, headers: as[user] });
      expect(res.statusCode, user).toBe(200);
    }
    const longi = as['longi-user']!;
    expect((await app.inject({ url: `/api/ops/service-requests/${code}`, headers: longi })).statusCode).toBe(
      404,
    );
    const longiList = (await app.inject({ url: '/api/service-requests?limit=1000', headers: longi })).json();
    expect(longiList.items.map((r: { code: string }) => r.code)).not.toContain(code);
    expect(longiList.items.map((r: { enterprise_name: string }) => r.enterprise_name)).not.toContain(
      '五星石墨',
    );
    const longiAnswer = await app.inject({
      method: 'POST',
      url: `/api/ops/service-requests/${code}/responses`,
      headers: longi,
      payload: { text: 'sneaky' },
    });
    expect(longiAnswer.statusCode).toBe(404);
    const longiInbox = (await app.inject({ url: '/api/ops/notifications', headers: longi })).json();
    expect(JSON.stringify(longiInbox)).not.toContain(code);

    // The department's inbox has it.
    const inbox = (
      await app.inject({ url: '/api/ops/notifications?unread=true', headers: as['demo-department'] })
    ).json();
    const newOne = inbox.items.find((n: { entity_code: string }) => n.entity_code === code);
    expect(newOne).toMatchObject({ kind: 'request_new', department: DEPARTMENT });

    // Four days on: not overdue, nothing escalated.
    clock = new Date(clock.getTime() + 4 * DAY);
    expect(
      (await app.inject({ method: 'POST', url: '/api/ops/sweep', headers: ADMIN, payload: {} })).json()
        .escalated,
    ).toEqual([]);
    // Six days on: overdue, escalated once (a second sweep at the same time does nothing more).
    clock = new Date(clock.getTime() + 2 * DAY);
    audit = await auditRows();
    const sweep = (
      await app.inject({ method: 'POST', url: '/api/ops/sweep', headers: ADMIN, payload: {} })
    ).json();
    expect(sweep.escalated).toEqual([{ code, level: 1, department: DEPARTMENT }]);
    expect(await auditRows()).toBe(audit + 1);
    expect(
      (await app.inject({ method: 'POST', url: '/api/ops/sweep', headers: ADMIN, payload: {} })).json()
        .escalated,
    ).toEqual([]);
    const escalated = (
      await app.inject({ url: `/api/ops/service-requests/${code}`, headers: as['demo-park'] })
    ).json();
    expect(escalated).toMatchObject({ escalation_level: 1, overdue: true });
    const parkInbox = (await app.inject({ url: '/api/ops/notifications', headers: as['demo-park'] })).json();
    expect(
      parkInbox.items.some(
        (n: { kind: string; entity_code: string }) => n.kind === 'request_overdue' && n.entity_code === code,
      ),
    ).toBe(true);

    // The enterprise may not answer; the department does.
    const selfAnswer = await app.inject({
      method: 'POST',
      url: `/api/ops/service-requests/${code}/responses`,
      headers: as['demo-enterprise'],
      payload: { text: 'x' },
    });
    expect(selfAnswer.statusCode).toBe(403);
    audit = await auditRows();
    const answered = await app.inject({
      method: 'POST',
      url: `/api/ops/service-requests/${code}/responses`,
      headers: as['demo-department'],
      payload: { text: 'A shuttle bus runs from 1 August; the labour bureau holds a job fair on 20 July.' },
    });
    expect(answered.statusCode, answered.body).toBe(200);
    expect(answered.json()).toMatchObject({ status: 'answered', overdue: false });
    expect(await auditRows()).toBe(audit + 1);

    // Only the filer closes, with a rating.
    const deptClose = await app.inject({
      method: 'POST',
      url: `/api/ops/service-requests/${code}/close`,
      headers: as['demo-department'],
      payload: { rating: 5 },
    });
    expect(deptClose.statusCode).toBe(403);
    const closed = await app.inject({
      method: 'POST',
      url: `/api/ops/service-requests/${code}/close`,
      headers: as['demo-enterprise'],
      payload: { rating: 4, comment: 'Late, but solved' },
    });
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.json()).toMatchObject({ status: 'closed', rating: 4 });
    const thread = (
      await app.inject({ url: `/api/ops/service-requests/${code}`, headers: as['demo-enterprise'] })
    ).json();
    expect(thread.events.map((e: { kind: string }) => e.kind)).toEqual([
      'filed',
      'routed',
      'escalated',
      'response',
      'closed',
    ]);

    // A second request, answered in two days: on time.
    const second = (
      await app.inject({
        method: 'POST',
        url: '/api/ops/service-requests',
        headers: as['demo-enterprise'],
        payload: { category: 'labour_and_logistics', text: 'Trucks wait two hours at the park gate' },
      })
    ).json();
    clock = new Date(clock.getTime() + 2 * DAY);
    expect(
      (
        await app.inject({
          method: 'POST',
          url: `/api/ops/service-requests/${second.code}/responses`,
          headers: as['demo-department'],
          payload: { text: 'A second gate opens next week.' },
        })
      ).statusCode,
    ).toBe(200);

    // Statistics per department: 2 requests filed here with times (6 days and 2 days), 1 on time of 2.
    const stats = (
      await app.inject({ url: '/api/ops/service-requests/statistics', headers: as['demo-department'] })
    ).json();
    const centre = stats.items.find((s: { department: string }) => s.department === DEPARTMENT);
    expect(centre).toMatchObject({
      answered_on_time: 1,
      on_time_rate: 0.5,
      escalated: 1,
      mean_rating: 4,
      rated: 1,
    });
    expect(centre.requests).toBe(4); // the two of the demo (answered, imported without times) and these two
    expect(centre.mean_response_hours).toBe(96); // (144 h + 48 h) / 2
    // LONGi's user counts none of them.
    const longiStats = (
      await app.inject({ url: '/api/ops/service-requests/statistics', headers: longi })
    ).json();
    expect(longiStats.items.find((s: { department: string }) => s.department === DEPARTMENT)).toBeUndefined();
  });

  it("reproduces the seed's totals: key tasks, land, incentives, Jinshan's hydrogen projects", async () => {
    const demo = as.demo!;
    const tasks = (
      await app.inject({ url: '/api/ops/tasks/summary?region_code=530700', headers: demo })
    ).json();
    const byYear = Object.fromEntries(
      tasks.years.map((y: { year: number; reported: { tasks: number; completion_rate: number | null } }) => [
        y.year,
        [y.reported.tasks, y.reported.completion_rate],
      ]),
    );
    expect(byYear).toEqual({ 2023: [36, 1], 2024: [27, 1], 2025: [28, null] });
    expect(
      tasks.years.reduce((n: number, y: { reported: { tasks: number } }) => n + y.reported.tasks, 0),
    ).toBe(91);

    const land = (
      await app.inject({ url: '/api/ops/land/totals?park_code=LJ-JINSHAN', headers: demo })
    ).json();
    expect(land.parks).toHaveLength(1);
    expect(land.parks[0]).toMatchObject({
      standard_land_built_mu: 398,
      standard_land_sold_mu: 156.64,
      standard_land_unsold_mu: 241.36,
    });
    const revitalized = land.parks[0].by_status.find((s: { status: string }) => s.status === 'revitalized');
    expect(revitalized.area_mu).toBe(983);

    const incentives = (
      await app.inject({
        url: '/api/ops/incentives/totals?kind=subsidy&recipient_kind=parks&within=530700',
        headers: as['demo-region'],
      })
    ).json();
    expect(incentives.total_yuan).toBe(3_760_000_000);
    expect(
      Object.fromEntries(
        incentives.by_level.map((l: { key: string; amount_yuan: number }) => [l.key, l.amount_yuan]),
      ),
    ).toEqual({
      city: 2_340_000_000,
      district: 820_000_000,
      county: 600_000_000,
    });

    const pipeline = (
      await app.inject({
        url: '/api/ops/projects/pipeline?park_code=LJ-JINSHAN&chain_code=hydrogen-energy',
        headers: demo,
      })
    ).json();
    expect(pipeline.total.projects).toBe(4); // the projects the seed names
    const reported = Object.fromEntries(
      pipeline.reported.map((r: { metric: string; value: number }) => [r.metric, r.value]),
    );
    expect(reported).toEqual({ projects_count: 16, projects_planned_investment: 5_000_000_000 });
  });

  it("computes Hubei's required growth for 2027 and 2030 and states the method", async () => {
    const res = (
      await app.inject({
        url: '/api/ops/targets?entity_code=420000&metric=industrial_scale',
        headers: as.demo,
      })
    ).json();
    expect(res.items.map((t: { due_period: string }) => t.due_period)).toEqual(['2027', '2030']);
    const [t2027, t2030] = res.items;
    expect(t2027.latest).toMatchObject({ period: '2025', value: 5e12 });
    expect(t2027.required_annual_growth).toBeCloseTo(Math.sqrt(7 / 5) - 1, 3); // 18.3 %/year
    expect(t2030.required_annual_growth).toBeCloseTo(2 ** (1 / 5) - 1, 3); // 14.9 %/year
    expect(t2030.previous_phase.required_annual_growth).toBeCloseTo((10 / 7) ** (1 / 3) - 1, 3); // 12.6 %/year
    expect(t2027.progress).toBeCloseTo(5 / 7, 10);
    for (const t of [t2027, t2030]) {
      expect(t.method.required_growth).toMatch(/target \/ latest value/);
      // One observed value: no trend yet, and the answer says so.
      expect(t.forecast).toMatchObject({ method: 'none', value: null, interval_level: 0.8 });
      expect(t.method.forecast).toMatch(/at least two observations/);
      expect(t.status).toBe('unknown');
    }
    // With a second observation (test data, not the seed's), the two-point trend gives a forecast.
    await importFile(store.db, {
      name: 'indicators.csv',
      data: Buffer.from(
        'entity_kind,entity_code,metric,period,value,unit\nregion,420000,industrial_scale,2024,4.6,tn yuan\n',
      ),
    });
    const again = (
      await app.inject({
        url: '/api/ops/targets?entity_code=420000&metric=industrial_scale',
        headers: as.demo,
      })
    ).json();
    expect(again.items[0].forecast.method).toBe('two_point_cagr');
    expect(again.items[0].forecast.value).toBeCloseTo(5 * (5 / 4.6) ** 2 * 1e12, -6);
    expect(again.items[0].status).toBe('off_track'); // 5.9 tn forecast for a 7 tn target
  });

  it('an enclave agreement with 50/50 tax sharing credits each region exactly once', async () => {
    await importFile(store.db, {
      name: 'enclave_agreements.csv',
      data: Buffer.from(
        'code,name,home_region_code,host_region_code,park_code,period,tax_share_home\nTEST-ENCLAVE,test enclave,530702,530723,LJ-HUAPING,2024,0.5\n',
      ),
    });
    await importFile(store.db, {
      name: 'indicators.csv',
      data: Buffer.from(
        [
          'entity_kind,entity_code,metric,period,value,unit',
          'park,LJ-HUAPING,tax,2024,100,million yuan',
          'region,530723,tax,2024,300,million yuan',
          'region,530702,tax,2024,200,million yuan',
        ].join('\n'),
      ),
    });
    const ledger = (
      await app.inject({
        url: '/api/ops/enclave-agreements/TEST-ENCLAVE/ledger?period=2024',
        headers: as['demo-region'],
      })
    ).json();
    const tax = ledger.figures.find((f: { metric: string }) => f.metric === 'tax');
    expect(tax.credits.map((c: { region: string; amount: number }) => [c.region, c.amount])).toEqual([
      ['530702', 50_000_000],
      ['530723', 50_000_000],
    ]);
    expect(tax.regions.shared).toEqual({ '530702': 250_000_000, '530723': 250_000_000 });
    expect(tax.regions.grand_total_shared).toBe(tax.regions.grand_total_by_location);
    expect(ledger.method).toMatch(/once/);
  });

  it('computes task status, lists overdue tasks and copies a year forward', async () => {
    await importFile(store.db, {
      name: 'tasks.csv',
      data: Buffer.from(
        [
          'code,plan_code,year,title,owner_department,due_date',
          'TEST-KT-A-2024,LJ-DZ-LEADER-SUPERVISION,2024,test task A,Jinshan committee,2024-12-31',
          'TEST-KT-B-2024,LJ-DZ-LEADER-SUPERVISION,2024,test task B,Huaping committee,2024-12-31',
        ].join('\n'),
      ),
    });
    const review = await app.inject({
      method: 'POST',
      url: '/api/ops/tasks/TEST-KT-A-2024/reviews',
      headers: as['demo-region'],
      payload: { reviewed_on: '2024-12-20', status: 'done', progress: 100 },
    });
    expect(review.statusCode, review.body).toBe(200);
    const overdue = (
      await app.inject({ url: '/api/ops/tasks/overdue?plan_code=LJ-DZ-LEADER-SUPERVISION', headers: as.demo })
    ).json();
    expect(overdue.items.map((t: { code: string }) => t.code)).toEqual(['TEST-KT-B-2024']);
    // A park officer of Huaping may not change Lijiang's city plan.
    const parkCopy = await app.inject({
      method: 'POST',
      url: '/api/ops/plans/LJ-DZ-LEADER-SUPERVISION/copy-forward',
      headers: as['demo-park'],
      payload: { from_year: 2024, to_year: 2025 },
    });
    expect(parkCopy.statusCode).toBe(404);
    const audit = await auditRows();
    const copy = await app.inject({
      method: 'POST',
      url: '/api/ops/plans/LJ-DZ-LEADER-SUPERVISION/copy-forward',
      headers: as['demo-region'],
      payload: { from_year: 2024, to_year: 2025, unfinished_only: true },
    });
    expect(copy.json()).toEqual({ created: ['TEST-KT-B-2025'], skipped: [] });
    expect(await auditRows()).toBe(audit + 1);
    const summary = (
      await app.inject({ url: '/api/ops/tasks/summary?plan_code=LJ-DZ-LEADER-SUPERVISION', headers: as.demo })
    ).json();
    expect(summary.years).toEqual([
      expect.objectContaining({
        year: 2024,
        recorded: { tasks: 2, done: 1, overdue: 1, at_risk: 0, completion_rate: 0.5 },
      }),
      expect.objectContaining({ year: 2025, recorded: expect.objectContaining({ tasks: 1, done: 0 }) }),
    ]);
    // The sweep notifies the overdue task once.
    const sweep = (
      await app.inject({ method: 'POST', url: '/api/ops/sweep', headers: ADMIN, payload: {} })
    ).json();
    expect(sweep.notified.task_overdue).toBeGreaterThanOrEqual(1);
    const again = (
      await app.inject({ method: 'POST', url: '/api/ops/sweep', headers: ADMIN, payload: {} })
    ).json();
    expect(again.notified.task_overdue).toBe(0);
    const regionInbox = (
      await app.inject({ url: '/api/ops/notifications', headers: as['demo-region'] })
    ).json();
    const note = regionInbox.items.find((n: { entity_code: string }) => n.entity_code === 'TEST-KT-B-2024');
    expect(note.kind).toBe('task_overdue');
    const read = await app.inject({
      method: 'POST',
      url: `/api/ops/notifications/${note.id}/read`,
      headers: as['demo-region'],
    });
    expect(read.statusCode).toBe(200);
  });

  it('imports project blockers and stage dates and land readiness; the sweep finds imported stalled projects and posts them to the webhook', async () => {
    const posted: unknown[] = [];
    const hook = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => {
        body += chunk;
      });
      req.on('end', () => {
        posted.push(JSON.parse(body));
        res.end('ok');
      });
    });
    await new Promise<void>((done) => hook.listen(0, '127.0.0.1', done));
    const removeSink = addNotificationSink(
      webhookSink(`http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook`),
    );
    try {
      const projects = (rows: string[]) =>
        importFile(store.db, {
          name: 'projects.csv',
          data: Buffer.from(['code,name_zh,park_code,stage,stage_since,blockers', ...rows].join('\n')),
        });
      await projects([
        'TEST-STALLED,停滞项目,LJ-HUAPING,under_construction,2024-01-10,land approval pending',
        'TEST-FRESH,新项目,LJ-HUAPING,signed,,',
      ]);
      // Re-imported in the same stage without a date: the stored date stays.
      await projects(['TEST-STALLED,停滞项目,LJ-HUAPING,under_construction,,land approval pending']);
      const stored = await store.db.query<{ code: string; stage_since: string; blockers: string | null }>(
        `select code, stage_since::text as stage_since, blockers from project where code like 'TEST-%' order by code`,
      );
      expect(stored[1]).toEqual({
        code: 'TEST-STALLED',
        stage_since: '2024-01-10',
        blockers: 'land approval pending',
      });
      expect(stored[0]!.stage_since).toMatch(/^\d{4}-\d{2}-\d{2}$/); // the import's date
      expect(stored[0]!.blockers).toBeNull();

      clock = new Date('2025-09-01T09:00:00Z');
      const sweep = (
        await app.inject({ method: 'POST', url: '/api/ops/sweep', headers: ADMIN, payload: {} })
      ).json();
      expect(sweep.notified.project_stalled).toBeGreaterThanOrEqual(1);
      const pipeline = (
        await app.inject({ url: '/api/ops/projects/pipeline?park_code=LJ-HUAPING', headers: as['demo-park'] })
      ).json();
      expect(pipeline.blocked_or_stalled).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ code: 'TEST-STALLED', blockers: 'land approval pending' }),
        ]),
      );
      // The webhook got the stalled project after the sweep committed.
      await expect.poll(() => posted.length).toBeGreaterThan(0);
      const sent = posted.flatMap(
        (p) => (p as { notifications: { kind: string; entity_code: string }[] }).notifications,
      );
      expect(sent).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ kind: 'project_stalled', entity_code: 'TEST-STALLED' }),
        ]),
      );

      // Land: each utility's readiness, the buyer and the project it is for.
      await importFile(store.db, {
        name: 'land_parcels.csv',
        data: Buffer.from(
          [
            'code,park_code,area_mu,status,road_ready,water_ready,power_ready,gas_ready,network_ready,project_code',
            'TEST-PARCEL-A,LJ-HUAPING,30,standard_ready,yes,yes,yes,yes,yes,TEST-STALLED',
            'TEST-PARCEL-B,LJ-HUAPING,20,standard_ready,yes,no,yes,yes,yes,',
          ].join('\n'),
        ),
      });
      const parcels = await store.db.query<{ code: string; water_ready: boolean; project: string | null }>(
        `select l.code, l.water_ready, p.code as project from land_parcel l left join project p on p.id = l.project_id
         where l.code like 'TEST-PARCEL-%' order by l.code`,
      );
      expect(parcels).toEqual([
        { code: 'TEST-PARCEL-A', water_ready: true, project: 'TEST-STALLED' },
        { code: 'TEST-PARCEL-B', water_ready: false, project: null },
      ]);
      const bad = await importFile(store.db, {
        name: 'land_parcels.csv',
        data: Buffer.from(
          'code,park_code,area_mu,status,project_code\nTEST-PARCEL-C,LJ-HUAPING,5,raw,NO-SUCH-PROJECT\n',
        ),
      }).catch((error: unknown) => error);
      expect(bad).toBeInstanceOf(ImportFailed);
      expect((bad as ImportFailed).issues).toEqual([
        expect.objectContaining({ row: 2, column: 'project_code (E)', value: 'NO-SUCH-PROJECT' }),
      ]);
      expect(
        (await store.db.query(`select 1 from land_parcel where code = 'TEST-PARCEL-C'`)).length,
        'nothing written',
      ).toBe(0);
    } finally {
      removeSink();
      await new Promise((done) => hook.close(done));
    }
  });
});
