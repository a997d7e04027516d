/**
 * Google Authenticator (`google_otp`): RFC 6238 TOTP with the parameters every authenticator app
 * assumes when the otpauth URI is silent or ignored (SHA1, 6 digits, 30 s), so any app works.
 *
 * Pure: the caller passes the time and stores the returned step; nothing here reads a clock.
 */
import { timingSafeEqual } from 'node:crypto';
import { HOTP, Secret, TOTP } from 'otpauth';

export const TOTP_PERIOD_SECONDS = 30;
export const TOTP_DIGITS = 6;
export const TOTP_ALGORITHM = 'SHA1';

const CODE_PATTERN = /^[0-9]{6}$/;

/** A fresh 160-bit secret, base32 (RFC 4648, no padding): the length RFC 4226 recommends for SHA1. */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

/**
 * The `otpauth://totp/…` URI the QR code carries (Google's Key Uri Format). Issuer and account
 * must be non-empty and free of ':' because the label is `issuer:account` and apps split on it.
 */
export function otpauthUri({ secret, issuer, account }: { secret: string; issuer: string; account: string }): string {
  for (const [name, value] of [
    ['issuer', issuer],
    ['account', account],
  ] as const) {
    if (value.length === 0 || value.includes(':')) throw new RangeError(`otpauthUri: ${name} must be non-empty and contain no ':'`);
  }
  return new TOTP({
    issuer,
    label: account,
    secret: Secret.fromBase32(secret),
    algorithm: TOTP_ALGORITHM,
    digits: TOTP_DIGITS,
    period: TOTP_PERIOD_SECONDS,
  }).toString();
}

/** The RFC 6238 time step (counter) at `nowMs`. */
export function totpStep(nowMs: number): number {
  return Math.floor(nowMs / 1000 / TOTP_PERIOD_SECONDS);
}

function codeForStep(key: Secret, step: number): string {
  return HOTP.generate({ secret: key, counter: step, algorithm: TOTP_ALGORITHM, digits: TOTP_DIGITS });
}

/** The code an authenticator app shows at `nowMs` (for tests and the dev tools). */
export function totpAt(secret: string, nowMs: number): string {
  return codeForStep(Secret.fromBase32(secret), totpStep(nowMs));
}

export type TotpResult = { ok: true; step: number } | { ok: false; reason: 'invalid' | 'replayed' | 'malformed' };

export interface VerifyTotpInput {
  /** Base32 secret as returned by `newTotpSecret` (case-insensitive). */
  secret: string;
  /** What the user typed; anything but a string of exactly six ASCII digits is 'malformed'. */
  code: unknown;
  nowMs: number;
  /** The step of the last accepted code for this enrollment; codes at or before it are replays. */
  lastUsedStep?: number | null;
  /** Steps accepted either side of the current one, to absorb clock drift and typing time. */
  window?: number;
}

/**
 * Checks a TOTP code. On success the caller must store `step` as the new `lastUsedStep`: RFC 6238
 * §5.2 requires that a code is accepted once, and remembering the step also rejects any older code
 * still inside the window (an observed code can't be replayed after a newer one was used).
 */
export function verifyTotp({ secret, code, nowMs, lastUsedStep = null, window = 1 }: VerifyTotpInput): TotpResult {
  if (!Number.isInteger(window) || window < 0) throw new RangeError('verifyTotp: window must be a non-negative integer');
  if (!Number.isFinite(nowMs)) throw new RangeError('verifyTotp: nowMs must be a finite number');
  if (lastUsedStep !== null && !Number.isInteger(lastUsedStep)) throw new RangeError('verifyTotp: lastUsedStep must be an integer');
  if (typeof code !== 'string' || !CODE_PATTERN.test(code)) return { ok: false, reason: 'malformed' };

  const key = Secret.fromBase32(secret);
  const given = Buffer.from(code, 'ascii');
  const current = totpStep(nowMs);
  let fresh: number | null = null;
  let replayed = false;
  // Every step in the window is checked without an early exit, so timing says nothing about which
  // one matched. If a code happens to match two steps, the newest wins: storing the later step
  // blocks more replays.
  for (let step = current - window; step <= current + window; step++) {
    if (step < 0) continue;
    if (!timingSafeEqual(Buffer.from(codeForStep(key, step), 'ascii'), given)) continue;
    if (lastUsedStep !== null && step <= lastUsedStep) replayed = true;
    else fresh = step;
  }
  if (fresh !== null) return { ok: true, step: fresh };
  return { ok: false, reason: replayed ? 'replayed' : 'invalid' };
}
