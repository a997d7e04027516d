/**
 * Self-service registration rules, pure: the registration form's profile against the org's profile
 * schema, and a chosen password against the password policy, each answered with the field-level
 * messages Okta puts under the offending field (`userProfile.<attr>`, `credentials.passcode`).
 */
import { FIELD_BLANK, FIELD_TOO_LONG } from '../authenticators/lib/messages';
import { passwordProblems } from '../authenticators/password';
import type { PasswordPolicy, ProfileAttribute } from '../config';
import type { IdxMessage } from '../errors';

/** Field path (`userProfile.email`, `credentials.passcode`) → messages shown under that field. */
export type FieldMessages = Record<string, IdxMessage[]>;

/** Deliberately loose, like Okta's: something@something.tld, no spaces. */
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

const error = (message: string, key: string, params?: unknown[]): IdxMessage => ({
  message,
  i18n: params ? { key, params } : { key },
  class: 'ERROR',
});

export const REGISTRATION_MESSAGES = {
  emailExists: (label: string) => error(`A user with this ${label} already exists`, 'registration.error.notUniqueWithinOrg', [label]),
  invalidEmail: (label: string) => [
    error(`'${label}' must be in the form of an email address`, 'registration.error.invalidLoginEmail', [label]),
    error(`Provided value for property '${label}' does not match required pattern`, 'registration.error.doesNotMatchPattern', [label]),
  ],
  unavailable: () => error('Registration is currently unavailable.', 'idx.error.registration.unavailable'),
  generic: () => error('There was an error creating your account. Please try registering again.', 'registration.error.generic'),
  passwordCommon: () =>
    error('This password was found in a list of commonly used passwords. Please try another password.', 'password.common', ['']),
  passwordRequirements: (requirements: string) =>
    error(`Password requirements were not met. ${requirements}`, 'password.passwordRequirementsNotMet', [requirements]),
} as const;

const fieldError = (m: { message: string; i18n: { key: string; params?: readonly unknown[] } }): IdxMessage => ({
  message: m.message,
  i18n: m.i18n.params ? { key: m.i18n.key, params: [...m.i18n.params] } : { key: m.i18n.key },
  class: 'ERROR',
});

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
      if (attr.required) fieldMessages[path] = [fieldError(FIELD_BLANK)];
      continue;
    }
    if ([...value].length > attr.maxLength) fieldMessages[path] = [fieldError(FIELD_TOO_LONG)];
    else if (attr.name === 'email' && !EMAIL.test(value)) fieldMessages[path] = REGISTRATION_MESSAGES.invalidEmail(attr.label);
    profile[attr.name] = value;
  }
  return Object.keys(fieldMessages).length ? { ok: false, fieldMessages } : { ok: true, profile };
}

/**
 * A new password's problems as the field message Okta shows under `credentials.passcode`: the
 * common-password message when that is the only problem, else the requirements sentence.
 */
export function checkNewPassword(password: unknown, policy: PasswordPolicy, profile: Record<string, string>): IdxMessage[] {
  if (typeof password !== 'string' || password === '') return [fieldError(FIELD_BLANK)];
  const login = profile.email ?? '';
  const problems = passwordProblems(password, policy, { ...profile, login, email: login });
  if (problems.length === 0) return [];
  const common = 'not a commonly used password';
  const rules = problems.filter((p) => p !== common);
  if (rules.length === 0) return [REGISTRATION_MESSAGES.passwordCommon()];
  return [REGISTRATION_MESSAGES.passwordRequirements(`Password requirements: ${rules.join(', ')}.`)];
}
