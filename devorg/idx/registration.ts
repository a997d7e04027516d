/**
 * Self-service registration rules, pure: the registration form's profile against the org's profile
 * schema, and a chosen password against the password policy, each answered with the field-level
 * messages Okta puts under the offending field (`userProfile.<attr>`, `credentials.passcode`).
 */
import { checkNewPassword } from '../authenticators/password/policy';
import type { OrgConfig, PasswordPolicy, ProfileAttribute } from '../config';
import type { IdxMessage } from '../errors';
import type { RegistrationHookResult } from '../hooks/registration-hook';
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
