/**
 * The demo workspace's accounts, one per role, so a visitor can see what each kind of user sees. Only a
 * store holding the demo gets them; they are marked `demo` and share one published password.
 */
import type { Db } from '../../store/db.ts';
import type { Actor } from '../audit.ts';
import type { Role } from './subject.ts';
import { createUser, type MembershipInput } from './users.ts';

export const DEMO_PASSWORD = 'chainatlas-demo';

export const DEMO_ACCOUNTS: {
  username: string;
  role: Role;
  describe: string;
  membership: MembershipInput;
}[] = [
  {
    username: 'demo',
    role: 'region_analyst',
    describe: 'region analyst, all of China',
    membership: { role: 'region_analyst', region: 'CHN' },
  },
  {
    username: 'demo-admin',
    role: 'system_admin',
    describe: 'system administrator',
    membership: { role: 'system_admin' },
  },
  {
    username: 'demo-region',
    role: 'region_admin',
    describe: 'region administrator, Lijiang (530700)',
    membership: { role: 'region_admin', region: '530700' },
  },
  {
    username: 'demo-park',
    role: 'park_officer',
    describe: 'park officer, Huaping Industrial Park (LJ-HUAPING)',
    membership: { role: 'park_officer', park: 'LJ-HUAPING' },
  },
  {
    username: 'demo-department',
    role: 'department_officer',
    describe: 'department officer, Huaping park enterprise service centre',
    membership: { role: 'department_officer', department: 'Huaping park enterprise service centre' },
  },
  {
    username: 'demo-enterprise',
    role: 'enterprise_user',
    describe: 'enterprise user, Five Star Graphite (五星石墨)',
    membership: { role: 'enterprise_user', enterprise: '五星石墨' },
  },
  {
    username: 'demo-chain-office',
    role: 'chain_office_member',
    describe: 'chain office member, Huaping PV chain desk (LJ-HUAPING-PV)',
    membership: { role: 'chain_office_member', desk: 'LJ-HUAPING-PV' },
  },
];

/** Creates the demo accounts that do not exist yet; returns the ones created. */
export async function ensureDemoAccounts(
  db: Db,
  actor: Actor = { userId: null, name: 'system' },
): Promise<string[]> {
  const existing = new Set(
    (
      await db.query<{ username: string }>('select username from app_user where username = any($1::text[])', [
        DEMO_ACCOUNTS.map((a) => a.username),
      ])
    ).map((r) => r.username),
  );
  const created: string[] = [];
  for (const account of DEMO_ACCOUNTS) {
    if (existing.has(account.username)) continue;
    await createUser(db, actor, {
      username: account.username,
      password: DEMO_PASSWORD,
      displayName: `Demo: ${account.describe}`,
      memberships: [account.membership],
      demo: true,
    });
    created.push(account.username);
  }
  return created;
}
