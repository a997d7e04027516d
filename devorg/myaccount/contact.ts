/**
 * `/idp/myaccount/emails`: the user's primary email (the profile's; VERIFIED once the email
 * authenticator is enrolled, as Okta's primary email is by then), and changing it as Okta's MyAccount
 * Email API does: `POST /emails` with `role: PRIMARY` keeps the new address UNVERIFIED and (with
 * `sendEmail`, the default) sends it a code; `POST /emails/{id}/challenge` sends another and answers the
 * challenge with its `verify` and `poll` links; `POST …/challenge/{challengeId}/verify` with the code makes
 * it the profile's email (where the email authenticator's codes go from then on; the login stays). Polling
 * the challenge tells VERIFIED once done. Secondary emails are refused with a clear cause: devorg's
 * profile has no `secondEmail`. The phones are `phones.ts`.
 *
 * An unverified address lives in a short-lived server-side transaction, as an unverified phone does
 * (phones.ts): the code's salted hash, its sends and wrong answers, the org's code rules.
 */
import { createHash } from 'node:crypto';
import type { Context, Hono } from 'hono';
import { checkCode, issueCode, type CodeState } from '../authenticators/lib/code-state';
import type { OrgContext } from '../context';
import { API_ERRORS, ApiError } from '../errors';
import { readJsonObject } from '../http';
import type { UserRecord } from '../store';
import { updateUser } from '../users';
import { parseOr } from '../validation';
import { logSelfChange } from './audit';
import { requireRecentSignIn, withScope, type Caller, type MyAccountEnv } from './auth';
import { link, myAccountJson } from './json';
import { addEmailBody, emailChallengeBody, verificationBody } from './schemas';

const MANAGE = 'okta.myAccount.email.manage';
const PENDING_SECONDS = 30 * 60;

/** A new primary address waiting for its code, as the transaction keeps it. */
interface PendingEmail {
  kind: 'myaccount-email';
  userId: string;
  email: string;
  /** The current challenge: its id, its code, and whether it was answered. */
  challenge?: { id: string; code: CodeState; verified: boolean };
}

/** Okta's email ids are 32 hex digits; this one is stable for the user and the address. */
function emailId(user: UserRecord): string {
  return createHash('sha256').update(`${user.id}\n${user.profile.email}`).digest('hex').slice(0, 32);
}

const base = (ctx: OrgContext, id: string) => `${ctx.config.publicOrigin}/idp/myaccount/emails/${id}`;

async function emails(ctx: OrgContext, user: UserRecord) {
  const verified = (await ctx.store.enrollments(user.id)).some((e) => e.authenticator === 'okta_email');
  const id = emailId(user);
  return [
    {
      id,
      status: verified ? 'VERIFIED' : 'UNVERIFIED',
      profile: { email: user.profile.email },
      roles: ['PRIMARY'],
      _links: { self: link(base(ctx, id), 'GET') },
    },
  ];
}

function pendingJson(ctx: OrgContext, id: string, data: PendingEmail) {
  const self = base(ctx, id);
  const challenge = data.challenge ? `${self}/challenge/${data.challenge.id}` : undefined;
  return {
    id,
    status: 'UNVERIFIED',
    profile: { email: data.email },
    roles: ['PRIMARY'],
    _links: {
      self: link(self, 'GET', 'DELETE'),
      challenge: link(`${self}/challenge`, 'POST'),
      ...(challenge ? { poll: link(challenge, 'GET'), verify: link(`${challenge}/verify`, 'POST') } : {}),
    },
  };
}

function challengeJson(ctx: OrgContext, id: string, data: PendingEmail, expiresAt: number) {
  const challenge = data.challenge!;
  const self = `${base(ctx, id)}/challenge/${challenge.id}`;
  return {
    id: challenge.id,
    status: challenge.verified ? 'VERIFIED' : 'UNVERIFIED',
    expiresAt: new Date(expiresAt).toISOString(),
    profile: { email: data.email },
    _links: { poll: link(self, 'GET'), verify: link(`${self}/verify`, 'POST') },
  };
}

async function pendingEmail(ctx: OrgContext, user: UserRecord, id: string) {
  const tx = await ctx.store.transactionBy<PendingEmail>({ id });
  if (!tx || tx.data.kind !== 'myaccount-email' || tx.data.userId !== user.id || tx.expiresAt <= ctx.clock.now()) return undefined;
  // Verified: it is the primary email now, not a pending one.
  return tx.data.challenge?.verified ? undefined : tx;
}

async function requirePending(ctx: OrgContext, caller: Caller, id: string) {
  const tx = await pendingEmail(ctx, caller.user, id);
  if (!tx) throw API_ERRORS.notFound(id, 'Email');
  return tx;
}

/** A new challenge: a code to the new address (the outbox), refused past the sends allowed. */
async function newChallenge(ctx: OrgContext, email: string, previous?: CodeState): Promise<NonNullable<PendingEmail['challenge']>> {
  if (previous && previous.sends >= ctx.config.codes.maxSends) {
    throw new ApiError(429, 'E0000047', 'API call exceeded rate limit due to too many requests.', [
      'Too many codes were sent to this address.',
    ]);
  }
  const now = ctx.clock.now();
  const { code, state } = issueCode(now, previous);
  await ctx.store.recordOutbox({
    id: ctx.ids.oktaId('msg'),
    to: email,
    kind: 'email',
    code,
    link: null,
    purpose: 'verification',
    createdAt: now,
  });
  return { id: ctx.ids.secret().slice(0, 20), code: state, verified: false };
}

const param = (c: Context<MyAccountEnv>, name: string) => (c.req.param(name) ?? '').slice(0, 64);
const conflict = () => new ApiError(409, 'E0000001', 'Api validation failed: the email changed meanwhile', ['Try again.']);
const wrongCode = () =>
  new ApiError(400, 'E0000001', 'Api validation failed: verificationCode', ['verificationCode: The code is not valid, or has expired.']);

export function contactRoutes(ctx: OrgContext, app: Hono<MyAccountEnv>): void {
  app.get('/emails', async (c) => myAccountJson(c, await emails(ctx, withScope(c, 'okta.myAccount.email.read').user)));

  app.get('/emails/:id', async (c) => {
    const { user } = withScope(c, 'okta.myAccount.email.read');
    const id = param(c, 'id');
    const found = (await emails(ctx, user)).find((e) => e.id === id);
    if (found) return myAccountJson(c, found);
    const pending = await pendingEmail(ctx, user, id);
    if (!pending) throw API_ERRORS.notFound(id, 'Email');
    return myAccountJson(c, pendingJson(ctx, id, pending.data));
  });

  app.post('/emails', async (c) => {
    const caller = withScope(c, MANAGE);
    requireRecentSignIn(ctx, caller);
    const body = parseOr(addEmailBody, await readJsonObject(c), 'api');
    if (body.role === 'SECONDARY') {
      throw API_ERRORS.validation(['role: This org has no secondary emails (the profile has no secondEmail): only PRIMARY is supported.']);
    }
    const email = body.profile.email.toLowerCase();
    if (email === caller.user.profile.email.toLowerCase())
      throw API_ERRORS.validation(['profile.email: This is your primary email already.']);
    const id = createHash('sha256').update(`${caller.user.id}\n${email}\n${ctx.ids.secret()}`).digest('hex').slice(0, 32);
    const data: PendingEmail = { kind: 'myaccount-email', userId: caller.user.id, email: body.profile.email };
    if (body.sendEmail !== false) data.challenge = await newChallenge(ctx, data.email);
    await ctx.store.createTransaction({
      id,
      interactionHandle: `myaccount-${ctx.ids.secret()}`,
      stateHandle: `myaccount-${ctx.ids.secret()}`,
      data,
      expiresAt: ctx.clock.now() + PENDING_SECONDS * 1000,
    });
    return myAccountJson(c, pendingJson(ctx, id, data), 201);
  });

  app.delete('/emails/:id', async (c) => {
    const caller = withScope(c, MANAGE);
    requireRecentSignIn(ctx, caller);
    const id = param(c, 'id');
    if ((await emails(ctx, caller.user)).some((e) => e.id === id)) {
      throw new ApiError(403, 'E0000006', 'You do not have permission to perform the requested action', [
        "The primary email can't be deleted.",
      ]);
    }
    const tx = await requirePending(ctx, caller, id);
    await ctx.store.advanceTransaction(tx.id, tx.version, tx.data, ctx.clock.now());
    return c.body(null, 204);
  });

  app.post('/emails/:id/challenge', async (c) => {
    const caller = withScope(c, MANAGE);
    requireRecentSignIn(ctx, caller);
    parseOr(emailChallengeBody, await readJsonObject(c, { emptyIsObject: true }), 'api');
    const tx = await requirePending(ctx, caller, param(c, 'id'));
    const data: PendingEmail = { ...tx.data, challenge: await newChallenge(ctx, tx.data.email, tx.data.challenge?.code) };
    if (!(await ctx.store.advanceTransaction(tx.id, tx.version, data, tx.expiresAt))) throw conflict();
    return myAccountJson(c, challengeJson(ctx, tx.id, data, tx.expiresAt), 201);
  });

  app.get('/emails/:id/challenge/:challengeId', async (c) => {
    const caller = withScope(c, 'okta.myAccount.email.read');
    const id = param(c, 'id');
    const tx = await ctx.store.transactionBy<PendingEmail>({ id });
    const data = tx?.data;
    // A verified challenge stays readable until the transaction lapses (the poll tells VERIFIED).
    if (!tx || data?.kind !== 'myaccount-email' || data.userId !== caller.user.id || data.challenge?.id !== param(c, 'challengeId')) {
      throw API_ERRORS.notFound(param(c, 'challengeId'), 'EmailChallenge');
    }
    return myAccountJson(c, challengeJson(ctx, id, data, tx.expiresAt));
  });

  app.post('/emails/:id/challenge/:challengeId/verify', async (c) => {
    const caller = withScope(c, MANAGE);
    requireRecentSignIn(ctx, caller);
    const { verificationCode } = parseOr(verificationBody, await readJsonObject(c), 'api');
    const tx = await requirePending(ctx, caller, param(c, 'id'));
    const challenge = tx.data.challenge;
    if (!challenge || challenge.id !== param(c, 'challengeId')) throw API_ERRORS.notFound(param(c, 'challengeId'), 'EmailChallenge');
    if (challenge.verified) throw wrongCode();
    const verdict = checkCode(
      challenge.code,
      verificationCode,
      ctx.clock.now(),
      ctx.config.codes.lifetimeSeconds,
      ctx.config.codes.maxFailures,
    );
    if (verdict !== 'ok') {
      const counted: PendingEmail = {
        ...tx.data,
        challenge: { ...challenge, code: { ...challenge.code, failures: challenge.code.failures + 1 } },
      };
      if (!(await ctx.store.advanceTransaction(tx.id, tx.version, counted, tx.expiresAt))) throw conflict();
      throw wrongCode();
    }
    // Spent once (compare-and-set), then the profile's email changes.
    const done: PendingEmail = { ...tx.data, challenge: { ...challenge, verified: true } };
    if (!(await ctx.store.advanceTransaction(tx.id, tx.version, done, tx.expiresAt))) throw conflict();
    const updated = await updateUser(ctx, caller.user, { profile: { ...caller.user.profile, email: tx.data.email } });
    logSelfChange(ctx, 'user.account.update_profile', updated);
    return c.body(null, 204);
  });
}
