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
 * An unverified address waits in a pending transaction (pending.ts), as an unverified phone does.
 */
import { createHash } from 'node:crypto';
import type { Hono } from 'hono';
import type { CodeState } from '../authenticators/lib/code-state';
import type { OrgContext } from '../context';
import { API_ERRORS, ApiError } from '../errors';
import { readJsonObject } from '../http';
import type { UserRecord } from '../store';
import { updateUser } from '../users';
import { parseOr } from '../validation';
import { logSelfChange } from './audit';
import { requireRecentSignIn, withScope, type Caller, type MyAccountEnv } from './auth';
import { link, myAccountJson } from './json';
import { advancePending, checkPendingCode, createPending, findPending, param, sendPendingCode, wrongCode, type Pending } from './pending';
import { addEmailBody, emailChallengeBody, verificationBody } from './schemas';

const MANAGE = 'okta.myAccount.email.manage';

/** A new primary address waiting for its code, as the transaction keeps it. */
interface PendingEmail extends Pending {
  kind: 'myaccount-email';
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
  const tx = await findPending<PendingEmail>(ctx, 'myaccount-email', user, id);
  // Verified: it is the primary email now, not a pending one.
  return tx?.data.challenge?.verified ? undefined : tx;
}

async function requirePending(ctx: OrgContext, caller: Caller, id: string) {
  const tx = await pendingEmail(ctx, caller.user, id);
  if (!tx) throw API_ERRORS.notFound(id, 'Email');
  return tx;
}

/** A new challenge: a code to the new address (refused past the sends allowed). */
async function newChallenge(ctx: OrgContext, email: string, previous?: CodeState): Promise<NonNullable<PendingEmail['challenge']>> {
  const code = await sendPendingCode(ctx, email, 'email', 'verification', previous);
  return { id: ctx.ids.secret().slice(0, 20), code, verified: false };
}

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
    await createPending(ctx, id, data);
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
    await advancePending(ctx, tx, tx.data, ctx.clock.now());
    return c.body(null, 204);
  });

  app.post('/emails/:id/challenge', async (c) => {
    const caller = withScope(c, MANAGE);
    requireRecentSignIn(ctx, caller);
    parseOr(emailChallengeBody, await readJsonObject(c, { emptyIsObject: true }), 'api');
    const tx = await requirePending(ctx, caller, param(c, 'id'));
    const data: PendingEmail = { ...tx.data, challenge: await newChallenge(ctx, tx.data.email, tx.data.challenge?.code) };
    await advancePending(ctx, tx, data);
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
    await checkPendingCode(ctx, tx, challenge.code, verificationCode, (code) => ({ ...tx.data, challenge: { ...challenge, code } }));
    // Spent once (compare-and-set), then the profile's email changes.
    await advancePending(ctx, tx, { ...tx.data, challenge: { ...challenge, verified: true } });
    const updated = await updateUser(ctx, caller.user, { profile: { ...caller.user.profile, email: tx.data.email } });
    logSelfChange(ctx, 'user.account.update_profile', updated);
    return c.body(null, 204);
  });
}
