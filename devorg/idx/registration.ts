/**
 * Self-service registration rules, pure: the registration form's profile against the org's profile
 * schema, and a chosen password against the password policy, each answered with the field-level
 * messages Okta puts under the offending field (`userProfile.<attr>`, `credentials.passcode`).
 */
import type { ProfileAttribute } from '../config';
import { MESSAGES, type FieldMessages } from './messages';

export { checkNewPassword } from '../authenticators/password/policy';

export type { FieldMessages } from './messages';

/** Deliberately loose, like Okta's: something@something.tld, no spaces. */
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export type ProfileCheck = { ok: true; profile: Record<string, string> } | { ok: false; fieldMessages: FieldMessages };

/**
 * Checks the submitted `userProfile` against the schema. Values are kept verbatim (no trimming or
 * case folding: what the person typed is what the dashboard shows); attributes the form did not
 * offer are dropped, so a crafted request can't set `login` or anything else.
 * Returns `undefined` for values that aren't strings — a malformed request, not a user mistake.
 */
export function checkProfile(schema: readonly ProfileAttribute[], input: Record<string, unknown>): ProfileCheck | undefined {
  const profile: Record<string, string> = {};
  const fieldMessages: FieldMessages = {};
  for (const attr of schema) {
    const raw = input[attr.name];
    if (raw !== undefined && raw !== null && typeof raw !== 'string') return undefined;
    const value = raw ?? '';
    const path = `userProfile.${attr.name}`;
    if (value.trim() === '') {
      if (attr.required) fieldMessages[path] = [MESSAGES.fieldBlank()];
      continue;
    }
    if ([...value].length > attr.maxLength) fieldMessages[path] = [MESSAGES.fieldTooLong()];
    else if (attr.name === 'email' && !EMAIL.test(value)) fieldMessages[path] = MESSAGES.invalidEmail(attr.label);
    profile[attr.name] = value;
  }
  return Object.keys(fieldMessages).length ? { ok: false, fieldMessages } : { ok: true, profile };
}
