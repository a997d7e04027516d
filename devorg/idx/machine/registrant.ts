/** What a registration in progress says about the account it will create. */
import type { Registration } from './types';

/** The registrant's username: the form's `login` when it asks for one (Okta's "Username"), else the email. */
export function registrantLogin(registration: Pick<Registration, 'profile'>): string {
  return registration.profile.login ?? registration.profile.email ?? '';
}
