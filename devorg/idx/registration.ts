/**
 * Self-service registration rules, pure: the registration form's profile against the org's profile
 * schema, and a chosen password against the password policy, each answered with the field-level
 * messages Okta puts under the offending field (`userProfile.<attr>`, `credentials.passcode`).
 */
import { checkNewPassword } from '../authenticators/password/policy';
import type { OrgConfig, PasswordPolicy, ProfileAttribute } from '../config';
import type { IdxMessage } from '../errors';
import { EMAIL, loginProblem, type LoginProblem } from '../login-pattern';
import { MESSAGES, type FieldMessages } from './messages';

export { checkNewPassword };

export type { FieldMessages } from './messages';

export type ProfileCheck = { ok: true; profile: Record<string, string> } | { ok: false; fieldMessages: FieldMessages };

/**
 * Checks the submitted `userProfile` against the schema. Values are kept verbatim (no trimming or
 * case folding: what the person typed is what the dashboard shows); attributes the form did not
 * offer are dropped, so a crafted request can't set `login` or anything else. A `login` the form does
 * offer (Okta's "Username") is judged by the user schema's login pattern (`userSchema.loginPattern`).
 * Returns `undefined` for values that aren't strings — a malformed request, not a user mistake.
 */
export function checkProfile(
  schema: readonly ProfileAttribute[],
  input: Record<string, unknown>,
  loginPattern: string | null = null,
): ProfileCheck | undefined {
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
    else if (attr.name === 'login') {
      const problem = loginProblem(value, loginPattern);
      if (problem) fieldMessages[path] = [loginMessage(problem, attr.label)];
    }
    profile[attr.name] = value;
  }
  return Object.keys(fieldMessages).length ? { ok: false, fieldMessages } : { ok: true, profile };
}

/** The field message for a username the login pattern refuses, in the registration form's keys. */
function loginMessage(problem: LoginProblem, label: string): IdxMessage {
  switch (problem) {
    case 'not-email':
      return MESSAGES.invalidLogin(label);
    case 'pattern':
      return MESSAGES.loginDoesNotMatchPattern(label);
    case 'too-short':
      return MESSAGES.fieldTooShort();
    case 'too-long':
      return MESSAGES.fieldTooLong();
  }
}

/**
 * The message for a login another account has (checked before, and again by the unique index when the
 * user is created): under the form's Username when it has one, else under the email, which is the login then.
 */
export function loginTakenMessages(schema: readonly ProfileAttribute[]): FieldMessages {
  const field = schema.find((a) => a.name === 'login') ?? schema.find((a) => a.name === 'email');
  return { [`userProfile.${field?.name ?? 'email'}`]: [MESSAGES.notUniqueWithinOrg(field?.label ?? 'Email')] };
}

/**
 * The password on the registration form (`policies.enrollAuthenticatorTypes: ["password"]`), judged by the
 * password policy against what the form says about the registrant (their username, names): the messages
 * under `credentials.passcode`, or none. Judged whatever the rest of the form says, so every problem is shown at once.
 */
export function checkRegistrationPassword(
  passcode: string | null | undefined,
  policy: PasswordPolicy,
  userProfile: Record<string, unknown>,
): FieldMessages | undefined {
  const profile = Object.fromEntries(Object.entries(userProfile).filter((e): e is [string, string] => typeof e[1] === 'string'));
  const problems = checkNewPassword(passcode ?? undefined, policy, profile);
  return problems.length ? { 'credentials.passcode': problems } : undefined;
}

/** The registration form carries the password (Okta's profile enrollment `enrollAuthenticatorTypes: ["password"]`). */
export function passwordOnRegistrationForm(config: Pick<OrgConfig, 'policies'>): boolean {
  return config.policies.enrollAuthenticatorTypes?.includes('password') ?? false;
}
