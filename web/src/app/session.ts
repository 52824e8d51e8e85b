import { api, rememberCsrf } from './api.ts';

export interface Membership {
  role: string;
  regionId: number | null;
  parkId: number | null;
  enterpriseId: number | null;
  department: string | null;
}
export interface Session {
  username: string;
  memberships: Membership[];
}

/** Roles that may change data (the API's `write` access, src/services/accounts/subject.ts). */
const WRITER_ROLES = new Set(['system_admin', 'region_admin', 'park_officer']);

export const canWrite = (session: Session) => session.memberships.some((m) => WRITER_ROLES.has(m.role));
export const rolesOf = (session: Session) => [...new Set(session.memberships.map((m) => m.role))];

export async function currentSession(): Promise<Session | null> {
  const response = await fetch('/api/auth/me', { credentials: 'same-origin' });
  if (response.status === 401) return null;
  if (!response.ok) throw new Error(response.statusText);
  return (await response.json()) as Session;
}

export async function signIn(username: string, password: string): Promise<Session> {
  const login = await api<{ csrfToken: string }>('/api/auth/login', {
    method: 'POST',
    body: JSON.stringify({ username, password }),
  });
  rememberCsrf(login.csrfToken);
  const session = await currentSession();
  if (!session) throw new Error('no session after sign-in');
  return session;
}

export async function signOut(): Promise<void> {
  await api('/api/auth/logout', { method: 'POST', body: '{}' });
  rememberCsrf(null);
}
