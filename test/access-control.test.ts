/**
 * Access control (issue 5). The table is generated from the API's own route list: every route × every
 * role (and anonymous) is asked, and the answer must follow the route's declared rule; for routes that
 * fetch one entity, an entity in the caller's scope and one outside it are both tried.
 */
import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Access, routeRules } from '../src/api/auth/access.ts';
import { buildApi } from '../src/api/server.ts';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../src/services/accounts/demo-accounts.ts';
import { MAX_FAILED_LOGINS } from '../src/services/accounts/sessions.ts';
import type { Role } from '../src/services/accounts/subject.ts';
import type { Store } from '../src/store/open-store.ts';
import { storeKinds } from './helpers/stores.ts';

const ADMIN = { authorization: 'Bearer test-local-admin-token-abcdefghijklmnopqrstuv' };
type Caller = { name: string; role: Role | 'anonymous'; headers: Record<string, string> };

const WRITERS: (Role | 'anonymous')[] = ['system_admin', 'region_admin', 'park_officer'];
function allowed(access: Access, role: Role | 'anonymous'): boolean {
  switch (access) {
    case 'public':
      return true;
    case 'authenticated':
    case 'read':
      return role !== 'anonymous';
    case 'write':
      return WRITERS.includes(role);
    case 'admin':
      return role === 'system_admin';
    case 'desk':
      // A chain desk's changes: writers, and chain office members (each only their own desk).
      return WRITERS.includes(role) || role === 'chain_office_member';
  }
}

async function signIn(app: FastifyInstance, username: string, password = DEMO_PASSWORD) {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
  expect(res.statusCode, `${username} signs in`).toBe(200);
  const cookie = res.cookies.find((c) => c.name === 'chainatlas_session')!;
  expect(cookie.httpOnly).toBe(true);
  expect(cookie.sameSite).toBe('Strict');
  return { cookie: `chainatlas_session=${cookie.value}`, 'x-csrf-token': res.json().csrfToken as string };
}

describe.each(storeKinds())('access control on $name', (kind) => {
  let store: Store;
  let app: FastifyInstance;
  const callers: Caller[] = [];
  beforeAll(async () => {
    store = await kind.open({ demo: true });
    app = await buildApi({ db: store.db, localAdminToken: ADMIN.authorization.slice(7) });
    callers.push({ name: 'anonymous', role: 'anonymous', headers: {} });
    for (const account of DEMO_ACCOUNTS) {
      callers.push({
        name: account.username,
        role: account.role,
        headers: await signIn(app, account.username),
      });
    }
  });
  afterAll(async () => {
    await app?.close();
    await store?.close();
  });

  /** A request for a route: path parameters filled with real keys, a body that fails validation where one is needed. */
  async function requestFor(method: string, url: string): Promise<InjectOptions> {
    let path = url;
    if (path.includes(':key')) {
      const entity = path.split('/')[2]!;
      const first = (await app.inject({ url: `/api/${entity}?limit=1`, headers: ADMIN })).json().items?.[0];
      const key = first?.key ?? 'none';
      path = path.replace(':key', encodeURIComponent(String(key)));
    }
    path = path
      .replace(':kind', 'parks')
      .replace(':username', 'nobody-here')
      .replace(':id', '999999')
      .replace('*', 'index.html');
    // Bodies that do not validate: an allowed caller gets 400, never a change; a refused one 401/403 first.
    const payload =
      ['POST', 'PUT', 'PATCH'].includes(method) && !/demo\/load|logout/.test(path)
        ? { invalid: true }
        : undefined;
    return { method: method as InjectOptions['method'], url: path, payload };
  }

  it('every route declares a rule', () => {
    const rules = routeRules(app);
    expect(rules.length).toBeGreaterThan(40);
    for (const rule of rules)
      expect(['public', 'authenticated', 'read', 'write', 'admin', 'desk']).toContain(rule.access);
  });

  it('every route × every role follows its rule', async () => {
    const rules = routeRules(app).filter(
      (r) => r.method !== 'HEAD' && !/demo\/load|auth\/logout/.test(r.url),
    );
    const wrong: string[] = [];
    for (const rule of rules) {
      const request = await requestFor(rule.method, rule.url);
      for (const caller of callers) {
        const res = await app.inject({
          ...request,
          headers: { ...caller.headers, ...(request.headers ?? {}) },
        });
        const refused = res.statusCode === 401 || res.statusCode === 403;
        const expectAllowed = allowed(rule.access, caller.role);
        if (refused === expectAllowed) {
          wrong.push(
            `${rule.method} ${request.url} as ${caller.name}: ${res.statusCode} (rule ${rule.access})`,
          );
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it('one entity: in scope it is there, out of scope it does not exist', async () => {
    const entityRoutes = routeRules(app).filter((r) => r.method === 'GET' && r.url.endsWith('/:key'));
    let checked = 0;
    for (const rule of entityRoutes) {
      const entity = rule.url.split('/')[2]!;
      const all = (await app.inject({ url: `/api/${entity}?limit=1000`, headers: ADMIN })).json()
        .items as Record<string, unknown>[];
      const keyOf = (row: Record<string, unknown>) => String(row.key);
      for (const caller of callers.filter((c) => c.role !== 'anonymous' && c.role !== 'system_admin')) {
        const visible = new Set(
          (
            (await app.inject({ url: `/api/${entity}?limit=1000`, headers: caller.headers })).json()
              .items as Record<string, unknown>[]
          ).map(keyOf),
        );
        const inside = all.find((row) => visible.has(keyOf(row)));
        const outside = all.find((row) => !visible.has(keyOf(row)));
        if (inside) {
          const res = await app.inject({
            url: `/api/${entity}/${encodeURIComponent(keyOf(inside))}`,
            headers: caller.headers,
          });
          expect(res.statusCode, `${caller.name} GET ${entity}/${keyOf(inside)}`).toBe(200);
          checked++;
        }
        if (outside) {
          const res = await app.inject({
            url: `/api/${entity}/${encodeURIComponent(keyOf(outside))}`,
            headers: caller.headers,
          });
          expect(res.statusCode, `${caller.name} GET ${entity}/${keyOf(outside)}`).toBe(404);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(50);
  });

  it('an enterprise user sees only its own enterprise, requests and figures', async () => {
    const me = callers.find((c) => c.name === 'demo-enterprise')!;
    const get = async (url: string) => (await app.inject({ url, headers: me.headers })).json();
    const enterprises = await get('/api/enterprises?limit=1000');
    expect(enterprises.items.map((e: { name_zh: string }) => e.name_zh)).toEqual(['五星石墨']);
    // Guessing: by name search, by region filter, by id.
    expect((await get('/api/enterprises?q=隆基')).total).toBe(0);
    expect((await get('/api/enterprises?region_code=530723')).total).toBe(1);
    const longi = (await app.inject({ url: '/api/enterprises?q=隆基', headers: ADMIN })).json().items[0];
    expect((await app.inject({ url: `/api/enterprises/${longi.id}`, headers: me.headers })).statusCode).toBe(
      404,
    );
    const requests = await get('/api/service-requests?limit=1000');
    expect(requests.items.length).toBeGreaterThan(0);
    for (const r of requests.items) expect(r.enterprise_name).toBe('五星石墨');
    const figures = await get('/api/indicators?limit=1000');
    for (const f of figures.items) expect([f.entity_kind, f.entity_name]).toEqual(['enterprise', '五星石墨']);
    const links = await get('/api/enterprise-nodes?limit=1000');
    for (const l of links.items) expect(l.enterprise_name).toBe('五星石墨');
  });

  it('a session needs its CSRF token for writes; an API token does not', async () => {
    const park = callers.find((c) => c.name === 'demo-park')!;
    const noCsrf = await app.inject({
      method: 'POST',
      url: '/api/auth/tokens',
      payload: { name: 'x' },
      headers: { cookie: park.headers.cookie! },
    });
    expect(noCsrf.statusCode).toBe(403);
    const created = await app.inject({
      method: 'POST',
      url: '/api/auth/tokens',
      payload: { name: 'script' },
      headers: park.headers,
    });
    expect(created.statusCode).toBe(200);
    const token = created.json().token as string;
    const viaToken = await app.inject({ url: '/api/auth/me', headers: { authorization: `Bearer ${token}` } });
    expect(viaToken.json().username).toBe('demo-park');
    const revoked = await app.inject({
      method: 'DELETE',
      url: `/api/auth/tokens/${created.json().id}`,
      headers: park.headers,
    });
    expect(revoked.statusCode).toBe(200);
    expect(
      (await app.inject({ url: '/api/auth/me', headers: { authorization: `Bearer ${token}` } })).statusCode,
    ).toBe(401);
  });

  it('a park officer may import only into its own park', async () => {
    const park = callers.find((c) => c.name === 'demo-park')!;
    const upload = (text: string) => {
      const form = new FormData();
      form.append('file', new Blob([text]), 'land_parcels.csv');
      return app.inject({ method: 'POST', url: '/api/import', payload: form, headers: park.headers });
    };
    const own = await upload('code,park_code,area_mu,status\nHP-T1,LJ-HUAPING,12.5,raw\n');
    expect(own.statusCode).toBe(200);
    const other = await upload('code,park_code,area_mu,status\nJS-T1,LJ-JINSHAN,12.5,raw\n');
    expect(other.statusCode).toBe(422);
    expect(other.json().issues[0]).toMatchObject({
      row: 2,
      expected: expect.stringMatching(/within your regions or parks/),
    });
    const [row] = await store.db.query<{ n: number }>(
      "select count(*)::int as n from land_parcel where code = 'JS-T1'",
    );
    expect(row!.n).toBe(0);
  });

  it("a PV chain office member may not edit the hydrogen chain's desk, only their own", async () => {
    const office = callers.find((c) => c.name === 'demo-chain-office')!;
    const edit = (desk: string) =>
      app.inject({
        method: 'PATCH',
        url: `/api/desks/${desk}`,
        headers: office.headers,
        payload: { note: 'edited by the PV chain office' },
      });
    expect((await edit('PY-HYDROGEN')).statusCode).toBe(403);
    expect((await edit('hydrogen-energy@410900')).statusCode).toBe(403);
    const [hydrogen] = await store.db.query<{ note: string | null }>(
      "select note from chain_desk where code = 'PY-HYDROGEN'",
    );
    expect(hydrogen!.note).not.toMatch(/PV chain office/);
    expect((await edit('LJ-HUAPING-PV')).statusCode).toBe(200);
  });

  it('ten wrong passwords lock the account; passwords are never returned', async () => {
    const created = await app.inject({
      method: 'POST',
      url: '/api/users',
      headers: ADMIN,
      payload: {
        username: 'lockme',
        password: 'right-password-1',
        memberships: [{ role: 'region_analyst', region: '530700' }],
      },
    });
    expect(created.statusCode).toBe(200);
    expect(created.body).not.toMatch(/right-password-1|argon2/);
    for (let i = 0; i < MAX_FAILED_LOGINS; i++) {
      const res = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'lockme', password: `wrong-${i}` },
      });
      expect(res.statusCode, `attempt ${i + 1}`).toBe(i + 1 < MAX_FAILED_LOGINS ? 401 : 423);
    }
    const locked = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'lockme', password: 'right-password-1' },
    });
    expect(locked.statusCode).toBe(423);
    const users = await app.inject({ url: '/api/users', headers: ADMIN });
    expect(users.body).not.toMatch(/password|argon2/);
    const audit = await app.inject({ url: '/api/audit?entity=user&limit=1000', headers: ADMIN });
    expect(audit.body).not.toMatch(/right-password-1|\$argon2/);
  });

  it('every mutation leaves one audit row with before and after', async () => {
    const count = async () =>
      Number((await store.db.query<{ n: number }>('select count(*)::int as n from audit_log'))[0]!.n);
    const mutations: [string, () => Promise<{ statusCode: number }>][] = [
      [
        'create user',
        () =>
          app.inject({
            method: 'POST',
            url: '/api/users',
            headers: ADMIN,
            payload: {
              username: 'audited',
              password: 'audit-password-1',
              memberships: [{ role: 'park_officer', park: 'LJ-YULONG' }],
            },
          }),
      ],
      [
        'reset password',
        () =>
          app.inject({
            method: 'POST',
            url: '/api/users/audited/password',
            headers: ADMIN,
            payload: { password: 'another-pass-2' },
          }),
      ],
      [
        'import',
        () => {
          const form = new FormData();
          form.append('file', new Blob(['code,region_code,name_zh\nAUD-1,530721,审计园区\n']), 'parks.csv');
          return app.inject({ method: 'POST', url: '/api/import', payload: form, headers: ADMIN });
        },
      ],
    ];
    for (const [name, mutate] of mutations) {
      const before = await count();
      expect((await mutate()).statusCode, name).toBe(200);
      expect(await count(), name).toBe(before + 1);
      const [last] = await store.db.query<{ after: unknown; before: unknown; action: string }>(
        'select action, before, after from audit_log order by id desc limit 1',
      );
      expect(last!.after, name).not.toBeNull();
      if (name !== 'create user') expect(last!.before, name).not.toBeNull();
    }
  });

  it('sends security headers', async () => {
    const res = await app.inject('/api/health');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(res.headers['strict-transport-security']).toBeDefined();
  });
});
