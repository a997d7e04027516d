/**
 * `google_otp` (Google Authenticator): RFC 6238 TOTP, 30 s, 6 digits, ±1 step, no replay. Enrollment
 * shows the secret as a QR code (`contextualData.qrcode`, a PNG data URL) and as text
 * (`sharedSecret`); the secret is saved with the enrollment once a first code proves the app has it.
 */
import { MESSAGES } from '../../idx/messages';
import { verifyAgainstEnrollment } from '../lib/enrollment-check';
import { qrDataUrl } from '../lib/qr';
import { otpauthUri, verifyTotp, type TotpResult } from '../lib/totp';
import { registrantLogin } from '../../idx/machine/registrant';
import type { Authenticator, IdxField } from '../types';

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

// Okta marks this one's code field required and visible (its email/SMS code fields carry neither).
const FIELDS: IdxField[] = [{ name: 'passcode', label: 'Enter code', required: true, visible: true }];

export const googleOtpAuthenticator: Authenticator = {
  wire: {
    key: 'google_otp',
    id: GOOGLE_OTP_AUTHENTICATOR_ID,
    type: 'app',
    displayName: 'Google Authenticator',
    methods: [{ type: 'otp' }],
    amr: 'otp',
    factor: { factorType: 'token:software:totp', provider: 'GOOGLE', vendorName: 'GOOGLE' },
    enrollmentPrefix: 'uft',
  },
  enrollWith: 'secret',
  verify: (input) =>
    verifyAgainstEnrollment('google_otp', input, (enrollment) => {
      const secret = enrollment.secret?.secret;
      const result =
        typeof secret === 'string' ? checkTotp(secret, input.credentials.passcode, input.now, enrollment.lastUsedStep) : undefined;
      return Promise.resolve(result?.ok ? { ok: true, usedStep: result.step } : { ok: false, used: result?.reason === 'replayed' });
    }),
  enroll: ({ step, credentials, now }) => {
    if (!step.secret) return Promise.resolve({ ok: false, reason: 'invalid' });
    const result = checkTotp(step.secret, credentials.passcode, now, null);
    if (!result.ok) return Promise.resolve({ ok: false, reason: 'invalid' });
    return Promise.resolve({
      ok: true,
      enrollment: { key: 'google_otp', profile: {}, secret: { secret: step.secret }, lastUsedStep: result.step },
    });
  },
  // Okta words a wrong code at sign-in differently from one at enrollment.
  wrongAnswer: (reason, phase) => ({
    fieldMessages: {
      'credentials.passcode': [
        reason === 'expired'
          ? MESSAGES.passcodeExpired()
          : reason === 'used'
            ? MESSAGES.softTokenUsed()
            : phase === 'challenge'
              ? MESSAGES.softTokenInvalid()
              : MESSAGES.passcodeInvalid(),
      ],
    },
  }),
  idx: {
    challengeFields: () => FIELDS,
    enrollCredentials: () => ({ name: 'credentials', type: 'object', required: true, form: { value: FIELDS } }),
    enrollExtras: ({ tx, media }) => {
      const step = tx.step;
      const secret = step.name === 'enroll' ? step.secret : undefined;
      return secret ? { contextualData: { ...(media?.qrcode ? { qrcode: media.qrcode } : {}), sharedSecret: secret } } : {};
    },
    // Drawn per reply: it is derived from the secret in the step, so nothing new is stored.
    media: async (ctx, tx) => {
      const step = tx.step;
      if (step.name !== 'enroll' || !step.secret) return undefined;
      const account = (tx.registration ? registrantLogin(tx.registration) : undefined) ?? tx.identifier ?? 'user';
      return { qrcode: { method: 'embedded', href: await enrollmentQr(step.secret, ctx.config.orgName, account), type: 'image/png' } };
    },
  },
};
