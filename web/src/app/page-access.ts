import type { PageName } from './route.ts';
import { rolesOf, type Session } from './session.ts';

/**
 * The pages a role has nothing on, left out of its menu: the API refuses their requests (chain
 * diagnosis and opportunities are for region and park roles) or lists nothing for the role (an
 * enterprise user has no region figures, a department officer no parks). A user with several roles
 * sees a page when any of them may. Pages not named here are open to every signed-in user.
 */
const HIDDEN_FROM: Partial<Record<PageName, readonly string[]>> = {
  parks: ['department_officer'],
  clusters: ['department_officer', 'enterprise_user'],
  chain: ['department_officer', 'enterprise_user'],
  opportunities: ['department_officer', 'enterprise_user'],
  analytics: ['department_officer', 'enterprise_user', 'park_officer'],
};

export function mayOpen(session: Session, page: PageName): boolean {
  const hidden = HIDDEN_FROM[page];
  return !hidden || rolesOf(session).some((role) => !hidden.includes(role));
}
