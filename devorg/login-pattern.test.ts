import { describe, expect, it } from 'vitest';
import { isLoginPattern, loginProblem } from './login-pattern';

describe("Okta's login pattern", () => {
  it('null: the username must be an email address', () => {
    expect(loginProblem('ada@example.test', null)).toBeUndefined();
    expect(loginProblem('ada', null)).toBe('not-email');
    expect(loginProblem('ada @example.test', null)).toBe('not-email');
  });

  it('".+": anything non-empty, short ones too', () => {
    expect(loginProblem('ada', '.+')).toBeUndefined();
    expect(loginProblem('Zoë O’Neil 🦄', '.+')).toBeUndefined();
  });

  it('"[…]+" and "[^…]+": only (or none of) the set, at least five characters', () => {
    expect(loginProblem('ada.l_1', '[a-z0-9._]+')).toBeUndefined();
    expect(loginProblem('Ada.L', '[a-z0-9._]+')).toBe('pattern');
    expect(loginProblem('ada', '[a-z]+')).toBe('too-short');
    expect(loginProblem('ada-lovelace', '[^@ ]+')).toBeUndefined();
    expect(loginProblem('ada@lovelace', '[^@ ]+')).toBe('pattern');
  });

  it('at most 100 characters (counted as characters, not UTF-16 units), whatever the pattern', () => {
    expect(loginProblem('🦄'.repeat(100), '.+')).toBeUndefined();
    expect(loginProblem('a'.repeat(101), '.+')).toBe('too-long');
    expect(loginProblem(`${'a'.repeat(95)}@b.test`, null)).toBe('too-long');
  });

  it('takes only the forms Okta documents, as valid expressions', () => {
    for (const p of ['.+', '[a-z]+', '[-a-zA-Z0-9]+', '[a-z13579\\.]+', '[^@]+']) expect(isLoginPattern(p), p).toBe(true);
    for (const p of ['', '.*', '[a-z]', '[]+', '[^]+', '^[a-z]+$', '[a-z]+|.+', '(a)+', '[z-a]+']) expect(isLoginPattern(p), p).toBe(false);
  });
});
