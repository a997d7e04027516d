/**
 * Request bodies and query strings of `/idp/myaccount`, parsed with `parseOr(…, 'api')`: Okta's
 * `E0000001` with a `<field>: <problem>` cause per problem (a body of the wrong structure is `E0000003`).
 * What a profile's attributes may be is checked against the MyAccount profile schema (`profile.ts`).
 */
import { z } from 'zod';
import { booleanParam } from '../management/schemas';

/** `PUT /profile`: `{ profile: { … } }`, every attribute the GET returned (null unsets an optional one). */
export const profileBody = z.object({ profile: z.record(z.string(), z.unknown()) });

/** `PUT /password`: `{ profile: { password } }`. */
export const passwordBody = z.object({ profile: z.object({ password: z.string().min(1) }) });

/** `DELETE /sessions?oauthTokens&excludeCurrentAuthorizationContext` (Okta's defaults: true, false). */
export const clearSessionsQuery = z.object({
  oauthTokens: booleanParam(true),
  excludeCurrentAuthorizationContext: booleanParam(false),
});

/** `GET /authenticators?expand=enrollments`: the one expansion Okta has. */
export const authenticatorsQuery = z.object({
  expand: z.literal('enrollments', { error: 'must be enrollments' }).optional(),
});

/** How a phone's code goes out: Okta's MyAccount names the methods `SMS` and `CALL`. */
export const phoneMethod = z.enum(['SMS', 'CALL'], { error: 'must be SMS or CALL' });

/** `POST /phones`: `{ profile: { phoneNumber }, sendCode, method }` (auth-js's `AddPhonePayload`). */
export const addPhoneBody = z.object({
  profile: z.object({ phoneNumber: z.string().min(1).max(32) }),
  sendCode: z.boolean().optional(),
  method: phoneMethod.optional(),
});

/** `POST /phones/{id}/challenge`: `{ method, retry? }`. */
export const phoneChallengeBody = z.object({ method: phoneMethod, retry: z.boolean().optional() });

/** `POST /phones/{id}/verify` and an email challenge's `verify`: `{ verificationCode }`. */
export const verificationBody = z.object({ verificationCode: z.string().min(1).max(16) });

/** `POST /emails`: `{ profile: { email }, sendEmail, role }` (auth-js's `AddEmailPayload`). */
export const addEmailBody = z.object({
  profile: z.object({ email: z.email({ error: 'must be an email address' }).max(100) }),
  sendEmail: z.boolean().optional(),
  role: z.enum(['PRIMARY', 'SECONDARY'], { error: 'must be PRIMARY or SECONDARY' }),
  state: z.string().max(1024).optional(),
});

/** `POST /emails/{id}/challenge`: `{ state? }`. */
export const emailChallengeBody = z.object({ state: z.string().max(1024).optional() });
