/**
 * What every second factor's challenge shares: the answer is checked against the user's stored
 * enrollment, and wrong answers are counted on the enrollment (so the count survives new
 * transactions) — `codes.maxFailures` of them suspend the factor until an admin resets it. Each
 * attempt is claimed in the store before the answer is checked, so racing guesses can't get past it.
 */
import type { EnrollmentRecord } from '../../store';
import type { AuthenticatorKey, ChallengeInput, VerifyResult } from '../types';

/** One authenticator's own check of an answer against its enrollment. */
export type AnswerCheck = (
  enrollment: EnrollmentRecord,
  input: ChallengeInput,
) => Promise<{
  ok: boolean;
  expired?: boolean;
  /** TOTP: a right code whose time step was already spent (Okta's "Each code can only be used once"). */
  used?: boolean;
  /** TOTP: the time step used, spent by a success. */
  usedStep?: number;
}>;

export async function verifyAgainstEnrollment(key: AuthenticatorKey, input: ChallengeInput, check: AnswerCheck): Promise<VerifyResult> {
  const { ctx, user, now } = input;
  const enrollment = user ? (await ctx.store.enrollments(user.id)).find((e) => e.authenticator === key) : undefined;
  if (!enrollment) return { ok: false, reason: 'invalid' };
  const limit = ctx.config.codes.maxFailures;
  const claimed = await ctx.store.claimEnrollmentAttempt(enrollment.id, limit);
  if (claimed === undefined) return { ok: false, reason: 'locked' };
  const result = await check(enrollment, input);
  // The compare-and-set on the last used step makes a TOTP code single-use even under concurrent submits.
  if (result.ok && (await ctx.store.recordEnrollmentSuccess(enrollment.id, now, result.usedStep))) return { ok: true };
  // A wrong answer keeps its claim: it is one of the failures.
  if (claimed >= limit) return { ok: false, reason: 'locked' };
  // Right, but its time step went to a concurrent submit of the same code: spent, as a replay is.
  const spent = result.used === true || (result.ok && result.usedStep !== undefined);
  return { ok: false, reason: spent ? 'used' : result.expired ? 'expired' : 'invalid' };
}
