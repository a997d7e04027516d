/**
 * `phone_number` (SMS and voice): the number and the method are collected first
 * (`authenticator-enrollment-data`, the number validated and stored as E.164), then a six-digit code is
 * "texted" to it, or "read out" by a call (devorg's outbox, kind `sms` or `voice`), and judged exactly
 * as email codes are. Each challenge may pick either method (`methodType`).
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

/** The method of the step's code: the one chosen, else SMS. */
const methodOf = (tx: TxData): string => ((tx.step.name === 'challenge' || tx.step.name === 'enroll') && tx.step.method) || 'sms';

export const phoneAuthenticator: Authenticator = {
  wire: {
    key: 'phone_number',
    id: PHONE_AUTHENTICATOR_ID,
    type: 'phone',
    displayName: 'Phone',
    methods: [{ type: 'sms' }, { type: 'voice' }],
    methodLabels: { sms: 'SMS', voice: 'Voice call' },
    amr: 'sms',
    factor: { factorType: 'sms', provider: 'OKTA', vendorName: 'OKTA' },
    enrollmentPrefix: 'sms',
  },
  // SMS can't be confirmed out of band: no polling.
  delivery: {
    kind: 'sms',
    kinds: { sms: 'sms', voice: 'voice' },
    poll: false,
    address: (tx) => (tx.step.name === 'enroll' ? tx.step.target : undefined) ?? enrolledNumber(tx) ?? '',
  },
  enrollWith: 'data',
  reachable: (user) => typeof user.profiles?.phone_number?.phoneNumber === 'string',
  enrollmentData: (authenticator) => {
    const method = authenticator?.methodType ?? 'sms';
    if (method !== 'sms' && method !== 'voice') return { ok: false, messages: [MESSAGES.methodUnsupported()] };
    const normalized = normalizePhone(authenticator?.phoneNumber);
    return normalized.ok ? { ok: true, target: normalized.e164, method } : { ok: false, messages: [MESSAGES.invalidPhone()] };
  },
  verify: (input) => verifyCode('phone_number', input),
  enroll: (input) => enrollCode('phone_number', input, { phoneNumber: input.step.target ?? '' }),
  wrongAnswer: (reason) => wrongCode(reason),
  idx: {
    challengeFields: () => CODE_FIELDS,
    enrollCredentials: () => ({ name: 'credentials', type: 'object', required: true, form: { value: CODE_FIELDS } }),
    // The code went by the method chosen (`methods` names it alone, as Okta's challenge does), to the masked number.
    challengeExtras: (tx) => {
      const number = enrolledNumber(tx);
      return { ...(number ? { profile: { phoneNumber: maskPhone(number) } } : {}), methods: [{ type: methodOf(tx) }] };
    },
    enrollExtras: ({ tx }) => ({ methods: [{ type: methodOf(tx) }] }),
    // Its entry in `authenticatorEnrollments`: the masked number the widget shows ("+1 XXX-XXX-0100").
    enrollmentEntry: (tx) => {
      const number = enrolledNumber(tx);
      return number ? { profile: { phoneNumber: maskPhone(number) } } : {};
    },
    enrollmentDataFields: () => [
      { name: 'id', required: true, value: PHONE_AUTHENTICATOR_ID, mutable: false, visible: false },
      {
        name: 'methodType',
        type: 'string',
        required: true,
        options: [
          { label: 'SMS', value: 'sms' },
          { label: 'Voice call', value: 'voice' },
        ],
      },
      { name: 'phoneNumber', type: 'string', required: true, label: 'Phone number' },
    ],
  },
};
