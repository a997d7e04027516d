/**
 * `/api/v1/users/{id}/factors` and `lifecycle/reset_factors`: the factor endpoints
 * `@okta/okta-sdk-nodejs` uses (`userFactorApi.listFactors`, `deleteFactor`, `userApi.resetFactors`),
 * backed by the same enrollments the IDX flow creates and checks. The password is not a factor in
 * this API (as on Okta); deleting a factor makes the next sign-in enroll it again if policy requires it.
 */
import { Hono } from 'hono';
import { authenticatorFor, isAvailable, knownKey, wireOf } from '../authenticators';
import type { OrgContext } from '../context';
import { API_ERRORS } from '../errors';
import type { EnrollmentRecord, UserRecord } from '../store';
import { logFactorsReset } from './audit';

/**
 * The user's factors as Okta lists them: each enrollment as its authenticator lists it (a passkey
 * enrollment, for one, is a factor per credential).
 */
export function factorRecords(enrollments: EnrollmentRecord[]): EnrollmentRecord[] {
  return enrollments.flatMap((e) => {
    const key = knownKey(e.authenticator);
    const factorsOf = key && isAvailable(key) ? authenticatorFor(key).factorsOf : undefined;
    return factorsOf ? factorsOf(e) : [e];
  });
}

export function factorJson(e: EnrollmentRecord, usersBase: string) {
  // How Okta's factor API names the authenticator (each one's wire record says).
  const key = knownKey(e.authenticator);
  const type = (key && isAvailable(key) ? wireOf(key).factor : undefined) ?? {
    factorType: e.authenticator,
    provider: 'OKTA',
    vendorName: 'OKTA',
  };
  const self = `${usersBase}/${e.userId}/factors/${e.id}`;
  return {
    id: e.id,
    ...type,
    status: 'ACTIVE',
    created: new Date(e.createdAt).toISOString(),
    lastUpdated: new Date(e.lastVerifiedAt ?? e.createdAt).toISOString(),
    // Only what Okta shows: never the TOTP secret or the hashed answer.
    profile: e.profile,
    _links: { self: { href: self, hints: { allow: ['GET', 'DELETE'] } }, user: { href: `${usersBase}/${e.userId}` } },
  };
}

export function factorsApi(ctx: OrgContext): Hono {
  const app = new Hono();
  const usersBase = `${ctx.config.publicOrigin}/api/v1/users`;

  async function findUser(idOrLogin: string): Promise<UserRecord> {
    const user = (await ctx.store.userById(idOrLogin)) ?? (await ctx.store.userByLogin(idOrLogin));
    if (!user) throw API_ERRORS.notFound(idOrLogin);
    return user;
  }

  app.get('/:id/factors', async (c) => {
    const user = await findUser(c.req.param('id'));
    return c.json(factorRecords(await ctx.store.enrollments(user.id)).map((e) => factorJson(e, usersBase)));
  });

  app.get('/:id/factors/:factorId', async (c) => {
    const user = await findUser(c.req.param('id'));
    const enrollment = factorRecords(await ctx.store.enrollments(user.id)).find((e) => e.id === c.req.param('factorId'));
    if (!enrollment) throw API_ERRORS.notFound(c.req.param('factorId'), 'UserFactor');
    return c.json(factorJson(enrollment, usersBase));
  });

  app.delete('/:id/factors/:factorId', async (c) => {
    const user = await findUser(c.req.param('id'));
    const removed = factorRecords(await ctx.store.enrollments(user.id)).filter((e) => e.id === c.req.param('factorId'));
    if (!(await ctx.store.deleteEnrollment(user.id, c.req.param('factorId'))))
      throw API_ERRORS.notFound(c.req.param('factorId'), 'UserFactor');
    logFactorsReset(ctx, user, removed);
    return c.body(null, 204);
  });

  app.post('/:id/lifecycle/reset_factors', async (c) => {
    const user = await findUser(c.req.param('id'));
    const removed = factorRecords(await ctx.store.enrollments(user.id));
    await ctx.store.deleteEnrollments(user.id);
    logFactorsReset(ctx, user, removed);
    return c.json({});
  });

  return app;
}
