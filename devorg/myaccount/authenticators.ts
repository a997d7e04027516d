/**
 * `/idp/myaccount/authenticators`: the authenticators the org's policies offer the caller, each with
 * the caller's enrollments (`expand=enrollments`, or `/{id}/enrollments`), in Okta's MyAccount shapes.
 * The enrollments are the very ones the IDX flow checks and the factors API lists (a passkey is one
 * enrollment per credential, as there); the password is the user's password.
 *
 * Removing an enrollment is `DELETE …/enrollments/{enrollmentId}` (devorg's own: Okta's MyAccount sends
 * the user to its hosted `unenroll` page instead). An enrollment the authenticator enrollment policy
 * requires can't be removed (`canUnenroll: false`), except a passkey while another one is left; a removed
 * one is gone from the factors API, and the next sign-in enrolls it again if the policy requires it.
 * Okta's hosted `enroll` link is not offered: devorg has no such page (enroll through the sign-in flow).
 */
import type { Context, Hono } from 'hono';
import { authenticatorById, isAvailable, knownKey, PASSWORD, wireOf } from '../authenticators';
import { AUTHENTICATOR_KEYS, type AuthenticatorKey } from '../authenticators/types';
import { maskPhone } from '../authenticators/lib/phone';
import type { OrgContext } from '../context';
import { API_ERRORS, ApiError } from '../errors';
import { userPolicy } from '../idx/steps';
import { factorRecords } from '../management/factors';
import type { EnrollmentRecord, UserRecord } from '../store';
import { parseOr } from '../validation';
import { logSelfUnenroll } from './audit';
import { requireRecentSignIn, withScope, type MyAccountEnv } from './auth';
import { link, myAccountJson, type Links } from './json';
import { passwordEnrollmentId } from './password';
import { authenticatorsQuery } from './schemas';

const WEBAUTHN: AuthenticatorKey = 'webauthn';

/** One of the caller's enrollments, with what MyAccount shows of it. */
interface Enrollment {
  key: AuthenticatorKey;
  record: Pick<EnrollmentRecord, 'id' | 'profile' | 'createdAt' | 'lastVerifiedAt'>;
}

/** What the caller has and what their policy says, read once per request. */
interface Standing {
  user: UserRecord;
  offered: AuthenticatorKey[];
  required: Set<AuthenticatorKey>;
  enrollments: Enrollment[];
}

async function standing(ctx: OrgContext, user: UserRecord): Promise<Standing> {
  const [policy, records] = await Promise.all([userPolicy(ctx, user.id), ctx.store.enrollments(user.id)]);
  const enrollments: Enrollment[] = [];
  if (user.passwordHash !== null) {
    const changed = user.passwordChangedAt ?? user.createdAt;
    enrollments.push({
      key: PASSWORD,
      record: { id: passwordEnrollmentId(user), profile: {}, createdAt: user.createdAt, lastVerifiedAt: changed },
    });
  }
  for (const record of factorRecords(records)) {
    const key = knownKey(record.authenticator);
    if (key && key !== PASSWORD) enrollments.push({ key, record });
  }
  const listed = new Set<AuthenticatorKey>([
    PASSWORD,
    ...policy.requiredEnrollments,
    ...policy.optionalEnrollments,
    ...enrollments.map((e) => e.key),
  ]);
  return {
    user,
    offered: AUTHENTICATOR_KEYS.filter((k) => listed.has(k) && isAvailable(k)),
    required: new Set(policy.requiredEnrollments),
    enrollments,
  };
}

function canUnenroll(s: Standing, e: Enrollment): boolean {
  if (e.key === PASSWORD) return false;
  if (!s.required.has(e.key)) return true;
  return e.key === WEBAUTHN && s.enrollments.filter((o) => o.key === WEBAUTHN).length > 1;
}

/** What Okta shows of an enrollment's profile: the address masked, never a secret. */
function shownProfile(e: Enrollment): Record<string, unknown> | undefined {
  const { email, phoneNumber, question } = e.record.profile;
  if (typeof email === 'string') return { email: email.replace(/^(.)(.*)(.)@/, (_m, a: string, _b, z: string) => `${a}***${z}@`) };
  if (typeof phoneNumber === 'string') return { phoneNumber: maskPhone(phoneNumber) };
  if (typeof question === 'string') return { question };
  return undefined;
}

function enrollmentJson(ctx: OrgContext, s: Standing, e: Enrollment) {
  const authenticator = `${ctx.config.publicOrigin}/idp/myaccount/authenticators/${wireOf(e.key).id}`;
  const removable = canUnenroll(s, e);
  const profile = shownProfile(e);
  const name = typeof e.record.profile.authenticatorName === 'string' ? e.record.profile.authenticatorName : wireOf(e.key).displayName;
  const links: Links = {
    self: link(`${authenticator}/enrollments/${e.record.id}`, ...(removable ? (['GET', 'DELETE'] as const) : (['GET'] as const))),
    authenticator: link(authenticator, 'GET'),
  };
  return {
    id: e.record.id,
    name,
    created: new Date(e.record.createdAt).toISOString(),
    ...(e.record.lastVerifiedAt !== null ? { lastChallenged: new Date(e.record.lastVerifiedAt).toISOString() } : {}),
    ...(profile ? { profile } : {}),
    canReset: e.key === PASSWORD,
    canUnenroll: removable,
    _links: links,
  };
}

function authenticatorJson(ctx: OrgContext, s: Standing, key: AuthenticatorKey, expand: boolean) {
  const wire = wireOf(key);
  const self = `${ctx.config.publicOrigin}/idp/myaccount/authenticators/${wire.id}`;
  const mine = s.enrollments.filter((e) => e.key === key);
  // Enrollable: offered by the policy and not set up yet (passkeys: always another one).
  const offered = key === PASSWORD || s.required.has(key) || s.offered.includes(key);
  const enrollable = offered && (mine.length === 0 || key === WEBAUTHN);
  return {
    id: wire.id,
    key,
    name: wire.displayName,
    enrollable,
    _links: { self: link(self, 'GET'), enrollments: link(`${self}/enrollments`, 'GET') } satisfies Links,
    ...(expand ? { _embedded: { enrollments: mine.map((e) => enrollmentJson(ctx, s, e)) } } : {}),
  };
}

function authenticatorParam(c: Context, s: Standing): AuthenticatorKey {
  const id = c.req.param('authenticatorId') ?? '';
  const key = authenticatorById(id);
  if (!key || !s.offered.includes(key)) throw API_ERRORS.notFound(id, 'Authenticator');
  return key;
}

function enrollmentParam(c: Context, s: Standing, key: AuthenticatorKey): Enrollment {
  const id = c.req.param('enrollmentId') ?? '';
  const found = s.enrollments.find((e) => e.key === key && e.record.id === id);
  if (!found) throw API_ERRORS.notFound(id, 'AuthenticatorEnrollment');
  return found;
}

const cannotUnenroll = (key: AuthenticatorKey) =>
  new ApiError(403, 'E0000006', 'You do not have permission to perform the requested action', [
    key === PASSWORD
      ? 'The password can be changed, not removed.'
      : `Your organization's authenticator enrollment policy requires ${wireOf(key).displayName}: your last one can't be removed.`,
  ]);

export function authenticatorRoutes(ctx: OrgContext, app: Hono<MyAccountEnv>): void {
  const READ = 'okta.myAccount.authenticators.read';

  app.get('/authenticators', async (c) => {
    const s = await standing(ctx, withScope(c, READ).user);
    const { expand } = parseOr(authenticatorsQuery, c.req.query(), 'api');
    return myAccountJson(
      c,
      s.offered.map((k) => authenticatorJson(ctx, s, k, expand === 'enrollments')),
    );
  });

  app.get('/authenticators/:authenticatorId', async (c) => {
    const s = await standing(ctx, withScope(c, READ).user);
    const { expand } = parseOr(authenticatorsQuery, c.req.query(), 'api');
    return myAccountJson(c, authenticatorJson(ctx, s, authenticatorParam(c, s), expand === 'enrollments'));
  });

  app.get('/authenticators/:authenticatorId/enrollments', async (c) => {
    const s = await standing(ctx, withScope(c, READ).user);
    const key = authenticatorParam(c, s);
    return myAccountJson(
      c,
      s.enrollments.filter((e) => e.key === key).map((e) => enrollmentJson(ctx, s, e)),
    );
  });

  app.get('/authenticators/:authenticatorId/enrollments/:enrollmentId', async (c) => {
    const s = await standing(ctx, withScope(c, READ).user);
    return myAccountJson(c, enrollmentJson(ctx, s, enrollmentParam(c, s, authenticatorParam(c, s))));
  });

  app.delete('/authenticators/:authenticatorId/enrollments/:enrollmentId', async (c) => {
    const caller = withScope(c, 'okta.myAccount.authenticators.manage');
    const s = await standing(ctx, caller.user);
    const key = authenticatorParam(c, s);
    const enrollment = enrollmentParam(c, s, key);
    requireRecentSignIn(ctx, caller);
    if (!canUnenroll(s, enrollment)) throw cannotUnenroll(key);
    // The policy's last passkey stays even if another removal raced this one.
    const keepLastPasskey = key === WEBAUTHN && s.required.has(key);
    if (!(await ctx.store.deleteEnrollment(caller.user.id, enrollment.record.id, { keepLastPasskey }))) {
      if (keepLastPasskey) throw cannotUnenroll(key);
      throw API_ERRORS.notFound(enrollment.record.id, 'AuthenticatorEnrollment');
    }
    logSelfUnenroll(ctx, caller.user, key, enrollment.record.id);
    return c.body(null, 204);
  });
}
