/**
 * `okta_email`: a six-digit code sent to the user's address (recorded in devorg's outbox), judged
 * against the transaction's code state. The profile email counts for recovery before it is set up,
 * and a recovery proven through it sets it up.
 */
import type { TxData } from '../../idx/machine/types';
import type { Authenticator } from '../types';
import { MESSAGES } from '../../idx/messages';
import { CODE_FIELDS, enrollCode, verifyCode, wrongCode } from '../lib/code-delivery';

export const EMAIL_AUTHENTICATOR_ID = 'autdevorgemail000001';

/** Where the code went, as Okta shows it: `i***1@okta.com` (first and last letter of the local part). */
export function maskEmail(address: string): string {
  const at = address.lastIndexOf('@');
  if (at < 1) return address ? `${address[0]}***` : '';
  const local = address.slice(0, at);
  return `${local[0]}***${local.length > 1 ? local[local.length - 1] : ''}${address.slice(at)}`;
}

const address = (tx: TxData) => tx.registration?.profile.email ?? tx.email ?? tx.identifier ?? '';

export const emailAuthenticator: Authenticator = {
  wire: {
    key: 'okta_email',
    id: EMAIL_AUTHENTICATOR_ID,
    type: 'email',
    displayName: 'Email',
    methods: [{ type: 'email' }],
    amr: 'email',
    factor: { factorType: 'email', provider: 'OKTA', vendorName: 'OKTA' },
    enrollmentPrefix: 'eml',
  },
  // Email can be confirmed out of band (magic link), so the widget polls; the code goes to the
  // registrant's, the user's, or (for an unknown user) the typed address.
  delivery: { kind: 'email', poll: true, address },
  enrollWith: 'code',
  reachable: (user) => Boolean(user.email),
  enrollmentFromProfile: (tx) => ({ key: 'okta_email', profile: { email: tx.email ?? '' } }),
  // "Send me an email" before the enrollment's code goes out (the policy's `sendEmailOnRequest`): one method, to the user's address.
  enrollmentData: (authenticator) =>
    authenticator?.methodType === undefined || authenticator.methodType === 'email'
      ? { ok: true, method: 'email' }
      : { ok: false, messages: [MESSAGES.methodUnsupported()] },
  verify: (input) => verifyCode('okta_email', input),
  enroll: (input) => enrollCode('okta_email', input, { email: input.tx.registration?.profile.email ?? input.tx.email ?? '' }),
  wrongAnswer: (reason) => wrongCode(reason),
  idx: {
    challengeFields: () => CODE_FIELDS,
    // Where the mail went, and whether it carries a magic link: without `useEmailMagicLink` the widget
    // assumes one and hides the code field behind "Enter a verification code instead".
    challengeExtras: (tx, media) => ({
      profile: { email: maskEmail(address(tx)) },
      contextualData: { useEmailMagicLink: media?.useEmailMagicLink === true },
    }),
    // Its entry in `authenticatorEnrollments`: where its codes go, masked as on the challenge.
    enrollmentEntry: (tx) => {
      const to = address(tx);
      return to ? { profile: { email: maskEmail(to) } } : {};
    },
    media: (ctx) => Promise.resolve({ useEmailMagicLink: ctx.config.codes.emailMagicLinks }),
    enrollCredentials: () => ({ name: 'credentials', type: 'object', required: true, form: { value: CODE_FIELDS } }),
    enrollmentDataFields: () => [
      { name: 'id', required: true, value: EMAIL_AUTHENTICATOR_ID, mutable: false },
      { name: 'methodType', type: 'string', required: false, options: [{ label: 'Email', value: 'email' }] },
    ],
  },
};
