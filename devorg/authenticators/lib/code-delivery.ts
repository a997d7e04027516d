/**
 * The parts email and SMS share: a code goes out with the challenge or enrollment, the answer is
 * judged against the transaction's code state — and, at a sign-in challenge, counted on the
 * enrollment as well. A recovery's code is judged from the transaction alone: the address may not be
 * set up as an authenticator yet.
 */
import { MESSAGES } from '../../idx/messages';
import type { ChallengeInput, EnrollInput, EnrollResult, IdxField, VerifyResult, WrongAnswer } from '../types';
import { checkCode } from './code-state';
import { verifyAgainstEnrollment } from './enrollment-check';
import type { AuthenticatorKey, WrongReason } from '../types';

export const CODE_FIELDS: IdxField[] = [{ name: 'passcode', label: 'Enter code' }];

export async function verifyCode(key: AuthenticatorKey, input: ChallengeInput): Promise<VerifyResult> {
  const { ctx, step, credentials, now } = input;
  const code = step.code;
  if (!code) return { ok: false, reason: 'invalid' };
  const { lifetimeSeconds, maxFailures } = ctx.config.codes;
  const judge = () => checkCode(code, credentials.passcode, now, lifetimeSeconds, maxFailures);
  // A recovery or an unlock may be proven by the profile's email before it is set up as an authenticator.
  if (input.tx.recovery || input.tx.unlock) {
    const check = judge();
    return check === 'ok' ? { ok: true } : { ok: false, reason: check };
  }
  return verifyAgainstEnrollment(key, input, () => {
    const check = judge();
    return Promise.resolve({ ok: check === 'ok', expired: check === 'expired' });
  });
}

/** An enrollment's code: right, it sets the authenticator up with `profile`. */
export function enrollCode(key: AuthenticatorKey, input: EnrollInput, profile: Record<string, unknown>): Promise<EnrollResult> {
  const { ctx, step, credentials, now } = input;
  if (!step.code) return Promise.resolve({ ok: false, reason: 'invalid' });
  const check = checkCode(step.code, credentials.passcode, now, ctx.config.codes.lifetimeSeconds, ctx.config.codes.maxFailures);
  return Promise.resolve(check === 'ok' ? { ok: true, enrollment: { key, profile } } : { ok: false, reason: check });
}

/** A wrong or stale code, under the passcode field. */
export function wrongCode(reason: WrongReason): WrongAnswer {
  return { fieldMessages: { 'credentials.passcode': [reason === 'expired' ? MESSAGES.passcodeExpired() : MESSAGES.passcodeInvalid()] } };
}
