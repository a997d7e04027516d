/**
 * The JSON bodies the Sign-In Widget posts to `/idp/idx/*`, one schema per remediation, parsed with
 * `parseOr(…, 'idx')` (a 400 IDX error naming the field). Unknown members are ignored, as Okta ignores
 * them (the widget sends a few devorg has no use for). What the user typed is judged elsewhere: a
 * schema only refuses what the widget would never send (a number for the identifier, an array for
 * `credentials`); a wrong code or a blank field is the authenticator's or the form's field message.
 */
import { z } from 'zod';
import { authenticatorById } from '../authenticators';
import type { ProfileAttribute } from '../config';

export const MAX_IDENTIFIER = 1024;

/** A JSON object with any members (`credentials`, the enrollment data): judged by whoever reads them. */
const members = z.record(z.string(), z.unknown());

/** Every remediation names its transaction. */
export const remediationBody = z.object({ stateHandle: z.string().min(1) });

/**
 * `/introspect`: by the interaction handle (the widget's first call) or the state handle (a reload);
 * `stateToken` is the older name of the latter. Null counts as absent.
 */
export const introspectBody = z
  .object({
    interactionHandle: z.string().nullish(),
    stateHandle: z.string().nullish(),
    stateToken: z.string().nullish(),
  })
  .transform(({ interactionHandle, stateHandle, stateToken }, ctx) => {
    const state = stateHandle ?? stateToken;
    if (interactionHandle) return { interactionHandle };
    if (state) return { stateHandle: state };
    ctx.addIssue({ code: 'custom', message: '"interactionHandle" or "stateToken" is required' });
    return z.NEVER;
  });

/** `identify`: the identifier (trimmed), optionally "Keep me signed in" and the password on the same form. */
export const identifyBody = z.object({
  identifier: z.string().min(1).trim().max(MAX_IDENTIFIER),
  rememberMe: z.boolean().optional(),
  credentials: members.nullish(),
});

/** `identify/select` (`select-identify`): back to identify, optionally with who is signing in. */
export const selectIdentifyBody = z.object({ identifier: z.string().trim().max(MAX_IDENTIFIER).optional() });

/**
 * `enroll/new`: the registration form. Only the attributes the org's profile schema offers are kept
 * (so a crafted request can't set `login` unless the form asks for a Username); their rules (blank,
 * too long, email, the login pattern) are the form's field messages (`checkProfile`), not a malformed request.
 */
export function enrollProfileBody(attributes: readonly ProfileAttribute[]) {
  const shape = Object.fromEntries(attributes.map((a) => [a.name, z.string().nullish()]));
  // The password, when the form carries it (judged by the policy, as a field; absent: blank).
  return z.object({ userProfile: z.object(shape), credentials: z.object({ passcode: z.string().nullish() }).optional() });
}

/** `challenge/answer`: the answer to the current form, judged by the step's authenticator. */
export const answerBody = z.object({ credentials: members });

/** A recovery's new password: the passcode is judged by the password policy; "sign me out everywhere" is a boolean. */
export const newPasswordBody = z.object({
  credentials: z.object({ passcode: z.unknown(), revokeSessions: z.boolean().optional() }),
});

/** An authenticator picked from a list: `authenticator.id` names one of this org's, turned into its key. */
export const chosenAuthenticatorBody = z.object({
  authenticator: z.object({
    id: z.string().transform((id, ctx) => {
      const key = authenticatorById(id);
      if (key) return key;
      ctx.addIssue({ code: 'custom', message: 'does not name an authenticator of this org' });
      return z.NEVER;
    }),
    /** The method picked with it, where it has several (a phone's `sms` or `voice`); the machine checks it is one. */
    methodType: z.string().max(64).optional(),
    /** The enrollment picked (Okta's `enrollmentId`); devorg keeps one enrollment per authenticator, so `id` decides. */
    enrollmentId: z.string().max(64).optional(),
  }),
});

/** `authenticator-enrollment-data`: what the enrollment collects first (a phone number), judged by the authenticator. */
export const enrollmentDataBody = z.object({ authenticator: members.nullish() });

/** `keep-me-signed-in`: the answer to the post-sign-in "Stay signed in?" (the widget's two buttons). */
export const keepMeSignedInBody = z.object({ keepMeSignedIn: z.boolean() });
