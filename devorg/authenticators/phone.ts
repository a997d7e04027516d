/**
 * `phone_number` (SMS): the number is collected first (`authenticator-enrollment-data`, validated and
 * stored as E.164), then a six-digit code is "texted" to it (devorg's outbox) exactly as email codes
 * are sent, and judged the same way (`checkCode`).
 */
import type { Authenticator, VerifyResult } from './types';

export const PHONE_AUTHENTICATOR_ID = 'autdevorgphone000001';

export const phoneAuthenticator: Authenticator = {
  describe: () => ({
    id: PHONE_AUTHENTICATOR_ID,
    key: 'phone_number',
    type: 'phone',
    displayName: 'Phone',
    methods: [{ type: 'sms' }],
    amr: 'sms',
  }),
  challengeFields: () => [{ name: 'passcode', label: 'Enter code' }],
  sendsCode: { kind: 'sms' },
  // SMS codes are checked against the transaction's code state (`checkCode`), not a stored credential.
  verify(): Promise<VerifyResult> {
    return Promise.resolve({ ok: false, reason: 'invalid' });
  },
};
