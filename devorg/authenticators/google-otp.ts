/**
 * `google_otp` (Google Authenticator): RFC 6238 TOTP, 30 s, 6 digits, ±1 step, no replay. Enrollment
 * shows the secret as a QR code (`contextualData.qrcode`, a PNG data URL) and as text
 * (`sharedSecret`); the secret is saved with the enrollment once a first code proves the app has it.
 */
import { qrDataUrl } from './lib/qr';
import { otpauthUri, verifyTotp, type TotpResult } from './lib/totp';
import type { Authenticator, VerifyResult } from './types';

export const GOOGLE_OTP_AUTHENTICATOR_ID = 'autdevorggoogleotp01';

/** The QR code image for an enrollment: what an authenticator app scans. */
export function enrollmentQr(secret: string, issuer: string, account: string): Promise<string> {
  // The label is `issuer:account`; apps split on ':' so neither part may contain one.
  const clean = (s: string) => s.replace(/:/g, ' ').trim() || 'devorg';
  return qrDataUrl(otpauthUri({ secret, issuer: clean(issuer), account: clean(account) }));
}

/** Checks a code against a secret; the caller stores `step` of a success as the enrollment's last used step. */
export function checkTotp(secret: string, code: unknown, nowMs: number, lastUsedStep: number | null): TotpResult {
  return verifyTotp({ secret, code: typeof code === 'string' ? code.trim() : code, nowMs, lastUsedStep, window: 1 });
}

export const googleOtpAuthenticator: Authenticator = {
  describe: () => ({
    id: GOOGLE_OTP_AUTHENTICATOR_ID,
    key: 'google_otp',
    type: 'app',
    displayName: 'Google Authenticator',
    methods: [{ type: 'otp' }],
    amr: 'otp',
  }),
  challengeFields: () => [{ name: 'passcode', label: 'Enter code' }],
  // Codes are checked against the enrollment's secret and last used step (`checkTotp`).
  verify(): Promise<VerifyResult> {
    return Promise.resolve({ ok: false, reason: 'invalid' });
  },
};
