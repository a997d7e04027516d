/**
 * The management API's User object. Only what a real org sends for an Okta-mastered user with the
 * default user type; the password hash never leaves the store (Okta shows `password: {}` to say one is set).
 */
import type { UserProfile, UserRecord, UserStatus } from '../store';
import { allowedActions, type LifecycleAction } from './lifecycle';

/** devorg has one user type, like a fresh Okta org ("User", the default). */
export const DEFAULT_USER_TYPE_ID = 'otydevorgdefault0001';

export interface UserJson {
  id: string;
  status: UserStatus;
  created: string;
  activated: string | null;
  statusChanged: string | null;
  lastLogin: string | null;
  lastUpdated: string;
  passwordChanged: string | null;
  type: { id: string };
  profile: UserProfile;
  credentials: { password?: Record<string, never>; provider: { type: 'OKTA'; name: 'OKTA' } };
  _links: Record<string, { href: string; method?: string }>;
}

/** Link names Okta uses for each lifecycle operation. */
const LINK_NAMES: Record<LifecycleAction, string> = {
  activate: 'activate',
  reactivate: 'reactivate',
  deactivate: 'deactivate',
  suspend: 'suspend',
  unsuspend: 'unsuspend',
  unlock: 'unlock',
  expire_password: 'expirePassword',
};

/** ISO-8601 with milliseconds and `Z`, the form the SDK turns into `Date`s. */
function iso(ms: number): string;
function iso(ms: number | null): string | null;
function iso(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

/** `usersBase` is `${publicOrigin}/api/v1/users`: the SDK caches by `_links.self.href`, so it must match the org URL. */
export function userJson(user: UserRecord, usersBase: string): UserJson {
  const self = `${usersBase}/${user.id}`;
  const links: UserJson['_links'] = { self: { href: self } };
  for (const action of allowedActions(user)) links[LINK_NAMES[action]] = { href: `${self}/lifecycle/${action}`, method: 'POST' };
  return {
    id: user.id,
    status: user.status,
    created: iso(user.createdAt),
    activated: iso(user.activatedAt),
    statusChanged: iso(user.statusChangedAt),
    lastLogin: iso(user.lastLoginAt),
    lastUpdated: iso(user.lastUpdatedAt),
    passwordChanged: iso(user.passwordChangedAt),
    type: { id: DEFAULT_USER_TYPE_ID },
    profile: user.profile,
    credentials: {
      ...(user.passwordHash ? { password: {} } : {}),
      provider: { type: 'OKTA', name: 'OKTA' },
    },
    _links: links,
  };
}
