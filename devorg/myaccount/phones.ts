/**
 * `/idp/myaccount/phones`: the user's phone numbers, which are their phone authenticator enrollments
 * (the same records the sign-in verifies and the factors API lists). Adding one, as Okta's MyAccount Phone
 * API does it: `POST /phones` keeps the number UNVERIFIED and sends a code by SMS or call (the outbox);
 * `POST /phones/{id}/challenge` sends another; `POST /phones/{id}/verify` with the code makes it the
 * user's phone enrollment (VERIFIED, same id). `DELETE /phones/{id}` removes it, unless the enrollment
 * policy requires it. Every change needs a recent sign-in, as every MyAccount change.
 *
 * An unverified number lives in a short-lived server-side transaction (the IDX transactions table, with
 * handles nobody is given, so no IDX route can reach it), with the code's salted hash, its sends and
 * wrong answers: the same code rules as the sign-in (lifetime, sends, tries per code).
 */
import type { Context, Hono } from 'hono';
import { wireOf } from '../authenticators';
import { issueCode, checkCode, type CodeState } from '../authenticators/lib/code-state';
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
import { addPhoneBody, phoneChallengeBody, verificationBody } from './schemas';

const PHONE = 'phone_number' as const;
const MANAGE = 'okta.myAccount.phone.manage';
/** How long an unverified number waits for its code. */
const PENDING_SECONDS = 30 * 60;

/** An unverified number, as the transaction keeps it. */
interface PendingPhone {
  kind: 'myaccount-phone';
  userId: string;
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

async function pendingPhone(ctx: OrgContext, user: UserRecord, id: string) {
  const tx = await ctx.store.transactionBy<PendingPhone>({ id });
  if (!tx || tx.data.kind !== 'myaccount-phone' || tx.data.userId !== user.id || tx.expiresAt <= ctx.clock.now()) return undefined;
  return tx;
}

const notAllowed = () =>
  new ApiError(403, 'E0000006', 'You do not have permission to perform the requested action', [
    "Your organization's authenticator enrollment policy does not let you set up a phone.",
  ]);

/** Sends a code to the number (a text or a call), and what the transaction keeps of it; refused past the sends allowed. */
async function sendCode(ctx: OrgContext, to: string, method: Method, previous?: CodeState): Promise<CodeState> {
  const now = ctx.clock.now();
  if (previous && previous.sends >= ctx.config.codes.maxSends) throw tooManySends();
  const { code, state } = issueCode(now, previous);
  await ctx.store.recordOutbox({
    id: ctx.ids.oktaId('msg'),
    to,
    kind: method === 'CALL' ? 'voice' : 'sms',
    code,
    link: null,
    purpose: 'enrollment',
    createdAt: now,
  });
  return state;
}

const tooManySends = () =>
  new ApiError(429, 'E0000047', 'API call exceeded rate limit due to too many requests.', ['Too many codes were sent to this number.']);

const wrongCode = () =>
  new ApiError(400, 'E0000001', 'Api validation failed: verificationCode', ['verificationCode: The code is not valid, or has expired.']);

function pendingParam(c: Context<MyAccountEnv>): string {
  return (c.req.param('id') ?? '').slice(0, 64);
}

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
    const id = pendingParam(c);
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
    // Handles nobody is given: the row is reachable by its id only, and only by this user.
    await ctx.store.createTransaction({
      id,
      interactionHandle: `myaccount-${ctx.ids.secret()}`,
      stateHandle: `myaccount-${ctx.ids.secret()}`,
      data,
      expiresAt: ctx.clock.now() + PENDING_SECONDS * 1000,
    });
    return myAccountJson(c, phoneJson(ctx, id, phone.e164, 'UNVERIFIED'), 201);
  });

  app.post('/phones/:id/challenge', async (c) => {
    const caller = withScope(c, MANAGE);
    requireRecentSignIn(ctx, caller);
    const { method } = parseOr(phoneChallengeBody, await readJsonObject(c), 'api');
    const tx = await requirePending(ctx, caller, pendingParam(c));
    const code = await sendCode(ctx, tx.data.phoneNumber, method, tx.data.code);
    if (!(await ctx.store.advanceTransaction(tx.id, tx.version, { ...tx.data, code }, tx.expiresAt))) throw conflict();
    const self = `${ctx.config.publicOrigin}/idp/myaccount/phones/${tx.id}`;
    return myAccountJson(c, { _links: { verify: link(`${self}/verify`, 'POST') } });
  });

  app.post('/phones/:id/verify', async (c) => {
    const caller = withScope(c, MANAGE);
    requireRecentSignIn(ctx, caller);
    const { verificationCode } = parseOr(verificationBody, await readJsonObject(c), 'api');
    const tx = await requirePending(ctx, caller, pendingParam(c));
    const code = tx.data.code;
    if (!code) throw wrongCode();
    const now = ctx.clock.now();
    const verdict = checkCode(code, verificationCode, now, ctx.config.codes.lifetimeSeconds, ctx.config.codes.maxFailures);
    if (verdict !== 'ok') {
      // Every wrong answer counts (compare-and-set: two racing guesses can't both go uncounted).
      const counted = { ...tx.data, code: { ...code, failures: code.failures + 1 } };
      if (!(await ctx.store.advanceTransaction(tx.id, tx.version, counted, tx.expiresAt))) throw conflict();
      throw wrongCode();
    }
    // Spent once: the compare-and-set ends the transaction before the enrollment is saved.
    if (!(await ctx.store.advanceTransaction(tx.id, tx.version, { ...tx.data, code: undefined }, now))) throw conflict();
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
    const id = pendingParam(c);
    const verified = (await verifiedPhones(ctx, caller.user)).find((e) => e.id === id);
    if (!verified) {
      const pending = await pendingPhone(ctx, caller.user, id);
      if (!pending) throw API_ERRORS.notFound(id, 'Phone');
      await ctx.store.advanceTransaction(pending.id, pending.version, pending.data, ctx.clock.now());
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

const conflict = () => new ApiError(409, 'E0000001', 'Api validation failed: the phone changed meanwhile', ['Try again.']);
