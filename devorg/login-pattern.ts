/**
 * Okta's username rule: the user schema's `login.pattern` (Directory › Profile Editor › Username, or
 * `/api/v1/meta/schemas/user/default`). As Okta documents it: `null` (the default) means the username
 * must be an email address; `".+"` allows any non-empty value (and drops the minimum length of five);
 * `"[…]+"` allows only the characters of the set, `"[^…]+"` any but those. Every username is at most
 * 100 characters. The management API, the persona seed and the registration form all judge logins here.
 */

/** Deliberately loose, like Okta's: something@something.tld, no spaces. */
export const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Okta's base schema for `login`: `minLength` 5 (not with `".+"`), `maxLength` 100. */
export const LOGIN_MIN_LENGTH = 5;
export const LOGIN_MAX_LENGTH = 100;

/** Why a username is refused: not an email (pattern null), outside the pattern's set, too short or too long. */
export type LoginProblem = 'not-email' | 'pattern' | 'too-short' | 'too-long';

/** The forms Okta accepts for a pattern: `.+`, `[set]+` or `[^set]+` (a set with at least one member). */
const PATTERN_FORMS = /^(\.\+|\[(?!\^\])\^?(?:\\.|[^\\\]])+\]\+)$/;

/** Whether `pattern` is one of Okta's login pattern forms and a valid expression. */
export function isLoginPattern(pattern: string): boolean {
  if (!PATTERN_FORMS.test(pattern)) return false;
  try {
    new RegExp(`^${pattern}$`, 'u');
    return true;
  } catch {
    return false;
  }
}

/** What is wrong with `login` under `pattern` (already checked with `isLoginPattern`); undefined when it is acceptable. */
export function loginProblem(login: string, pattern: string | null): LoginProblem | undefined {
  const length = [...login].length;
  if (length > LOGIN_MAX_LENGTH) return 'too-long';
  if (pattern === null) return EMAIL.test(login) ? undefined : 'not-email';
  if (pattern !== '.+' && length < LOGIN_MIN_LENGTH) return 'too-short';
  return new RegExp(`^${pattern}$`, 'u').test(login) ? undefined : 'pattern';
}
