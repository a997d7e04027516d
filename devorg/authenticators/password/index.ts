/**
 * `okta_password`: the password the sign-on policy always asks for, checked against the scrypt hash;
 * chosen at registration under the org's password policy; reset by recovery (the flow's, not here).
 *
 * The challenge also carries the account lockout (`passwordPolicy.lockoutAttempts`): for an account
 * that can sign in, an attempt is claimed in the store before the password is checked (at most that
 * many wrong ones are ever evaluated, however many race) and the account locks at the limit. A
 * locked-out account is refused even with the right password; with `showLockoutFailures` off (Okta's
 * default) the refusal is the very answer an unknown username gets — the same scrypt work on the decoy
 * hash and "Password is incorrect" — so a lockout doesn't tell anyone the account exists.
 */
import { hashPassword, verifyPassword } from '../../crypto/password';
import { MESSAGES } from '../../idx/messages';
import type { UserRecord } from '../../store';
import type { Authenticator, ChallengeInput, IdxField, VerifyResult } from '../types';
import { checkNewPassword, complexitySettings } from './policy';

export { checkNewPassword, complexitySettings, passwordProblems, passwordRequirementsMessage, requirementsList } from './policy';

export const PASSWORD_AUTHENTICATOR_ID = 'autdevorgpassword001';

const FIELDS: IdxField[] = [{ name: 'passcode', label: 'Password', secret: true }];

/** The scrypt check alone. Always runs scrypt, even for a missing user or an empty answer, so timing reveals nothing. */
async function matches(input: ChallengeInput, user: UserRecord | undefined): Promise<VerifyResult> {
  const passcode = input.credentials.passcode;
  const hash = user?.passwordHash ?? input.ctx.decoyPasswordHash;
  const ok = await verifyPassword(typeof passcode === 'string' ? passcode : '', hash);
  return ok && user?.passwordHash && typeof passcode === 'string' && passcode.length > 0 ? { ok: true } : { ok: false, reason: 'invalid' };
}

async function verifyWithLockout(input: ChallengeInput): Promise<VerifyResult> {
  const { ctx, tx, user, now } = input;
  const policy = ctx.config.passwordPolicy;
  const refuseLocked = async (): Promise<VerifyResult> => {
    if (policy.showLockoutFailures) return { ok: false, reason: 'account-locked' };
    await matches(input, undefined);
    return { ok: false, reason: 'invalid' };
  };
  if (!user) {
    // Not resolved at identify: unknown, inactive, or already locked out before this sign-in began.
    const named = tx.identifier ? await ctx.store.userByLogin(tx.identifier) : undefined;
    if (named?.status === 'LOCKED_OUT') return refuseLocked();
    return matches(input, undefined);
  }
  const claimed = await ctx.store.claimPasswordAttempt(user.id, policy.lockoutAttempts);
  if (claimed === undefined) {
    // Locked out (or being locked by a racing guess): the lockout answer. Suspended or deactivated since
    // identify: the unknown-user answer, never "locked".
    if (user.status === 'ACTIVE' || user.status === 'PASSWORD_EXPIRED' || user.status === 'LOCKED_OUT') return refuseLocked();
    return matches(input, undefined);
  }
  const result = await matches(input, user);
  if (result.ok) {
    // Locked by a concurrent wrong guess while this one was being checked: refused all the same.
    return (await ctx.store.recordLogin(user.id, now)) ? result : refuseLocked();
  }
  if ((await ctx.store.lockOutAfterFailures(user.id, policy.lockoutAttempts, now)) && policy.showLockoutFailures)
    return { ok: false, reason: 'account-locked' };
  return result;
}

/**
 * The id of a user's password enrollment: stable per user, in the password authenticator's id space (the
 * password lives on the user, not in an enrollment row; MyAccount and IDX name it alike).
 */
export function passwordEnrollmentId(user: Pick<UserRecord, 'id'>): string {
  return passwordAuthenticator.wire.enrollmentPrefix + user.id.slice(3);
}

export const passwordAuthenticator: Authenticator = {
  wire: {
    key: 'okta_password',
    id: PASSWORD_AUTHENTICATOR_ID,
    type: 'password',
    displayName: 'Password',
    methods: [{ type: 'password' }],
    amr: 'pwd',
    enrollmentPrefix: 'pwd',
  },
  isPassword: true,
  enrollWith: 'form',
  verify: verifyWithLockout,
  // Only a registration chooses a password in the flow: the hash goes with the registration.
  async enroll({ ctx, tx, credentials }) {
    const profile = tx.registration?.profile ?? {};
    const problems = checkNewPassword(credentials.passcode, ctx.config.passwordPolicy, profile);
    if (problems.length) return { ok: false, fieldMessages: { 'credentials.passcode': problems } };
    const passwordHash = await hashPassword(credentials.passcode as string, ctx.config.passwordHashCost);
    return { ok: true, enrollment: { key: 'okta_password', profile: {}, secret: { passwordHash } } };
  },
  wrongAnswer: () => ({ messages: [MESSAGES.incorrectPassword()] }),
  idx: {
    challengeFields: () => FIELDS,
    enrollCredentials: () => ({
      name: 'credentials',
      type: 'object',
      required: true,
      form: { value: [{ name: 'passcode', label: 'Enter password', secret: true }] },
    }),
    enrollExtras: ({ passwordPolicy }) => ({ settings: complexitySettings(passwordPolicy) }),
  },
};
