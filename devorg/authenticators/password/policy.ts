/**
 * The org's password policy (complexity, username/attribute exclusion, common-password list), used
 * wherever a password is set: registration, recovery, the management API.
 */
import type { PasswordPolicy } from '../../config';
import type { IdxMessage } from '../../errors';
import { MESSAGES } from '../../idx/messages';
import type { UserProfile } from '../../store';

/** A short list of the most common passwords; Okta's is larger, the rule is the same. */
const COMMON = new Set(
  [
    'password',
    'password1',
    'password123',
    'passw0rd',
    'p@ssw0rd',
    'p@ssword1',
    '123456789',
    '12345678',
    'qwerty123',
    'qwertyuiop',
    'iloveyou1',
    'welcome1',
    'welcome123',
    'letmein1',
    'abc12345',
    'admin123',
    'sunshine1',
    'football1',
    'monkey123',
    'baseball1',
    'trustno1',
    'changeme1',
    'princess1',
    'dragon123',
    'superman1',
    'whatever1',
    'starwars1',
    'Password1',
    'Password123',
    'Passw0rd',
    'P@ssw0rd',
    'Welcome1',
    'Welcome123',
    'Qwerty123',
    'Changeme1',
    'Summer2024',
    'Winter2024',
    'Spring2024',
    'Autumn2024',
    'Summer2025',
    'Winter2025',
    'Password1!',
    'Welcome1!',
    'Qwerty123!',
  ].map((p) => p.toLowerCase()),
);

/** The requirement list the widget shows (`settings.complexity` of the password authenticator). */
export function complexitySettings(policy: PasswordPolicy) {
  return {
    complexity: {
      minLength: policy.minLength,
      minLowerCase: policy.minLowerCase,
      minUpperCase: policy.minUpperCase,
      minNumber: policy.minNumber,
      minSymbol: policy.minSymbol,
      excludeUsername: policy.excludeUsername,
      excludeAttributes: policy.excludeAttributes,
      // What Okta also sends on a reset (the widget derives them from excludeAttributes all the same).
      excludeFirstName: policy.excludeAttributes.includes('firstName'),
      excludeLastName: policy.excludeAttributes.includes('lastName'),
      maxConsecutiveRepeatingCharacters: policy.maxConsecutiveRepeatingCharacters,
    },
    age: { minAgeMinutes: 0, historyCount: policy.historyCount },
  };
}

/** The widget's wording of the rule (login.properties `password.complexity.maxConsecutiveRepeatingCharacters`). */
const maxRunRule = (max: number) => `maximum ${max} consecutive repeating characters`;

/** The longest run of one character repeated (by code point: "aaa" is 3). */
function longestRun(password: string): number {
  let longest = 0;
  let run = 0;
  let previous: string | undefined;
  for (const ch of password) {
    run = ch === previous ? run + 1 : 1;
    previous = ch;
    longest = Math.max(longest, run);
  }
  return longest;
}

/**
 * Returns the policy rules a new password breaks, each as a sentence in Okta's wording
 * ("Password requirements were not met. …"); empty when the password is acceptable.
 */
export function passwordProblems(password: string, policy: PasswordPolicy, profile: Partial<UserProfile>): string[] {
  const problems: string[] = [];
  const count = (re: RegExp) => (password.match(re) ?? []).length;
  if (password.length < policy.minLength) problems.push(`at least ${policy.minLength} characters`);
  if (count(/\p{Ll}/gu) < policy.minLowerCase) problems.push(`at least ${policy.minLowerCase} lowercase letter`);
  if (count(/\p{Lu}/gu) < policy.minUpperCase) problems.push(`at least ${policy.minUpperCase} uppercase letter`);
  if (count(/\p{Nd}/gu) < policy.minNumber) problems.push(`at least ${policy.minNumber} number`);
  if (count(/[^\p{L}\p{Nd}]/gu) < policy.minSymbol) problems.push(`at least ${policy.minSymbol} symbol`);
  const lower = password.toLowerCase();
  if (policy.excludeUsername && profile.login) {
    const username = profile.login.split('@')[0]?.toLowerCase() ?? '';
    if (username.length >= 3 && lower.includes(username)) problems.push('no parts of your username');
  }
  for (const attr of policy.excludeAttributes) {
    const value = profile[attr];
    if (typeof value === 'string' && value.length >= 3 && lower.includes(value.toLowerCase())) {
      problems.push(`does not include your ${attr === 'firstName' ? 'first name' : attr === 'lastName' ? 'last name' : attr}`);
    }
  }
  const maxRun = policy.maxConsecutiveRepeatingCharacters;
  if (maxRun > 0 && longestRun(password) > maxRun) problems.push(maxRunRule(maxRun));
  if (policy.blockCommon && COMMON.has(lower)) problems.push('not a commonly used password');
  return problems;
}

/** Every rule of the policy, in the wording of `passwordProblems` (Okta lists them all for a reused password). */
export function requirementsList(policy: PasswordPolicy): string[] {
  const rules: string[] = [];
  if (policy.minLength > 0) rules.push(`at least ${policy.minLength} characters`);
  if (policy.minLowerCase > 0) rules.push(`at least ${policy.minLowerCase} lowercase letter`);
  if (policy.minUpperCase > 0) rules.push(`at least ${policy.minUpperCase} uppercase letter`);
  if (policy.minNumber > 0) rules.push(`at least ${policy.minNumber} number`);
  if (policy.minSymbol > 0) rules.push(`at least ${policy.minSymbol} symbol`);
  if (policy.excludeUsername) rules.push('no parts of your username');
  for (const attr of policy.excludeAttributes) {
    rules.push(`does not include your ${attr === 'firstName' ? 'first name' : attr === 'lastName' ? 'last name' : attr}`);
  }
  if (policy.maxConsecutiveRepeatingCharacters > 0) rules.push(maxRunRule(policy.maxConsecutiveRepeatingCharacters));
  return rules;
}

export function passwordRequirementsMessage(problems: string[]): string {
  return `Password requirements were not met. Password requirements: ${problems.join(', ')}.`;
}

/**
 * A new password's problems as the field message Okta shows under `credentials.passcode`: the
 * common-password message when that is the only problem, else the requirements sentence.
 */
export function checkNewPassword(password: unknown, policy: PasswordPolicy, profile: Record<string, string>): IdxMessage[] {
  if (typeof password !== 'string' || password === '') return [MESSAGES.fieldBlank()];
  // A registrant's username is the form's `login` when it asks for one, else the email.
  const login = profile.login ?? profile.email ?? '';
  const problems = passwordProblems(password, policy, { ...profile, login, email: profile.email ?? login });
  if (problems.length === 0) return [];
  const common = 'not a commonly used password';
  const rules = problems.filter((p) => p !== common);
  if (rules.length === 0) return [MESSAGES.passwordCommon()];
  return [MESSAGES.passwordRequirements(`Password requirements: ${rules.join(', ')}.`)];
}
