/**
 * Test passwords valid by construction against the org's password policy (devorg's defaults, and an Okta
 * org's usual ones): at least 8 characters with an upper-case letter, a lower-case letter and a digit, and
 * no part of the username, first or last name in it.
 *
 * The name rule is kept without luck: every third character is a symbol none of those values contain,
 * so no three consecutive characters of the password can occur in any of them (the org compares parts of
 * three characters or more). A random password merely unlikely to contain "Ada" is refused now and then:
 * that was a flake ("does not include your first name").
 */
import { randomInt } from 'node:crypto';

const UPPER = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
const LOWER = 'abcdefghijkmnopqrstuvwxyz';
const DIGITS = '23456789';
const SEPARATORS = '!#%*';

const pick = (chars: string) => chars[randomInt(chars.length)]!;

/**
 * A fresh random password for a user whose login and names are `avoid` (`{ login, firstName, lastName }`'s
 * values). 17 characters: six pairs of letters/digits, five separators between them.
 */
export function testPassword(avoid: readonly string[]): string {
  const separators = [...SEPARATORS].filter((s) => !avoid.some((v) => v.includes(s)));
  if (separators.length === 0) throw new Error(`testPassword: every separator ${SEPARATORS} occurs in ${avoid.join(', ')}`);
  const any = UPPER + LOWER + DIGITS;
  // The first pairs carry the complexity rules; the rest are random.
  const pairs = [pick(UPPER) + pick(LOWER), pick(DIGITS) + pick(UPPER), ...Array.from({ length: 4 }, () => pick(any) + pick(any))];
  const password = pairs.join(pick(separators.join('')));
  // What the construction promises, checked anyway: a slip here would bring the flake back.
  const lower = password.toLowerCase();
  for (const value of avoid) {
    const v = value.toLowerCase();
    for (let i = 0; i + 3 <= v.length; i++) {
      if (lower.includes(v.slice(i, i + 3))) throw new Error(`testPassword: ${password} contains part of ${value}`);
    }
  }
  return password;
}
