/** A users-table detail the HTTP tests can't see: the one-query identify lookup. */
import { describe, expect, it } from 'vitest';
import { useTempFiles } from '../testing/temp-dir';
import { Store, type UserRecord } from '.';

const tempFile = useTempFiles();

const NOW = Date.UTC(2026, 10, 25, 12);

function user(login: string): UserRecord {
  return {
    id: `00u${login.split('@')[0]}`,
    status: 'ACTIVE',
    profile: { login, email: login, firstName: 'Ada', lastName: 'Lovelace' },
    passwordHash: null,
    passwordChangedAt: null,
    failedLogins: 0,
    createdAt: NOW,
    activatedAt: NOW,
    statusChangedAt: NOW,
    lastLoginAt: null,
    lastUpdatedAt: NOW,
  };
}

describe('userWithEnrollmentsByLogin', () => {
  it('returns the user and their enrollments in creation order, like userByLogin + enrollments', async () => {
    const store = await Store.open(tempFile());
    try {
      const u = user('ada@example.test');
      await store.createUserWithEnrollments(u, [
        {
          id: 'eml1',
          userId: u.id,
          authenticator: 'okta_email',
          profile: { email: 'ada@example.test' },
          secret: null,
          failures: 0,
          lastUsedStep: null,
          createdAt: NOW,
          lastVerifiedAt: NOW,
        },
        {
          id: 'uft1',
          userId: u.id,
          authenticator: 'google_otp',
          profile: {},
          secret: { secret: 'JBSWY3DPEHPK3PXP' },
          failures: 2,
          lastUsedStep: 42,
          createdAt: NOW + 1,
          lastVerifiedAt: null,
        },
      ]);
      const found = await store.userWithEnrollmentsByLogin(' ADA@example.test ');
      expect(found?.user).toEqual(await store.userByLogin('ada@example.test'));
      expect(found?.enrollments).toEqual(await store.enrollments(u.id));
      expect(found?.enrollments.map((e) => e.id)).toEqual(['eml1', 'uft1']);

      const lone = user('bob@example.test');
      await store.createUser(lone);
      expect((await store.userWithEnrollmentsByLogin('bob@example.test'))?.enrollments).toEqual([]);
      expect(await store.userWithEnrollmentsByLogin('nobody@example.test')).toBeUndefined();
    } finally {
      store.close();
    }
  });
});

describe('the failed-login count', () => {
  it('is never written back from a record read earlier: only its own statements and an explicit reset move it', async () => {
    const store = await Store.open(tempFile());
    try {
      const u = user('carol@example.test');
      await store.createUser(u);
      const stale = await store.userById(u.id); // read before the failures below
      for (let i = 0; i < 3; i++) await store.claimPasswordAttempt(u.id, 10);
      // A profile change saved from the stale record (an admin edit racing a password guesser).
      await store.updateUser({ ...stale!, profile: { ...stale!.profile, nickName: 'cc' } });
      expect((await store.userById(u.id))?.failedLogins).toBe(3);
      expect((await store.userById(u.id))?.profile.nickName).toBe('cc');
      // An unlock restarts it on purpose.
      await store.updateUser({ ...stale! }, { resetFailedLogins: true });
      expect((await store.userById(u.id))?.failedLogins).toBe(0);
    } finally {
      store.close();
    }
  });
});
