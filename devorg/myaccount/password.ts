/**
 * `/idp/myaccount/password`: the caller's password, never the password itself. A PUT sets a new one
 * under the org's password policy and history (the same rules and Okta causes as every other password
 * change, `updateUser`); as on Okta, the user's org sessions from before it stop counting.
 */
import type { Hono } from 'hono';
import { wireOf, PASSWORD } from '../authenticators';
import type { OrgContext } from '../context';
import { readJsonObject } from '../http';
import type { UserRecord } from '../store';
import { updateUser } from '../users';
import { parseOr } from '../validation';
import { logSelfChange } from './audit';
import { requireRecentSignIn, withScope, type MyAccountEnv } from './auth';
import { link, myAccountJson } from './json';
import { passwordBody } from './schemas';

/** The id of a user's password enrollment: stable per user, in the password authenticator's id space. */
export function passwordEnrollmentId(user: Pick<UserRecord, 'id'>): string {
  return wireOf(PASSWORD).enrollmentPrefix + user.id.slice(3);
}

function passwordJson(ctx: OrgContext, user: UserRecord) {
  const self = `${ctx.config.publicOrigin}/idp/myaccount/password`;
  const iso = (ms: number) => new Date(ms).toISOString();
  if (user.passwordHash === null) return { id: passwordEnrollmentId(user), status: 'NOT_ENROLLED', _links: { self: link(self, 'GET') } };
  return {
    id: passwordEnrollmentId(user),
    status: user.status === 'PASSWORD_EXPIRED' ? 'EXPIRED' : 'ACTIVE',
    created: iso(user.createdAt),
    lastUpdated: iso(user.passwordChangedAt ?? user.createdAt),
    _links: { self: link(self, 'GET', 'PUT') },
  };
}

export function passwordRoutes(ctx: OrgContext, app: Hono<MyAccountEnv>): void {
  app.get('/password', (c) => myAccountJson(c, passwordJson(ctx, withScope(c, 'okta.myAccount.password.read').user)));

  app.put('/password', async (c) => {
    const caller = withScope(c, 'okta.myAccount.password.manage');
    requireRecentSignIn(ctx, caller);
    const { profile } = parseOr(passwordBody, await readJsonObject(c), 'api');
    const updated = await updateUser(ctx, caller.user, { password: profile.password });
    logSelfChange(ctx, 'user.account.update_password', updated);
    // Okta answers a replaced password with 201 and the password object.
    return myAccountJson(c, passwordJson(ctx, updated), 201);
  });
}
