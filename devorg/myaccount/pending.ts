/**
 * What MyAccount keeps of an address being verified (a new phone, a new primary email) between its
 * requests: a short-lived server-side transaction in the IDX transactions table, with handles nobody is
 * given (so no IDX route can reach it: only its id, and only its user), the code's salted hash, its sends
 * and wrong answers. Codes follow the org's rules (`codes`: lifetime, sends, tries per code), as in a sign-in.
 */
import type { Context } from 'hono';
import { checkCode, issueCode, type CodeState } from '../authenticators/lib/code-state';
import type { OrgContext } from '../context';
import { ApiError } from '../errors';
import type { OutboxKind, TransactionRow, UserRecord } from '../store';
import type { MyAccountEnv } from './auth';

/** How long an unverified address waits for its code. */
const PENDING_SECONDS = 30 * 60;

export interface Pending {
  kind: 'myaccount-phone' | 'myaccount-email';
  userId: string;
}

export async function createPending<T extends Pending>(ctx: OrgContext, id: string, data: T): Promise<void> {
  await ctx.store.createTransaction({
    id,
    interactionHandle: `myaccount-${ctx.ids.secret()}`,
    stateHandle: `myaccount-${ctx.ids.secret()}`,
    data,
    expiresAt: ctx.clock.now() + PENDING_SECONDS * 1000,
  });
}

/** The user's own pending `kind` with this id, while it lasts. */
export async function findPending<T extends Pending>(
  ctx: OrgContext,
  kind: T['kind'],
  user: UserRecord,
  id: string,
): Promise<TransactionRow<T> | undefined> {
  const tx = await ctx.store.transactionBy<T>({ id });
  if (!tx || tx.data.kind !== kind || tx.data.userId !== user.id || tx.expiresAt <= ctx.clock.now()) return undefined;
  return tx;
}

/** Writes the next state, or 409 when another request changed it first (compare-and-set). */
export async function advancePending<T>(ctx: OrgContext, tx: TransactionRow<T>, data: T, expiresAt = tx.expiresAt): Promise<void> {
  if (!(await ctx.store.advanceTransaction(tx.id, tx.version, data, expiresAt))) {
    throw new ApiError(409, 'E0000001', 'Api validation failed: the request conflicts with another one', ['Try again.']);
  }
}

/** Sends a new code to `to` (the outbox), refused past the sends the org allows; what the transaction keeps of it. */
export async function sendPendingCode(
  ctx: OrgContext,
  to: string,
  kind: OutboxKind,
  purpose: string,
  previous?: CodeState,
): Promise<CodeState> {
  if (previous && previous.sends >= ctx.config.codes.maxSends) {
    throw new ApiError(429, 'E0000047', 'API call exceeded rate limit due to too many requests.', [
      'Too many codes were sent to this address.',
    ]);
  }
  const now = ctx.clock.now();
  const { code, state } = issueCode(now, previous, ctx.config.codes.format ?? 'numeric');
  await ctx.store.recordOutbox({ id: ctx.ids.oktaId('msg'), to, kind, code, link: null, purpose, createdAt: now });
  return state;
}

export const wrongCode = () =>
  new ApiError(400, 'E0000001', 'Api validation failed: verificationCode', ['verificationCode: The code is not valid, or has expired.']);

/**
 * Judges `answer` against `code`; a wrong one is counted (`counted` is the state with one more failure,
 * written before the refusal, so racing guesses can't go uncounted) and refused.
 */
export async function checkPendingCode<T>(
  ctx: OrgContext,
  tx: TransactionRow<T>,
  code: CodeState | undefined,
  answer: string,
  counted: (code: CodeState) => T,
): Promise<void> {
  if (!code) throw wrongCode();
  const verdict = checkCode(code, answer, ctx.clock.now(), ctx.config.codes.lifetimeSeconds, ctx.config.codes.maxFailures);
  if (verdict === 'ok') return;
  await advancePending(ctx, tx, counted({ ...code, failures: code.failures + 1 }));
  throw wrongCode();
}

/** A path parameter, bounded (it is only ever compared). */
export const param = (c: Context<MyAccountEnv>, name: string) => (c.req.param(name) ?? '').slice(0, 64);
