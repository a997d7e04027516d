/**
 * The pure parts of the management API: lifecycle transitions and list-query parsing.
 */
import { describe, expect, it } from 'vitest';
import { ApiError } from '../errors';
import type { UserRecord, UserStatus } from '../store';
import { allowedActions, applyLifecycle, LIFECYCLE_ACTIONS, type LifecycleAction } from './lifecycle';
import { decodeCursor, encodeCursor, parseLimit, parseUserExpression } from './list-query';

const T0 = Date.UTC(2026, 0, 1);
const NOW = T0 + 60_000;

function user(status: UserStatus, withPassword = true): UserRecord {
  return {
    id: '00uAAAAAAAAAAAAAAAAA',
    status,
    profile: { login: 'a@example.test', email: 'a@example.test', firstName: 'A', lastName: 'B' },
    passwordHash: withPassword ? 'scrypt$…' : null,
    passwordChangedAt: withPassword ? T0 : null,
    failedLogins: 3,
    createdAt: T0,
    activatedAt: null,
    statusChangedAt: null,
    lastLoginAt: null,
    lastUpdatedAt: T0,
  };
}

function rejects(fn: () => unknown): ApiError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ApiError) return err;
    throw err;
  }
  throw new Error('expected an ApiError');
}

describe('lifecycle transitions', () => {
  const allowed: [UserStatus, LifecycleAction, UserStatus][] = [
    ['STAGED', 'activate', 'ACTIVE'],
    ['DEPROVISIONED', 'activate', 'ACTIVE'],
    ['PROVISIONED', 'reactivate', 'PROVISIONED'],
    ['ACTIVE', 'deactivate', 'DEPROVISIONED'],
    ['STAGED', 'deactivate', 'DEPROVISIONED'],
    ['LOCKED_OUT', 'deactivate', 'DEPROVISIONED'],
    ['ACTIVE', 'suspend', 'SUSPENDED'],
    ['SUSPENDED', 'unsuspend', 'ACTIVE'],
    ['LOCKED_OUT', 'unlock', 'ACTIVE'],
    ['ACTIVE', 'unlock', 'ACTIVE'],
    ['ACTIVE', 'expire_password', 'PASSWORD_EXPIRED'],
  ];
  it.each(allowed)('%s --%s--> %s', (from, action, to) => {
    const result = applyLifecycle(user(from), action, NOW);
    expect(result.user.status).toBe(to);
    expect(result.user.lastUpdatedAt).toBe(NOW);
    expect(result.user.statusChangedAt).toBe(from === to ? null : NOW);
    expect(result.revokeTokens).toBe(action === 'deactivate');
  });

  const refused: [UserStatus, LifecycleAction][] = [
    ['ACTIVE', 'activate'],
    ['PROVISIONED', 'activate'],
    ['ACTIVE', 'reactivate'],
    ['DEPROVISIONED', 'deactivate'],
    ['STAGED', 'suspend'],
    ['SUSPENDED', 'suspend'],
    ['ACTIVE', 'unsuspend'],
    ['SUSPENDED', 'unlock'],
    ['DEPROVISIONED', 'unlock'],
    ['STAGED', 'expire_password'],
  ];
  it.each(refused)('%s refuses %s with 400 E0000001', (from, action) => {
    const err = rejects(() => applyLifecycle(user(from), action, NOW));
    expect(err.status).toBe(400);
    expect(err.errorCode).toBe('E0000001');
    expect(err.causes[0]).toContain(from);
  });

  it('activating a user without a password leaves them PROVISIONED (no welcome flow to finish)', () => {
    expect(applyLifecycle(user('STAGED', false), 'activate', NOW).user).toMatchObject({ status: 'PROVISIONED', activatedAt: NOW });
  });

  it('unlock clears the failed-attempt count', () => {
    expect(applyLifecycle(user('LOCKED_OUT'), 'unlock', NOW).user.failedLogins).toBe(0);
  });

  it('expire_password needs a password to expire', () => {
    rejects(() => applyLifecycle(user('ACTIVE', false), 'expire_password', NOW));
  });

  it('the advertised actions are exactly the ones that succeed (unlock only when locked out)', () => {
    for (const status of ['STAGED', 'PROVISIONED', 'ACTIVE', 'LOCKED_OUT', 'SUSPENDED', 'DEPROVISIONED', 'PASSWORD_EXPIRED'] as const) {
      const u = user(status);
      const succeeding = LIFECYCLE_ACTIONS.filter((a) => {
        try {
          applyLifecycle(u, a, NOW);
          return a !== 'unlock' || status === 'LOCKED_OUT';
        } catch {
          return false;
        }
      });
      expect(allowedActions(u)).toEqual(succeeding);
    }
  });
});

describe('search and filter expressions', () => {
  const cmp = (field: object, operator: string, value: unknown, caseInsensitive = true) => ({
    kind: 'compare',
    field,
    operator,
    value,
    caseInsensitive,
  });
  it.each([
    ['profile.login eq "a@example.test"', cmp({ kind: 'profile', attribute: 'login' }, 'eq', 'a@example.test')],
    ['  id eq "00uAAAAAAAAAAAAAAAAA" ', cmp({ kind: 'text', column: 'id' }, 'eq', '00uAAAAAAAAAAAAAAAAA')],
    ['status eq "active"', cmp({ kind: 'text', column: 'status' }, 'eq', 'ACTIVE')],
    ['profile.nickName eq "rob"', cmp({ kind: 'profile', attribute: 'nickName' }, 'eq', 'rob')],
    ['profile.age ge 30', cmp({ kind: 'profile', attribute: 'age' }, 'ge', 30)],
    ['created lt "2020-01-01T00:00:00.000Z"', cmp({ kind: 'date', column: 'createdAt' }, 'lt', Date.UTC(2020, 0, 1))],
    ['type.id eq "otydevorgdefault0001"', cmp({ kind: 'constant', value: 'otydevorgdefault0001' }, 'eq', 'otydevorgdefault0001')],
    ['activated pr', { kind: 'present', field: { kind: 'date', column: 'activatedAt' } }],
    [
      'profile.firstName co "an" or profile.login sw "a"',
      {
        kind: 'or',
        operands: [cmp({ kind: 'profile', attribute: 'firstName' }, 'co', 'an'), cmp({ kind: 'profile', attribute: 'login' }, 'sw', 'a')],
      },
    ],
  ])('search %s', (expression, condition) => {
    expect(parseUserExpression(expression, 'search')).toEqual(condition);
  });

  it.each([
    ['lastUpdated gt "2017-06-05T23:00:00.000Z"', cmp({ kind: 'date', column: 'lastUpdatedAt' }, 'gt', Date.UTC(2017, 5, 5, 23), false)],
    ['profile.email eq "A@example.test"', cmp({ kind: 'profile', attribute: 'email' }, 'eq', 'A@example.test', false)],
  ])('filter %s compares values as given', (expression, condition) => {
    expect(parseUserExpression(expression, 'filter')).toEqual(condition);
  });

  it.each([
    '',
    'status eq ACTIVE',
    'status eq "NOPE"',
    'Profile.login eq "a"',
    'profile.a.b eq "x"',
    'nickName eq "x"',
    'id ne "a"',
    'profile.login ew "a"',
    'profile.nickName co "a"',
    'created sw "2020"',
    'created gt "yesterday"',
    'profile.x eq null',
    'profile.x gt true',
    'profile.x sw 1',
    'not (status eq "ACTIVE")',
  ])('search refuses %j with 400 E0000031', (expression) => {
    const err = rejects(() => parseUserExpression(expression, 'search'));
    expect(err.status).toBe(400);
    expect(err.errorCode).toBe('E0000031');
    expect(err.errorSummary).toBe('Invalid search criteria.');
  });

  it.each([
    'profile.nickName eq "x"',
    'created gt "2020-01-01T00:00:00.000Z"',
    'id sw "00u"',
    'status gt "A"',
    'profile.login pr',
    'status eq "active"',
  ])('filter refuses %j (search would take it or its like)', (expression) => {
    expect(rejects(() => parseUserExpression(expression, 'filter')).errorCode).toBe('E0000031');
  });
});

describe('limit and cursor', () => {
  it('limit defaults, caps at 200 and refuses non-positive or non-numeric values', () => {
    expect(parseLimit(undefined, 200)).toBe(200);
    expect(parseLimit('7', 200)).toBe(7);
    expect(parseLimit('201', 200)).toBe(200);
    for (const bad of ['0', '-1', '1.5', 'ten', '1e3']) expect(rejects(() => parseLimit(bad, 200)).errorCode).toBe('E0000001');
  });

  it('the cursor round-trips and a forged one is refused', () => {
    const position = { createdAt: T0, id: '00uAAAAAAAAAAAAAAAAA' };
    expect(decodeCursor(encodeCursor(position))).toEqual(position);
    expect(rejects(() => decodeCursor('bm9wZQ')).errorCode).toBe('E0000001');
    expect(rejects(() => decodeCursor(Buffer.from("1.x' OR 1=1").toString('base64url'))).errorCode).toBe('E0000001');
  });
});
