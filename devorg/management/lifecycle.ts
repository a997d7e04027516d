/**
 * User lifecycle operations (`POST /api/v1/users/{id}/lifecycle/{action}`) as a pure transition table:
 * which statuses each operation accepts and what it turns the user into. No I/O, so the rules are unit
 * tested on their own and the same table drives the `_links` a user JSON advertises.
 */
import { API_ERRORS } from '../errors';
import type { UserRecord, UserStatus } from '../store';

export const LIFECYCLE_ACTIONS = ['activate', 'reactivate', 'deactivate', 'suspend', 'unsuspend', 'unlock', 'expire_password'] as const;
export type LifecycleAction = (typeof LIFECYCLE_ACTIONS)[number];

export function isLifecycleAction(value: string): value is LifecycleAction {
  return (LIFECYCLE_ACTIONS as readonly string[]).includes(value);
}

interface Rule {
  /** Statuses the operation is allowed from (Okta's User Lifecycle API reference). */
  from: readonly UserStatus[];
  /** The status the user ends in. */
  to: (user: UserRecord) => UserStatus;
  /** Wording for the validation error, e.g. "Cannot suspend a user with status STAGED". */
  verb: string;
}

const ALL_BUT_DEPROVISIONED: readonly UserStatus[] = [
  'STAGED',
  'PROVISIONED',
  'ACTIVE',
  'RECOVERY',
  'PASSWORD_EXPIRED',
  'LOCKED_OUT',
  'SUSPENDED',
];

const RULES: Record<LifecycleAction, Rule> = {
  // A user without a password would finish activation through the emailed welcome link, so Okta leaves
  // them PROVISIONED; devorg has no welcome flow, so they stay there until an admin sets a password.
  activate: { from: ['STAGED', 'DEPROVISIONED'], to: (u) => (u.passwordHash ? 'ACTIVE' : 'PROVISIONED'), verb: 'activate' },
  // Re-sends the activation; the user stays where they are until they complete it.
  reactivate: { from: ['PROVISIONED'], to: (u) => u.status, verb: 'reactivate' },
  deactivate: { from: ALL_BUT_DEPROVISIONED, to: () => 'DEPROVISIONED', verb: 'deactivate' },
  suspend: { from: ['ACTIVE'], to: () => 'SUSPENDED', verb: 'suspend' },
  unsuspend: { from: ['SUSPENDED'], to: () => 'ACTIVE', verb: 'unsuspend' },
  // Okta also "unlocks" an ACTIVE user (clearing the failed-attempt count), so that is not an error.
  unlock: { from: ['LOCKED_OUT', 'ACTIVE'], to: () => 'ACTIVE', verb: 'unlock' },
  expire_password: { from: ['ACTIVE', 'PASSWORD_EXPIRED'], to: () => 'PASSWORD_EXPIRED', verb: 'expire the password of' },
};

export interface TransitionResult {
  user: UserRecord;
  /** Deactivation ends every grant the user holds: their tokens must stop working at once. */
  revokeTokens: boolean;
  /** Unlocking restarts the failed-login count (the store never writes it from a record otherwise). */
  resetFailedLogins: boolean;
}

/** Applies a lifecycle operation, or throws Okta's 400 `E0000001` when the user's status forbids it. */
export function applyLifecycle(user: UserRecord, action: LifecycleAction, now: number): TransitionResult {
  const rule = RULES[action];
  if (!rule.from.includes(user.status) || (action === 'expire_password' && !user.passwordHash)) {
    throw API_ERRORS.validation([`status: Cannot ${rule.verb} a user with status ${user.status}`]);
  }
  const status = rule.to(user);
  const next: UserRecord = { ...user, status, lastUpdatedAt: now };
  if (status !== user.status) next.statusChangedAt = now;
  if (action === 'activate') next.activatedAt = now;
  if (action === 'unlock') next.failedLogins = 0;
  return { user: next, revokeTokens: action === 'deactivate', resetFailedLogins: action === 'unlock' };
}

/** The operations a user in this state accepts; used for the lifecycle links in its JSON. */
export function allowedActions(user: UserRecord): LifecycleAction[] {
  return LIFECYCLE_ACTIONS.filter((action) => {
    // Okta only offers "unlock" to a locked-out user even though it tolerates it on an ACTIVE one.
    if (action === 'unlock') return user.status === 'LOCKED_OUT';
    if (action === 'expire_password' && !user.passwordHash) return false;
    return RULES[action].from.includes(user.status);
  });
}
