/**
 * `/v1/authorize?prompt=enroll_authenticator` (auth-js's `endpoints.authorize.enrollAuthenticator`): the app sends the
 * user to the Okta-hosted page to set up authenticators, not to get tokens. As Okta documents it, the
 * request has `response_type=none`, `max_age=0` (the user signs in again, whatever the org session),
 * `acr_values=urn:okta:2fa:any:ifpossible` and `enroll_amr_values`, the authenticators to offer by their
 * AMR values; no scope, nonce or PKCE (no code is issued). After the sign-in the hosted widget offers
 * the requested authenticators the user may still set up (the enrollment policy decides which; "Set up
 * later" declines), and the browser goes back to the redirect URI with the request's `state` only.
 */
import { z } from 'zod';
import type { AuthenticatorKey } from '../authenticators/types';

/** auth-js's AMR values for enrollment (its `enrollAmrValues` table) that name an authenticator devorg has. */
export const ENROLL_AMR_VALUES: Readonly<Record<string, AuthenticatorKey>> = {
  pwd: 'okta_password',
  kba: 'security_question',
  email: 'okta_email',
  sms: 'phone_number',
  tel: 'phone_number',
  google_otp: 'google_otp',
  pop: 'webauthn',
};

/** The `acr_values` Okta asks of an enrollment request (auth-js's README), with the `loa` spelling of the same level. */
export const ENROLL_ACR_VALUES = ['urn:okta:2fa:any:ifpossible', 'urn:okta:loa:2fa:any:ifpossible'] as const;

const STATE_INVALID = "The authentication request has an invalid 'state' parameter.";
const supported = Object.keys(ENROLL_AMR_VALUES).join(', ');

/**
 * The rest of an enrollment request, once its client, redirect URI and response mode are known good, in
 * the order the checks run: `state` → `max_age=0` → `acr_values` → `enroll_amr_values` (each known,
 * deduplicated, in the order given). A scope, if sent, is the app's as for any request (nothing is issued for it).
 */
export const enrollAuthenticatorQuery = z.object({
  state: z.string({ error: STATE_INVALID }).min(1, STATE_INVALID).max(2048, STATE_INVALID),
  max_age: z.literal('0', { error: "The 'max_age' parameter must be 0 when 'prompt' is 'enroll_authenticator'." }),
  acr_values: z.enum(ENROLL_ACR_VALUES, {
    error: `The 'acr_values' parameter must be ${ENROLL_ACR_VALUES[0]} when 'prompt' is 'enroll_authenticator'.`,
  }),
  enroll_amr_values: z
    .string({ error: "The 'enroll_amr_values' parameter is required when 'prompt' is 'enroll_authenticator'." })
    .max(512, "The 'enroll_amr_values' parameter is too long.")
    .transform((value, ctx) => {
      const values = [...new Set(value.split(' ').filter(Boolean))];
      const unknown = values.filter((v) => !Object.hasOwn(ENROLL_AMR_VALUES, v));
      if (!values.length || unknown.length) {
        ctx.addIssue({
          code: 'custom',
          message: unknown.length
            ? `The 'enroll_amr_values' parameter has values this org does not support: ${unknown.map((v) => v.slice(0, 32)).join(', ')}. Supported values: ${supported}.`
            : "The 'enroll_amr_values' parameter is required when 'prompt' is 'enroll_authenticator'.",
        });
        return z.NEVER;
      }
      return [...new Set(values.map((v) => ENROLL_AMR_VALUES[v] as AuthenticatorKey))];
    }),
  login_hint: z.string().max(1024, "The 'login_hint' parameter is too long.").optional(),
});
