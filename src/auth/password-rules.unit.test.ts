import { describe, expect, it } from 'vitest';
import { meets, requirementsOf, rulesOf, usernameParts, type PasswordOwner } from './password-rules';

const OKTA_DEFAULT = {
  description:
    'Password requirements: at least 8 characters, a lowercase letter, an uppercase letter, a number, no parts of your username.',
  complexity: {
    minLength: 8,
    minLowerCase: 1,
    minUpperCase: 1,
    minNumber: 1,
    minSymbol: 0,
    excludeUsername: true,
    excludeAttributes: ['firstName', 'lastName'],
  },
  _links: { self: { href: 'https://example.okta.com/idp/myaccount/password/complexity-requirements' } },
};
const jane: PasswordOwner = { login: 'jane.doe@example.com', firstName: 'Jane', lastName: 'Doe' };

describe('password rules', () => {
  it('reads Okta’s answer into the rules to list, leaving out what asks nothing', () => {
    const requirements = requirementsOf(OKTA_DEFAULT);
    expect(requirements?.description).toBe(OKTA_DEFAULT.description);
    expect(rulesOf(requirements!.complexity)).toEqual([
      { kind: 'minLength', count: 8 },
      { kind: 'minLowerCase', count: 1 },
      { kind: 'minUpperCase', count: 1 },
      { kind: 'minNumber', count: 1 },
      { kind: 'excludeUsername' },
      { kind: 'excludeAttribute', attribute: 'firstName' },
      { kind: 'excludeAttribute', attribute: 'lastName' },
    ]);
  });

  it('ignores what is not a rule: no complexity, wrong types, negative or huge counts', () => {
    expect(requirementsOf(null)).toBeUndefined();
    expect(requirementsOf({ description: 'x' })).toBeUndefined();
    const odd = requirementsOf({
      complexity: { minLength: -3, minNumber: '2', minSymbol: 1e9, excludeUsername: 'yes', excludeAttributes: [7, ''] },
    });
    expect(odd?.complexity).toEqual({
      minLength: 0,
      minLowerCase: 0,
      minUpperCase: 0,
      minNumber: 0,
      minSymbol: 256,
      excludeUsername: false,
      excludeAttributes: [],
    });
  });

  it('counts each kind of character, as many as asked', () => {
    expect(meets({ kind: 'minLength', count: 8 }, 'Abcdefg', jane)).toBe(false);
    expect(meets({ kind: 'minLength', count: 8 }, 'Abcdefgh', jane)).toBe(true);
    expect(meets({ kind: 'minUpperCase', count: 2 }, 'Abcdefgh', jane)).toBe(false);
    expect(meets({ kind: 'minUpperCase', count: 2 }, 'ABcdefgh', jane)).toBe(true);
    expect(meets({ kind: 'minLowerCase', count: 1 }, 'ÉCOLE', jane)).toBe(false);
    expect(meets({ kind: 'minLowerCase', count: 1 }, 'école', jane)).toBe(true);
    expect(meets({ kind: 'minNumber', count: 2 }, 'a1b', jane)).toBe(false);
    expect(meets({ kind: 'minNumber', count: 2 }, 'a1b2', jane)).toBe(true);
    expect(meets({ kind: 'minSymbol', count: 1 }, 'abc', jane)).toBe(false);
    expect(meets({ kind: 'minSymbol', count: 1 }, 'a-c', jane)).toBe(true);
  });

  it('finds the username’s parts of four or more characters, in any case', () => {
    expect(usernameParts('jane.doe@example.com')).toEqual(['jane', 'example']);
    expect(meets({ kind: 'excludeUsername' }, 'xDOEx123', jane)).toBe(true);
    expect(meets({ kind: 'excludeUsername' }, 'xJANEx123', jane)).toBe(false);
    expect(meets({ kind: 'excludeUsername' }, 'myExample1', jane)).toBe(false);
  });

  it('keeps excluded attributes out, whole and in any case; an attribute the user lacks asks nothing', () => {
    expect(meets({ kind: 'excludeAttribute', attribute: 'lastName' }, 'Adoe1234', jane)).toBe(false);
    expect(meets({ kind: 'excludeAttribute', attribute: 'lastName' }, 'Ado1234e', jane)).toBe(true);
    expect(meets({ kind: 'excludeAttribute', attribute: 'nickName' }, 'anything', jane)).toBe(true);
  });

  it('says an empty password meets nothing yet', () => {
    expect(meets({ kind: 'excludeUsername' }, '', jane)).toBe(false);
  });
});
