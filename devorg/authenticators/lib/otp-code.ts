/**
 * One-time codes sent by email or SMS, and the failure counting that suspends an authenticator
 * after too many wrong answers.
 */
import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';

export const OTP_CODE_LENGTH = 6;
/** Six digits, or (the org's `codes.format: "alphanumeric"`) six of upper-case letters and digits. */
const CODE_PATTERN = /^[0-9A-Z]{6}$/;
const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** How codes look: Okta's `format` of the passcode field (`alphanumeric`), else digits. */
export type OtpFormat = 'numeric' | 'alphanumeric';

/**
 * Six uniformly random digits from the CSPRNG; a string, so leading zeros survive ("004217"). Alphanumeric:
 * six characters drawn uniformly from A–Z and 0–9 ("K7Q2ZD"), as the widget's alphanumeric passcode expects.
 */
export function newOtpCode(format: OtpFormat = 'numeric'): string {
  if (format === 'alphanumeric')
    return Array.from({ length: OTP_CODE_LENGTH }, () => ALPHANUMERIC[randomInt(ALPHANUMERIC.length)]).join('');
  return randomInt(0, 10 ** OTP_CODE_LENGTH)
    .toString()
    .padStart(OTP_CODE_LENGTH, '0');
}

function digest(salt: Buffer, code: string): Buffer {
  return createHash('sha256').update(salt).update(code, 'utf8').digest();
}

/**
 * A salted SHA-256 of the code (`sha256$salt$hash`), so the code itself is never at rest in the
 * store or its dumps. With only 10^6 codes no hash resists offline guessing; what protects a
 * code is its short lifetime and the attempts limit below, not the hash, so a fast one is fine.
 */
export function hashOtp(code: string): string {
  const salt = randomBytes(16);
  return ['sha256', salt.toString('base64url'), digest(salt, code).toString('base64url')].join('$');
}

/** Checks a submitted code against `hashOtp`'s output in constant time; false for anything malformed. */
export function verifyOtp(code: unknown, stored: string): boolean {
  const [alg, salt, hash, ...rest] = stored.split('$');
  if (alg !== 'sha256' || !salt || !hash || rest.length > 0) return false;
  const expected = Buffer.from(hash, 'base64url');
  // Computed even for a malformed code, so a bad format and a wrong code take the same time.
  const actual = digest(Buffer.from(salt, 'base64url'), typeof code === 'string' ? code : '');
  const matches = expected.length === actual.length && timingSafeEqual(actual, expected);
  return matches && typeof code === 'string' && CODE_PATTERN.test(code);
}

// ---- attempts policy ----------------------------------------------------------------------

export interface AttemptsState {
  /** Consecutive wrong answers since the last success or reset. */
  failures: number;
}

export interface AttemptsOutcome extends AttemptsState {
  /** True once `failures` reaches the limit: the authenticator is suspended and must be refused. */
  locked: boolean;
}

function checkLimit(limit: number): void {
  if (!Number.isSafeInteger(limit) || limit < 1) throw new RangeError('attempts limit must be a positive integer');
}

function checkFailures(failures: number): void {
  if (!Number.isSafeInteger(failures) || failures < 0) throw new RangeError('failures must be a non-negative integer');
}

/**
 * Counts one wrong answer. Returns a new state (the input is not changed) that the caller stores;
 * with `limit` N, the N-th consecutive failure locks ("This factor is suspended for your account
 * due to too many failed attempts"), and further failures keep counting.
 */
export function recordFailure(state: AttemptsState, limit: number): AttemptsOutcome {
  checkLimit(limit);
  checkFailures(state.failures);
  const failures = state.failures + 1;
  return { failures, locked: failures >= limit };
}

/** Whether a stored count means the authenticator is suspended (check before verifying an answer). */
export function isLocked(state: AttemptsState, limit: number): boolean {
  checkLimit(limit);
  checkFailures(state.failures);
  return state.failures >= limit;
}

/** The state after a right answer or an admin unlock: only consecutive failures count towards the limit. */
export function resetFailures(): AttemptsOutcome {
  return { failures: 0, locked: false };
}

/** The attempts helpers as one object, for callers that pass the policy around. */
export const attemptsPolicy = Object.freeze({ recordFailure, isLocked, reset: resetFailures });
