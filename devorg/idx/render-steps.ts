/**
 * Steps the flows added beside the core ones (`render.ts`), in Okta's wire shape: "Send me an email"
 * before the code goes out (`authenticator-verification-data`) and the post-sign-in "Stay signed in?"
 * (`keep-me-signed-in`).
 */
import { authenticatorFor, wireOf } from '../authenticators';
import type { AuthenticatorKey, IdxField } from '../authenticators/types';
import { alternativeFactors } from './machine/policy';
import {
  array,
  describeEnrollment,
  describeFor,
  describeListed,
  enrollmentIdOf,
  enrollmentList,
  form,
  object,
  selectForm,
  type Form,
  type RenderInput,
} from './render';

const pick = (from: Record<string, unknown> | undefined, key: string) => (from && key in from ? { [key]: from[key] } : {});

/**
 * `authenticator-verification-data`, before the code goes out: "Receive a code via SMS" / "Receive a
 * voice call instead" under the masked number, or (by policy) "Send me an email". Okta lists the
 * authenticator itself among those to verify with too, alternatives or not.
 */
export function challengeData(input: RenderInput, doc: Record<string, unknown>, key: AuthenticatorKey): Form[] {
  const { tx } = input;
  const a = describeFor(key);
  const enrollmentId = enrollmentIdOf(key, tx);
  doc.currentAuthenticatorEnrollment = object({
    ...describeEnrollment(key, tx),
    // Where the code will go (the masked address or number), as on the challenge itself.
    ...pick(authenticatorFor(key).idx.challengeExtras?.(tx, input.media), 'profile'),
    ...(enrollmentId ? { id: enrollmentId } : {}),
    // Okta's `resend` is there before the first code too (posted, the code goes out the first way).
    ...(authenticatorFor(key).delivery ? { resend: form(input, 'resend', []) } : {}),
  });
  const listed = [key, ...alternativeFactors(tx)];
  doc.authenticatorEnrollments = enrollmentList(listed, tx);
  doc.authenticators = array(listed.map(describeListed));
  const labels = wireOf(key).methodLabels ?? {};
  const data = form(
    input,
    'authenticator-verification-data',
    [
      {
        name: 'authenticator',
        type: 'object',
        required: true,
        label: a.displayName,
        form: {
          value: [
            { name: 'id', required: true, value: a.id, mutable: false },
            {
              name: 'methodType',
              type: 'string',
              required: true,
              options: a.methods.map((m) => ({ label: labels[m.type] ?? a.displayName, value: m.type })),
            },
            ...(enrollmentId ? [{ name: 'enrollmentId', required: true, value: enrollmentId, mutable: false }] : []),
          ],
        },
      },
    ],
    { relatesTo: ['$.currentAuthenticatorEnrollment'] },
  );
  return [data, selectForm(input, 'select-authenticator-authenticate', listed, 'authenticatorEnrollments')];
}

/** `keep-me-signed-in`: one boolean, not pre-set, as Okta sends it (the widget posts it from its two buttons). */
export function keepMeSignedInFields(): IdxField[] {
  return [{ name: 'keepMeSignedIn', type: 'boolean', label: 'Stay signed in', required: true, value: false, mutable: true }];
}

/** How Okta labels an authenticator's methods in a choice of them. */
const METHOD_LABELS: Record<string, string> = { sms: 'SMS', voice: 'Voice call', email: 'Email' };

/**
 * `select-authenticator-unlock-account` ("Unlock account"): the identifier, and the authenticators that
 * may prove the unlock, each pointing at its entry in `authenticators` (a phone offers its methods).
 */
export function unlockIdentify(input: RenderInput, doc: Record<string, unknown>, keys: AuthenticatorKey[]): Form {
  doc.authenticators = array(keys.map(describeListed));
  const options = keys.map((key, i) => {
    const a = describeFor(key);
    const [only, ...more] = a.methods;
    const methodType: IdxField = more.length
      ? {
          name: 'methodType',
          type: 'string',
          required: false,
          options: a.methods.map((m) => ({ label: METHOD_LABELS[m.type] ?? m.type, value: m.type })),
        }
      : { name: 'methodType', required: false, value: only?.type, mutable: false };
    return {
      label: a.displayName,
      value: { form: { value: [{ name: 'id', required: true, value: a.id, mutable: false }, methodType] } },
      relatesTo: `$.authenticators.value[${i}]`,
    };
  });
  return form(input, 'select-authenticator-unlock-account', [
    { name: 'identifier', label: 'Username', required: true },
    { name: 'authenticator', type: 'object', options },
  ]);
}
