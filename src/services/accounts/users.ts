/** Users and their memberships: creation, password changes, and the audit row each one leaves. */
import type { Db, Queryable } from '../../store/db.ts';
import { type Actor, recordAudit, withoutSecrets } from '../audit.ts';
import { hashPassword, passwordProblem } from './passwords.ts';
import { ROLES, type Role } from './subject.ts';

export class AccountError extends Error {
  constructor(
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

export interface MembershipInput {
  role: Role;
  /** A region code (GB/T 2260 or ISO 3166 alpha-3) for region roles. */
  region?: string;
  /** A park code for park officers. */
  park?: string;
  /** An enterprise's credit code or exact name for enterprise users. */
  enterprise?: string;
  department?: string;
  /** A chain desk's code for chain office members (docs/chain-desk.md). */
  desk?: string;
}

export interface NewUser {
  username: string;
  password: string;
  displayName?: string;
  memberships: MembershipInput[];
  demo?: boolean;
  /** Set for a generated or administrator-given password: the user must choose their own. */
  mustChangePassword?: boolean;
}

const USERNAME = /^[a-z0-9][a-z0-9._-]{1,62}$/;

async function resolveMembership(tx: Queryable, m: MembershipInput) {
  if (!ROLES.includes(m.role)) throw new AccountError(`unknown role ${m.role}; one of ${ROLES.join(', ')}`);
  const one = async (sql: string, value: string | undefined, what: string) => {
    if (!value) throw new AccountError(`role ${m.role} needs a ${what}`);
    const rows = await tx.query<{ id: number }>(sql, [value]);
    if (rows.length !== 1) throw new AccountError(`no single ${what} ${value}`);
    return Number(rows[0]!.id);
  };
  return {
    role: m.role,
    region_id:
      m.role === 'region_admin' || m.role === 'region_analyst'
        ? await one('select id from region where code = $1', m.region, 'region')
        : null,
    park_id:
      m.role === 'park_officer' ? await one('select id from park where code = $1', m.park, 'park') : null,
    enterprise_id:
      m.role === 'enterprise_user'
        ? await one(
            'select id from enterprise where credit_code = $1 or name_zh = $1 or name_en = $1',
            m.enterprise,
            'enterprise',
          )
        : null,
    department: m.role === 'department_officer' ? (m.department ?? null) : null,
    desk_id:
      m.role === 'chain_office_member'
        ? await one('select id from chain_desk where code = $1', m.desk, 'chain desk')
        : null,
  };
}

export async function createUser(
  db: Db,
  actor: Actor,
  input: NewUser,
): Promise<{ id: number; username: string }> {
  const username = input.username.trim().toLowerCase();
  if (!USERNAME.test(username))
    throw new AccountError('a user name of 2–63 lower-case letters, digits, . _ -');
  const problem = passwordProblem(input.password, username);
  if (problem) throw new AccountError(`password: expected ${problem}`);
  if (input.memberships.length === 0) throw new AccountError('at least one role');
  const hash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    const existing = await tx.query('select 1 from app_user where username = $1', [username]);
    if (existing.length > 0) throw new AccountError(`user ${username} exists`, 409);
    const [user] = await tx.query<{ id: number }>(
      `insert into app_user (username, display_name, password_hash, password_changed_at, demo, must_change_password)
       values ($1, $2, $3, now(), $4, $5) returning id`,
      [username, input.displayName ?? null, hash, input.demo ?? false, input.mustChangePassword ?? false],
    );
    const id = Number(user!.id);
    const memberships = [];
    for (const m of input.memberships) {
      const r = await resolveMembership(tx, m);
      await tx.query(
        'insert into membership (user_id, role, region_id, park_id, enterprise_id, department, desk_id) values ($1, $2, $3, $4, $5, $6, $7)',
        [id, r.role, r.region_id, r.park_id, r.enterprise_id, r.department, r.desk_id],
      );
      memberships.push(r);
    }
    await recordAudit(tx, actor, 'create', 'user', id, null, {
      username,
      display_name: input.displayName ?? null,
      memberships,
    });
    return { id, username };
  });
}

export async function setPassword(
  db: Db,
  actor: Actor,
  username: string,
  password: string,
  mustChange: boolean,
) {
  const problem = passwordProblem(password, username);
  if (problem) throw new AccountError(`password: expected ${problem}`);
  const hash = await hashPassword(password);
  await db.transaction(async (tx) => {
    const [before] = await tx.query<Record<string, unknown>>('select * from app_user where username = $1', [
      username,
    ]);
    if (!before) throw new AccountError(`no user ${username}`, 404);
    const [after] = await tx.query<Record<string, unknown>>(
      `update app_user set password_hash = $2, password_changed_at = now(), must_change_password = $3,
         failed_logins = 0, locked_until = null where username = $1 returning *`,
      [username, hash, mustChange],
    );
    // A new password ends every session and token issued under the old one.
    await tx.query('delete from session where user_id = $1', [Number(before.id)]);
    await tx.query('update api_token set revoked_at = now() where user_id = $1 and revoked_at is null', [
      Number(before.id),
    ]);
    await recordAudit(
      tx,
      actor,
      'set_password',
      'user',
      Number(before.id),
      withoutSecrets(before),
      withoutSecrets(after),
    );
  });
}

export async function listUsers(db: Queryable) {
  return db.query(
    `select u.id, u.username, u.display_name, u.disabled, u.demo, u.locked_until, u.created_at,
       coalesce(json_agg(json_build_object('role', m.role, 'region', r.code, 'park', k.code,
         'enterprise', coalesce(e.credit_code, e.name_zh), 'department', m.department)) filter (where m.id is not null), '[]') as memberships
     from app_user u left join membership m on m.user_id = u.id left join region r on r.id = m.region_id
     left join park k on k.id = m.park_id left join enterprise e on e.id = m.enterprise_id
     group by u.id order by u.username`,
  );
}

export async function userCount(db: Queryable): Promise<number> {
  const [row] = await db.query<{ n: number }>('select count(*)::int as n from app_user');
  return Number(row?.n ?? 0);
}
