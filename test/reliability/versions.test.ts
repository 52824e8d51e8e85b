/**
 * Concurrent edits (issue 11, item 5), on both stores: GET of one entity answers its row version as an
 * ETag; a write that sends an older one (If-Match or row_version) is refused 409 with the current
 * version and changes nothing; two clients that read the same version and both write end with one
 * accepted and one 409, nothing lost; a write without a version still works (last writer wins); the
 * version moves only when a row changes, and also when a write changes the entity's child rows.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApi } from '../../src/api/server.ts';
import { createUser } from '../../src/services/accounts/users.ts';
import { loadDemoWorkspace } from '../../src/services/demo-workspace.ts';
import type { Store } from '../../src/store/open-store.ts';
import { storeKinds } from '../helpers/stores.ts';

const TOKEN = 'test-local-admin-token-versions-0123456789';
const ADMIN = { authorization: `Bearer ${TOKEN}` };

describe.each(storeKinds())('row versions on $name', (kind) => {
  let store: Store;
  let app: FastifyInstance;
  let project: string;
  let task: string;
  let officer: Record<string, string>;

  const get = (url: string, headers: Record<string, string> = ADMIN) => app.inject({ url, headers });
  const post = (url: string, payload: unknown, headers: Record<string, string> = {}) =>
    app.inject({ method: 'POST', url, payload: payload as never, headers: { ...ADMIN, ...headers } });
  const stageOf = async (code: string) =>
    (
      await store.db.query<{ stage: string; blockers: string | null; v: number }>(
        'select stage, blockers, row_version as v from project where code = $1',
        [code],
      )
    )[0]!;

  beforeAll(async () => {
    store = await kind.open();
    await loadDemoWorkspace(store.db);
    app = await buildApi({ db: store.db, localAdminToken: TOKEN, rateLimit: { perMinute: 0 } });
    project = (await get('/api/projects?limit=1')).json().items[0].key;
    // A plan with one key task in the project's region (the demo records projects, not task lists).
    await store.db.query(
      `insert into plan (code, name_zh, region_id)
       select 'VERSIONS-PLAN', '测试计划', coalesce(p.region_id, k.region_id)
       from project p left join park k on k.id = p.park_id where p.code = $1`,
      [project],
    );
    await store.db.query(
      `insert into task (code, plan_id, year, title, due_date)
       select 'VERSIONS-TASK', id, 2025, '测试任务', '2025-12-31' from plan where code = 'VERSIONS-PLAN'`,
    );
    task = 'VERSIONS-TASK';
    // A park officer of a park that is not the first project's.
    const [other] = await store.db.query<{ code: string }>(
      `select k.code from park k where k.id is distinct from (select park_id from project where code = $1)
       and not exists (select 1 from project p where p.park_id = k.id) order by k.code limit 1`,
      [project],
    );
    await createUser(
      store.db,
      { userId: null, name: 'test' },
      {
        username: 'other-park-officer',
        password: 'other-park-password-1',
        memberships: [{ role: 'park_officer', park: other!.code }],
      },
    );
    const login = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'other-park-officer', password: 'other-park-password-1' },
    });
    expect(login.statusCode).toBe(200);
    const cookie = login.cookies.find((c) => c.name === 'chainatlas_session')!;
    officer = { cookie: `chainatlas_session=${cookie.value}`, 'x-csrf-token': login.json().csrfToken };
  });
  afterAll(async () => {
    await app?.close();
    await store?.close();
  });

  it('two clients read, both write: the second gets 409 with the current version, nothing is lost', async () => {
    const a = await get(`/api/projects/${project}`);
    const b = await get(`/api/projects/${project}`);
    expect(a.statusCode).toBe(200);
    const read = a.headers.etag as string;
    expect(read).toMatch(/^"\d+"$/);
    expect(b.headers.etag).toBe(read);

    const first = await post(
      `/api/ops/projects/${project}/stage`,
      { stage: 'approved', blockers: 'land certificate pending' },
      { 'if-match': read },
    );
    expect(first.statusCode, first.body).toBe(200);
    const afterFirst = first.headers.etag as string;
    expect(Number(JSON.parse(afterFirst))).toBe(Number(JSON.parse(read)) + 1);

    const second = await post(
      `/api/ops/projects/${project}/stage`,
      { stage: 'cancelled', blockers: null },
      { 'if-match': read },
    );
    expect(second.statusCode).toBe(409);
    expect(second.json()).toEqual({
      error: expect.stringMatching(/changed by someone else since you read it .*nothing was changed/),
      current_version: Number(JSON.parse(afterFirst)),
    });
    expect(second.headers.etag).toBe(afterFirst);
    // The first write stands whole.
    expect(await stageOf(project)).toMatchObject({ stage: 'approved', blockers: 'land certificate pending' });

    // The second client reads again and redoes its change on top of the first (body field this time).
    const again = await get(`/api/projects/${project}`);
    expect(again.headers.etag).toBe(afterFirst);
    const redo = await post(`/api/ops/projects/${project}/stage`, {
      stage: 'under_construction',
      blockers: 'land certificate pending',
      row_version: Number(JSON.parse(afterFirst)),
    });
    expect(redo.statusCode, redo.body).toBe(200);
    expect((await stageOf(project)).stage).toBe('under_construction');
    const audit = await store.db.query<{ n: number }>(
      "select count(*)::int as n from audit_log where entity = 'project' and entity_id = $1",
      [project],
    );
    expect(Number(audit[0]!.n)).toBe(2);
  });

  it('two writes sent at once with the same version: one is accepted, the other 409', async () => {
    const read = (await get(`/api/projects/${project}`)).headers.etag as string;
    const [x, y] = await Promise.all([
      post(`/api/ops/projects/${project}/stage`, { stage: 'completed' }, { 'if-match': read }),
      post(`/api/ops/projects/${project}/stage`, { stage: 'operating' }, { 'if-match': read }),
    ]);
    expect([x.statusCode, y.statusCode].sort()).toEqual([200, 409]);
    const winner = x.statusCode === 200 ? 'completed' : 'operating';
    const row = await stageOf(project);
    expect(row.stage).toBe(winner);
    expect(row.v).toBe(Number(JSON.parse(read)) + 1);
  });

  it('a write without a version still works (last writer wins) and moves the version', async () => {
    const before = await stageOf(project);
    const res = await post(`/api/ops/projects/${project}/stage`, { stage: 'signed' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers.etag).toBe(`"${before.v + 1}"`);
    expect((await stageOf(project)).stage).toBe('signed');
  });

  it('a change of child rows (a task review) is a new version of the task; a stale review is refused', async () => {
    const read = (await get(`/api/tasks/${task}`)).headers.etag as string;
    const review = (day: string, status: string) => ({ reviewed_on: day, status, progress: 50 });
    const first = await post(`/api/ops/tasks/${task}/reviews`, review('2025-06-30', 'in_progress'), {
      'if-match': read,
    });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.headers.etag).toBe(`"${Number(JSON.parse(read)) + 1}"`);
    // Another reviewer who read the task before: the same day's review would overwrite the first.
    const stale = await post(`/api/ops/tasks/${task}/reviews`, review('2025-06-30', 'blocked'), {
      'if-match': read,
    });
    expect(stale.statusCode).toBe(409);
    const reviews = await store.db.query<{ status: string }>(
      "select v.status from task_review v join task t on t.id = v.task_id where t.code = $1 and v.reviewed_on = '2025-06-30'",
      [task],
    );
    expect(reviews).toEqual([{ status: 'in_progress' }]);
  });

  it('refuses a malformed If-Match, or one that disagrees with row_version (400)', async () => {
    const bad = await post(`/api/ops/projects/${project}/stage`, { stage: 'signed' }, { 'if-match': 'abc' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatch(/expected the ETag of a GET/);
    const both = await post(
      `/api/ops/projects/${project}/stage`,
      { stage: 'signed', row_version: 1 },
      { 'if-match': '"2"' },
    );
    expect(both.statusCode).toBe(400);
    expect(both.json().error).toMatch(/disagree/);
  });

  it('answers 404, not 409, to a caller who may not see the entity', async () => {
    const res = await post(
      `/api/ops/projects/${project}/stage`,
      { stage: 'cancelled' },
      { ...officer, authorization: '', 'if-match': '"999"' },
    );
    expect(res.statusCode, res.body).toBe(404);
    expect(res.headers.etag).toBeUndefined();
    expect(JSON.stringify(res.json())).not.toMatch(/current_version/);
  });

  it('routing rules list their versions; a stale rule change is refused', async () => {
    const created = await post('/api/ops/routing-rules', {
      category: 'versions-test',
      department: 'Office A',
      deadline_days: 5,
    });
    expect(created.statusCode, created.body).toBe(200);
    const listed = (await get('/api/ops/routing-rules')).json().items as {
      category: string;
      row_version: number;
    }[];
    const rule = listed.find((r) => r.category === 'versions-test')!;
    expect(rule.row_version).toBe(1);
    const change = (department: string) =>
      post('/api/ops/routing-rules', {
        category: 'versions-test',
        department,
        deadline_days: 5,
        row_version: 1,
      });
    expect((await change('Office B')).statusCode).toBe(200);
    const stale = await change('Office C');
    expect(stale.statusCode).toBe(409);
    expect(stale.json().current_version).toBe(2);
  });

  it('the version moves when a row changes, and only then', async () => {
    const version = async () =>
      Number(
        (
          await store.db.query<{ v: number }>('select row_version as v from project where code = $1', [
            project,
          ])
        )[0]!.v,
      );
    const v0 = await version();
    await store.db.query('update project set name_zh = name_zh where code = $1', [project]);
    expect(await version()).toBe(v0);
    await store.db.query("update project set name_en = coalesce(name_en, '') || ' ' where code = $1", [
      project,
    ]);
    expect(await version()).toBe(v0 + 1);
  });
});
