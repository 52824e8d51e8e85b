/** `chainatlas user add|password|list`: accounts from the command line (the first administrator too). */
import { randomBytes } from 'node:crypto';
import { type Command, Option } from 'commander';
import type { Config } from '../../config.ts';
import { ROLES, type Role } from '../../services/accounts/subject.ts';
import { createUser, listUsers, type MembershipInput, setPassword } from '../../services/accounts/users.ts';
import type { Actor } from '../../services/audit.ts';
import { remoteJson } from '../remote.ts';
import { accessStore } from '../store-access.ts';

const CLI_ACTOR: Actor = { userId: null, name: 'cli' };

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

/** A password for the user to change at first sign-in: 18 random characters, letters, digits and '-'. */
const generatedPassword = () => `${randomBytes(12).toString('base64url')}-1a`;

export function addUserCommands(
  program: Command,
  deps: {
    config: () => Config;
    log: (line: string) => void;
    print: (json: boolean | undefined, value: unknown, text: string) => void;
  },
) {
  const user = program.command('user').description('accounts and roles');
  user
    .command('add')
    .description(
      'create a user with a role at a scope (the first administrator: chainatlas user add NAME --admin)',
    )
    .argument('<username>')
    .option('--admin', 'system administrator (same as --role system_admin)')
    .addOption(new Option('--role <role>', 'the role').choices(ROLES))
    .option('--region <code>', 'region code for region_admin / region_analyst (CHN for all of China)')
    .option('--park <code>', 'park code for park_officer')
    .option('--enterprise <code>', 'credit code or name for enterprise_user')
    .option('--department <name>', 'department for department_officer')
    .option('--desk <code>', 'chain desk code for chain_office_member')
    .option(
      '--password-stdin',
      'read the password from standard input (else one is generated and printed once)',
    )
    .option('--json', 'machine-readable output')
    .action(async (username: string, opts: Record<string, string | boolean | undefined>) => {
      const role = (opts.admin ? 'system_admin' : opts.role) as Role | undefined;
      if (!role) throw new Error('give --admin or --role');
      const membership: MembershipInput = {
        role,
        region: opts.region as string | undefined,
        park: opts.park as string | undefined,
        enterprise: opts.enterprise as string | undefined,
        department: opts.department as string | undefined,
        desk: opts.desk as string | undefined,
      };
      const generated = !opts.passwordStdin;
      const password = generated ? generatedPassword() : await readStdin();
      const access = await accessStore(deps.config(), deps.log);
      let created: { id: number; username: string };
      if (access.mode === 'remote') {
        created = await remoteJson(access.remote, '/api/users', 'POST', {
          username,
          password,
          memberships: [membership],
        });
      } else {
        try {
          created = await createUser(access.store.db, CLI_ACTOR, {
            username,
            password,
            memberships: [membership],
          });
          if (generated) await setPassword(access.store.db, CLI_ACTOR, created.username, password, true);
        } finally {
          await access.store.close();
        }
      }
      deps.print(
        opts.json as boolean | undefined,
        { ...created, role, ...(generated ? { password } : {}) },
        `created ${created.username} (${role})${generated ? `; password: ${password} (to be changed at first sign-in)` : ''}`,
      );
    });
  user
    .command('password')
    .description("set a user's password (read from standard input); ends their sessions and tokens")
    .argument('<username>')
    .action(async (username: string) => {
      const password = await readStdin();
      const access = await accessStore(deps.config(), deps.log);
      if (access.mode === 'remote') {
        await remoteJson(access.remote, `/api/users/${encodeURIComponent(username)}/password`, 'POST', {
          password,
        });
      } else {
        try {
          await setPassword(access.store.db, CLI_ACTOR, username, password, false);
        } finally {
          await access.store.close();
        }
      }
      deps.log(`password of ${username} changed`);
    });
  user
    .command('list')
    .description('users and their roles')
    .option('--json', 'machine-readable output')
    .action(async (opts: { json?: boolean }) => {
      const access = await accessStore(deps.config(), deps.log);
      let users: unknown[];
      if (access.mode === 'remote')
        users = (await remoteJson<{ items: unknown[] }>(access.remote, '/api/users')).items;
      else {
        try {
          users = await listUsers(access.store.db);
        } finally {
          await access.store.close();
        }
      }
      const lines = (users as { username: string; memberships: { role: string }[] }[]).map(
        (u) => `${u.username.padEnd(20)} ${u.memberships.map((m) => m.role).join(', ')}`,
      );
      deps.print(opts.json, users, lines.join('\n'));
    });
}
