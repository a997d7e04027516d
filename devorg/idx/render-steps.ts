/**
 * Steps the flows added beside the core ones (`render.ts`), in Okta's wire shape: "Send me an email"
 * before the code goes out (`authenticator-verification-data`) and the post-sign-in "Stay signed in?"
 * (`keep-me-signed-in`).
 */
import { authenticatorFor } from '../authenticators';
import type { AuthenticatorKey, IdxField } from '../authenticators/types';
import { alternativeFactors } from './machine/policy';
import { array, describeFor, describeListed, enrollmentList, form, object, selectForm, type Form, type RenderInput } from './render';

/** `keep-me-signed-in`: one boolean, not pre-set, as Okta sends it (the widget posts it from its two buttons). */
export function keepMeSignedInFields(): IdxField[] {
  return [{ name: 'keepMeSignedIn', type: 'boolean', label: 'Stay signed in', required: true, value: false, mutable: true }];
}

/**
 * `authenticator-verification-data`: the authenticator (and where its code would go, `profile.email`)
 * as `currentAuthenticatorEnrollment`, its id and method to post back ("Send me an email"), and the
 * list to verify with something else.
 */
export function challengeData(input: RenderInput, doc: Record<string, unknown>, key: AuthenticatorKey): Form[] {
  const a = describeFor(key);
  doc.currentAuthenticatorEnrollment = object({
    ...a,
    authenticatorId: a.id,
    ...authenticatorFor(key).idx.challengeExtras?.(input.tx, input.media),
  });
  const listed = [key, ...alternativeFactors(input.tx)];
  doc.authenticatorEnrollments = enrollmentList(listed, input.tx);
  const methods = a.methods.map((m) => ({ label: a.displayName, value: m.type }));
  const data = form(
    input,
    'authenticator-verification-data',
    [
      {
        name: 'authenticator',
        label: a.displayName,
        form: {
          value: [
            { name: 'id', required: true, value: a.id, mutable: false },
            { name: 'methodType', type: 'string', required: true, options: methods },
          ],
        },
      },
    ],
    { relatesTo: ['$.currentAuthenticatorEnrollment'] },
  );
  return [data, selectForm(input, 'select-authenticator-authenticate', listed, 'authenticatorEnrollments')];
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
