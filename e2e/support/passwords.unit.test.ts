import { describe, expect, it } from 'vitest';
import { passwordProblems } from '../../devorg/authenticators/password/policy';
import { defaultConfig } from '../../devorg/config/defaults';
import { testPassword } from './passwords';

describe('testPassword', () => {
  it("passes the org's password policy for the fixtures' users, every time", () => {
    // Names chosen to share as many letters as possible with the generator's alphabet.
    const profile = { login: 'e2e.mh3kab12cd@example.test', firstName: 'Ada', lastName: 'Tester 1' };
    for (let i = 0; i < 2000; i++) {
      const password = testPassword(Object.values(profile));
      expect(passwordProblems(password, defaultConfig().passwordPolicy, profile)).toEqual([]);
    }
  });

  it('never holds three consecutive characters of a value it avoids, in any case', () => {
    const avoid = ['Abcdefghijkmnopqrstuvwxyz', 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'];
    for (let i = 0; i < 500; i++) {
      const lower = testPassword(avoid).toLowerCase();
      for (const v of avoid.map((a) => a.toLowerCase()))
        for (let j = 0; j + 3 <= v.length; j++) expect(lower).not.toContain(v.slice(j, j + 3));
    }
  });

  it('refuses when every separator occurs in a value to avoid', () => {
    expect(() => testPassword(['a!b#c%d*'])).toThrow(/every separator/);
  });
});
