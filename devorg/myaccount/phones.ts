/**
 * `/idp/myaccount/phones`: the user's phone numbers, which are their phone authenticator enrollments
 * (the same records the sign-in verifies and the factors API lists). Adding one, as Okta's MyAccount Phone
 * API does it: `POST /phones` keeps the number UNVERIFIED and sends a code by SMS or call (the outbox);
 * `POST /phones/{id}/challenge` sends another; `POST /phones/{id}/verify` with the code makes it the
 * user's phone enrollment (VERIFIED, same id). `DELETE /phones/{id}` removes it, unless the enrollment
 * policy requires it. Every change needs a recent sign-in, as every MyAccount change.
 * An unverified number waits in a pending transaction (pending.ts).
 */
import type { Hono } from 'hono';
import { wireOf } from '../authenticators';
import type { CodeState } from '../authenticators/lib/code-state';
import { normalizePhone } from '../authenticators/lib/phone';
import type { OrgContext } from '../context';
import { API_ERRORS, ApiError } from '../errors';
import { readJsonObject } from '../http';
import { userPolicy } from '../idx/steps';
import type { UserRecord } from '../store';
import { parseOr } from '../validation';
import { logSelfEnroll, logSelfUnenroll } from './audit';
import { requireRecentSignIn, withScope, type Caller, type MyAccountEnv } from './auth';
import { link, myAccountJson } from './json';
import { advancePending, checkPendingCode, createPending, findPending, param, sendPendingCode, type Pending } from './pending';
import { addPhoneBody, phoneChallengeBody, verificationBody } from './schemas';

const PHONE = 'phone_number' as const;
const MANAGE = 'okta.myAccount.phone.manage';
/** An unverified number, as the transaction keeps it. */
interface PendingPhone extends Pending {
  kind: 'myaccount-phone';
  phoneNumber: string;
  code?: CodeState;
}

type Method = 'SMS' | 'CALL';

function phoneJson(ctx: OrgContext, id: string, phoneNumber: string, status: 'VERIFIED' | 'UNVERIFIED') {
  const self = `${ctx.config.publicOrigin}/idp/myaccount/phones/${id}`;
  return {
    id,
    status,
    profile: { phoneNumber },
    _links:
      status === 'VERIFIED'
        ? { self: link(self, 'GET', 'DELETE') }
        : { self: link(self, 'GET', 'DELETE'), challenge: link(`${self}/challenge`, 'POST'), verify: link(`${self}/verify`, 'POST') },
  };
}

async function verifiedPhones(ctx: OrgContext, user: UserRecord) {
  return (await ctx.store.enrollments(user.id)).filter((e) => e.authenticator === PHONE && typeof e.profile.phoneNumber === 'string');
}

const pendingPhone = (ctx: OrgContext, user: UserRecord, id: string) => findPending<PendingPhone>(ctx, 'myaccount-phone', user, id);

const notAllowed = () =>
  new ApiError(403, 'E0000006', 'You do not have permission to perform the requested action', [
    "Your organization's authenticator enrollment policy does not let you set up a phone.",
  ]);

/** A text or a call with a new code (refused past the sends allowed). */
const sendCode = (ctx: OrgContext, to: string, method: Method, previous?: CodeState) =>
  sendPendingCode(ctx, to, method === 'CALL' ? 'voice' : 'sms', 'enrollment', previous);

export function phoneRoutes(ctx: OrgContext, app: Hono<MyAccountEnv>): void {
  app.get('/phones', async (c) => {
    const { user } = withScope(c, 'okta.myAccount.phone.read');
    return myAccountJson(
      c,
      (await verifiedPhones(ctx, user)).map((e) => phoneJson(ctx, e.id, e.profile.phoneNumber as string, 'VERIFIED')),
    );
  });

  app.get('/phones/:id', async (c) => {
    const { user } = withScope(c, 'okta.myAccount.phone.read');
    const id = param(c, 'id');
    const verified = (await verifiedPhones(ctx, user)).find((e) => e.id === id);
    if (verified) return myAccountJson(c, phoneJson(ctx, id, verified.profile.phoneNumber as string, 'VERIFIED'));
    const pending = await pendingPhone(ctx, user, id);
    if (!pending) throw API_ERRORS.notFound(id, 'Phone');
    return myAccountJson(c, phoneJson(ctx, id, pending.data.phoneNumber, 'UNVERIFIED'));
  });

  app.post('/phones', async (c) => {
    const caller = withScope(c, MANAGE);
    requireRecentSignIn(ctx, caller);
    const body = parseOr(addPhoneBody, await readJsonObject(c), 'api');
    const phone = normalizePhone(body.profile.phoneNumber);
    if (!phone.ok) throw API_ERRORS.validation([`profile.phoneNumber: ${phone.message}`]);
    const policy = await userPolicy(ctx, caller.user.id);
    if (!policy.optionalEnrollments.includes(PHONE) && !policy.requiredEnrollments.includes(PHONE)) throw notAllowed();
    // One phone enrollment per user, as the sign-in's phone authenticator has.
    if ((await verifiedPhones(ctx, caller.user)).length > 0) {
      throw new ApiError(409, 'E0000157', 'Phone number already exists', ['A phone is already set up: remove it to add another.']);
    }
    const id = ctx.ids.oktaId(wireOf(PHONE).enrollmentPrefix);
    const code = body.sendCode !== false ? await sendCode(ctx, phone.e164, body.method ?? 'SMS') : undefined;
    const data: PendingPhone = { kind: 'myaccount-phone', userId: caller.user.id, phoneNumber: phone.e164, ...(code ? { code } : {}) };
    await createPending(ctx, id, data);
    return myAccountJson(c, phoneJson(ctx, id, phone.e164, 'UNVERIFIED'), 201);
  });

  app.post('/phones/:id/challenge', async (c) => {
    const caller = withScope(c, MANAGE);
    requireRecentSignIn(ctx, caller);
    const { method } = parseOr(phoneChallengeBody, await readJsonObject(c), 'api');
    const tx = await requirePending(ctx, caller, param(c, 'id'));
    const code = await sendCode(ctx, tx.data.phoneNumber, method, tx.data.code);
    await advancePending(ctx, tx, { ...tx.data, code });
    const self = `${ctx.config.publicOrigin}/idp/myaccount/phones/${tx.id}`;
    return myAccountJson(c, { _links: { verify: link(`${self}/verify`, 'POST') } });
  });

  app.post('/phones/:id/verify', async (c) => {
    const caller = withScope(c, MANAGE);
    requireRecentSignIn(ctx, caller);
    const { verificationCode } = parseOr(verificationBody, await readJsonObject(c), 'api');
    const tx = await requirePending(ctx, caller, param(c, 'id'));
    await checkPendingCode(ctx, tx, tx.data.code, verificationCode, (code) => ({ ...tx.data, code }));
    const now = ctx.clock.now();
    // Spent once: the compare-and-set ends the transaction before the enrollment is saved.
    await advancePending(ctx, tx, { kind: tx.data.kind, userId: tx.data.userId, phoneNumber: tx.data.phoneNumber }, now);
    if ((await verifiedPhones(ctx, caller.user)).length > 0) {
      throw new ApiError(409, 'E0000157', 'Phone number already exists', ['A phone is already set up: remove it to add another.']);
    }
    await ctx.store.saveEnrollment({
      id: tx.id,
      userId: caller.user.id,
      authenticator: PHONE,
      profile: { phoneNumber: tx.data.phoneNumber },
      secret: null,
      failures: 0,
      lastUsedStep: null,
      createdAt: now,
      lastVerifiedAt: now,
    });
    logSelfEnroll(ctx, caller.user, PHONE, tx.id);
    return c.body(null, 204);
  });

  app.delete('/phones/:id', async (c) => {
    const caller = withScope(c, MANAGE);
    requireRecentSignIn(ctx, caller);
    const id = param(c, 'id');
    const verified = (await verifiedPhones(ctx, caller.user)).find((e) => e.id === id);
    if (!verified) {
      const pending = await pendingPhone(ctx, caller.user, id);
      if (!pending) throw API_ERRORS.notFound(id, 'Phone');
      await advancePending(ctx, pending, pending.data, ctx.clock.now());
      return c.body(null, 204);
    }
    const policy = await userPolicy(ctx, caller.user.id);
    if (policy.requiredEnrollments.includes(PHONE)) {
      throw new ApiError(403, 'E0000006', 'You do not have permission to perform the requested action', [
        `Your organization's authenticator enrollment policy requires ${wireOf(PHONE).displayName}: your last one can't be removed.`,
      ]);
    }
    if (!(await ctx.store.deleteEnrollment(caller.user.id, id))) throw API_ERRORS.notFound(id, 'Phone');
    logSelfUnenroll(ctx, caller.user, PHONE, id);
    return c.body(null, 204);
  });
}

async function requirePending(ctx: OrgContext, caller: Caller, id: string) {
  const tx = await pendingPhone(ctx, caller.user, id);
  if (!tx) {
    const verified = (await verifiedPhones(ctx, caller.user)).some((e) => e.id === id);
    if (verified) throw API_ERRORS.validation(['id: This phone is verified already.']);
    throw API_ERRORS.notFound(id, 'Phone');
  }
  return tx;
}
