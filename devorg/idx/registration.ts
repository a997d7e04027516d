/**
 * Self-service registration rules, pure: the registration form's profile against the org's profile
 * schema, and a chosen password against the password policy, each answered with the field-level
 * messages Okta puts under the offending field (`userProfile.<attr>`, `credentials.passcode`).
 */
import type { ProfileAttribute } from '../config';
import type { IdxMessage } from '../errors';
import type { RegistrationHookResult } from '../hooks/registration-hook';
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

/** What the registration form's reply says of a registration inline hook's denial, or of its failure. */
export type HookVerdict =
  { profile: Record<string, string> } | { failed: true } | { fieldMessages?: FieldMessages; messages?: IdxMessage[] };

const hookMessage = (message: string): IdxMessage => ({ message, class: 'ERROR' });

/**
 * A registration inline hook's result as the form shows it: a cause whose location names a field of the
 * form goes under that field (what the widget shows inline); any other cause, or the denial's summary
 * when there are none, above the form. An allowed profile must still be a registrable one: an email the
 * hook set that isn't an address is a failure of the hook.
 */
export function hookVerdict(schema: readonly ProfileAttribute[], result: RegistrationHookResult): HookVerdict {
  if (result.kind === 'failed') return { failed: true };
  if (result.kind === 'allow') return EMAIL.test(result.profile.email ?? '') ? { profile: result.profile } : { failed: true };
  const onForm = new Set(schema.map((a) => a.name));
  const fieldMessages: FieldMessages = {};
  const messages: IdxMessage[] = [];
  for (const cause of result.causes) {
    if (cause.attribute && onForm.has(cause.attribute))
      (fieldMessages[`userProfile.${cause.attribute}`] ??= []).push(hookMessage(cause.summary));
    else messages.push(hookMessage(cause.summary));
  }
  if (!result.causes.length) messages.push(hookMessage(result.summary));
  return { ...(Object.keys(fieldMessages).length ? { fieldMessages } : {}), ...(messages.length ? { messages } : {}) };
}
