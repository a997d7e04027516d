/**
 * `phone_number` (SMS): the number is collected first (`authenticator-enrollment-data`, validated and
 * stored as E.164), then a six-digit code is "texted" to it (devorg's outbox) and judged exactly as
 * email codes are.
 */
import { MESSAGES } from '../../idx/messages';
import { CODE_FIELDS, enrollCode, verifyCode, wrongCode } from '../lib/code-delivery';
import { maskPhone, normalizePhone } from '../lib/phone';
import type { Authenticator } from '../types';
import type { TxData } from '../../idx/machine/types';

export const PHONE_AUTHENTICATOR_ID = 'autdevorgphone000001';

/** The enrolled number (E.164) a sign-in texts its code to. */
const enrolledNumber = (tx: TxData): string | undefined => {
  const n = tx.profiles?.phone_number?.phoneNumber;
  return typeof n === 'string' ? n : undefined;
};

export const phoneAuthenticator: Authenticator = {
  wire: {
    key: 'phone_number',
    id: PHONE_AUTHENTICATOR_ID,
    type: 'phone',
    displayName: 'Phone',
    methods: [{ type: 'sms' }],
    amr: 'sms',
    factor: { factorType: 'sms', provider: 'OKTA', vendorName: 'OKTA' },
    enrollmentPrefix: 'sms',
  },
  // SMS can't be confirmed out of band: no polling.
  delivery: {
    kind: 'sms',
    poll: false,
    address: (tx) => (tx.step.name === 'enroll' ? tx.step.target : undefined) ?? enrolledNumber(tx) ?? '',
  },
  enrollWith: 'data',
  reachable: (user) => typeof user.profiles?.phone_number?.phoneNumber === 'string',
  enrollmentData: (authenticator) => {
    const normalized = normalizePhone(authenticator?.phoneNumber);
    return normalized.ok ? { ok: true, target: normalized.e164 } : { ok: false, messages: [MESSAGES.invalidPhone()] };
  },
  verify: (input) => verifyCode('phone_number', input),
  enroll: (input) => enrollCode('phone_number', input, { phoneNumber: input.step.target ?? '' }),
  wrongAnswer: (reason) => wrongCode(reason),
  idx: {
    challengeFields: () => CODE_FIELDS,
    enrollCredentials: () => ({ name: 'credentials', type: 'object', required: true, form: { value: CODE_FIELDS } }),
    challengeExtras: (tx) => {
      const number = enrolledNumber(tx);
      return number ? { profile: { phoneNumber: maskPhone(number) } } : {};
    },
    enrollmentDataFields: () => [
      { name: 'id', required: true, value: PHONE_AUTHENTICATOR_ID, mutable: false, visible: false },
      { name: 'methodType', type: 'string', required: true, options: [{ label: 'SMS', value: 'sms' }] },
      { name: 'phoneNumber', type: 'string', required: true, label: 'Phone number' },
    ],
  },
};
