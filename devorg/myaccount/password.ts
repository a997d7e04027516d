/**
 * `/idp/myaccount/password`: the caller's password, never the password itself. A PUT sets a new one
 * under the org's password policy and history (the same rules and Okta causes as every other password
 * change, `updateUser`); as on Okta, the user's org sessions from before it stop counting.
 * `GET /password/complexity-requirements` tells the rules a new one must meet before the user types it,
 * in Okta's shape: the `complexity` object the widget reads from IDX, and a `description` in words.
 */
import type { Hono } from 'hono';
import { complexitySettings, passwordEnrollmentId, requirementsList } from '../authenticators/password';
import type { PasswordPolicy } from '../config';
import type { OrgContext } from '../context';
import { readJsonObject } from '../http';
import type { UserRecord } from '../store';
import { updateUser } from '../users';
import { parseOr } from '../validation';
import { logSelfChange } from './audit';
import { requireRecentSignIn, withScope, type MyAccountEnv } from './auth';
import { link, myAccountJson } from './json';
import { passwordBody } from './schemas';

export { passwordEnrollmentId } from '../authenticators/password';

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

/**
 * Okta's `PasswordComplexityRequirements`: the policy's `complexity` (the fields its example has; devorg's
 * other rules, such as repeated characters, are in the description) and the rules as one sentence.
 */
export function complexityRequirementsJson(ctx: OrgContext, policy: PasswordPolicy) {
  const rules = requirementsList(policy);
  // The widget's `settings.complexity`, less what Okta's MyAccount answer doesn't carry.
  const { minLength, minLowerCase, minUpperCase, minNumber, minSymbol, excludeUsername, excludeAttributes } =
    complexitySettings(policy).complexity;
  const history = policy.historyCount > 0 ? ` Your password cannot be any of your last ${policy.historyCount} password(s).` : '';
  return {
    description: `${rules.length ? `Password requirements: ${rules.join(', ')}.` : 'No password requirements.'}${history}`,
    complexity: { minLength, minLowerCase, minUpperCase, minNumber, minSymbol, excludeUsername, excludeAttributes: [...excludeAttributes] },
    _links: { self: link(`${ctx.config.publicOrigin}/idp/myaccount/password/complexity-requirements`, 'GET') },
  };
}

export function passwordRoutes(ctx: OrgContext, app: Hono<MyAccountEnv>): void {
  app.get('/password', (c) => myAccountJson(c, passwordJson(ctx, withScope(c, 'okta.myAccount.password.read').user)));
  app.get('/password/complexity-requirements', (c) => {
    withScope(c, 'okta.myAccount.password.read');
    return myAccountJson(c, complexityRequirementsJson(ctx, ctx.config.passwordPolicy));
  });

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
