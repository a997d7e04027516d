/**
 * One-time codes sent by email or SMS. The code itself lives only in the outbox; the transaction
 * keeps a salted hash, when it was sent and how many sends and wrong answers there were, and
 * `checkCode` judges an answer from that state alone.
 */
import { hashOtp, newOtpCode, verifyOtp, type OtpFormat } from './otp-code';

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
export function issueCode(now: number, previous?: CodeState, format: OtpFormat = 'numeric'): { code: string; state: CodeState } {
  const code = newOtpCode(format);
  return { code, state: { hash: hashOtp(code), sentAt: now, sends: (previous?.sends ?? 0) + 1, failures: 0 } };
}

/**
 * Judges a submitted code. A right code that is too old is `expired` (a wrong one stays `invalid`, so
 * guessing learns nothing about the age); after `maxFailures` wrong answers even the right code is
 * refused until a new one is sent, which caps guessing at that many tries per send.
 */
export function checkCode(state: CodeState, code: unknown, now: number, lifetimeSeconds: number, maxFailures: number): CodeCheck {
  // Letters are the same code in either case (a user copying "k7q2zd" from a mail means it).
  const matches = verifyOtp(typeof code === 'string' ? code.trim().toUpperCase() : code, state.hash);
  if (!matches || state.failures >= maxFailures) return 'invalid';
  return now - state.sentAt > lifetimeSeconds * 1000 ? 'expired' : 'ok';
}
