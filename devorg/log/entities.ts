/** The actors and targets of LogEvents, in Okta's shapes (`{ id, type, alternateId, displayName }`). */
import { authenticatorFor } from '../authenticators';
import type { AuthenticatorKey } from '../authenticators/types';
import type { UserRecord } from '../store';
import type { LogEntity } from './types';

/** A user by record: the login is the alternate id, the name the display name (as Okta shows them). */
export function userEntity(user: Pick<UserRecord, 'id' | 'profile'>): LogEntity {
  const { login, firstName, lastName } = user.profile;
  const name = [firstName, lastName].filter((p): p is string => typeof p === 'string' && p !== '').join(' ');
  return { id: user.id, type: 'User', alternateId: login, displayName: name || login };
}

/**
 * A user known only by id and what was typed (IDX before the account is read). An identifier that
 * names no account gets Okta's `unknown` id, so failed sign-ins for unknown usernames stay findable.
 */
export function userRef(id: string | undefined, login: string | undefined, name?: string): LogEntity {
  return { id: id ?? 'unknown', type: 'User', alternateId: login ?? 'unknown', displayName: name ?? login ?? 'unknown' };
}

/** devorg has no admin users: management API calls (SSWS token) act as Okta's system principal. */
export const API_TOKEN_ACTOR: LogEntity = {
  id: 'system@okta.com',
  type: 'SystemPrincipal',
  alternateId: 'system@okta.com',
  displayName: 'Okta System',
};

export function authenticatorEntity(key: AuthenticatorKey, enrollmentId?: string): LogEntity {
  const wire = authenticatorFor(key).wire;
  return {
    id: enrollmentId ?? wire.id,
    type: 'AuthenticatorEnrollment',
    alternateId: 'unknown',
    displayName: wire.displayName,
    detailEntry: { methodTypeUsed: wire.methods[0]?.type ?? key },
  };
}

/** A group by record, as Okta names it in LogEvents (`UserGroup`). */
export function groupEntity(group: { id: string; profile: { name: string } }): LogEntity {
  return { id: group.id, type: 'UserGroup', alternateId: 'unknown', displayName: group.profile.name };
}

export function appEntity(clientId: string, label: string): LogEntity {
  return { id: clientId, type: 'AppInstance', alternateId: label, displayName: 'OpenID Connect Client' };
}

/** The app as the actor of its own token requests (Okta's `PublicClientApp`). */
export function clientActor(clientId: string, label: string): LogEntity {
  return { id: clientId, type: 'PublicClientApp', alternateId: clientId, displayName: label };
}
