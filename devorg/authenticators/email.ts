/**
 * `okta_email`: a six-digit code sent to the user's address (recorded in devorg's outbox). The code
 * itself lives only in the outbox; the transaction keeps a salted hash, when it was sent and how
 * many sends and wrong answers there were, and `checkCode` judges an answer from that state alone.
 */
import { hashOtp, newOtpCode, verifyOtp } from './lib/otp-code';
import type { Authenticator, VerifyResult } from './types';

export const EMAIL_AUTHENTICATOR_ID = 'autdevorgemail000001';

/** A code that is out for delivery, as the transaction stores it. */
export interface CodeState {
  hash: string;
  sentAt: number;
  /** Sends so far in this transaction for this authenticator, the first one included. */
  sends: number;
  failures: number;
}

export type CodeCheck = 'ok' | 'invalid' | 'expired';

/** A new code and what the transaction keeps of it. */
export function issueCode(now: number, previous?: CodeState): { code: string; state: CodeState } {
  const code = newOtpCode();
  return { code, state: { hash: hashOtp(code), sentAt: now, sends: (previous?.sends ?? 0) + 1, failures: 0 } };
}

/**
 * Judges a submitted code. A right code that is too old is `expired` (a wrong one stays `invalid`, so
 * guessing learns nothing about the age); after `maxFailures` wrong answers even the right code is
 * refused until a new one is sent, which caps guessing at that many tries per send.
 */
export function checkCode(state: CodeState, code: unknown, now: number, lifetimeSeconds: number, maxFailures: number): CodeCheck {
  const matches = verifyOtp(typeof code === 'string' ? code.trim() : code, state.hash);
  if (!matches || state.failures >= maxFailures) return 'invalid';
  return now - state.sentAt > lifetimeSeconds * 1000 ? 'expired' : 'ok';
}

export const emailAuthenticator: Authenticator = {
  describe: () => ({
    id: EMAIL_AUTHENTICATOR_ID,
    key: 'okta_email',
    type: 'email',
    displayName: 'Email',
    methods: [{ type: 'email' }],
    amr: 'email',
  }),
  challengeFields: () => [{ name: 'passcode', label: 'Enter code' }],
  sendsCode: { kind: 'email' },
  // Email codes are checked against the transaction's code state (`checkCode`), not a stored credential.
  verify(): Promise<VerifyResult> {
    return Promise.resolve({ ok: false, reason: 'invalid' });
  },
};
