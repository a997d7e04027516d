/**
 * The org's password rules, as MyAccount tells them (`GET /idp/myaccount/password/complexity-requirements`),
 * checked against a new password as the user types. The checks follow the Sign-In Widget's (okta-core's):
 * counts of lowercase, uppercase, digits and symbols; no part of the username (its pieces of four or more
 * characters between `, . - _ # @`); none of the excluded profile attributes (whole, any case). They are
 * hints only: the org decides, and says why when it refuses.
 */

export interface PasswordComplexity {
  minLength: number;
  minLowerCase: number;
  minUpperCase: number;
  minNumber: number;
  minSymbol: number;
  excludeUsername: boolean;
  excludeAttributes: string[];
}

export interface PasswordRequirements {
  /** The org's own sentence ("Password requirements: at least 8 characters, …"). */
  description: string;
  complexity: PasswordComplexity;
}

/** One rule to show, with what it asks. */
export type PasswordRule =
  | { kind: 'minLength' | 'minLowerCase' | 'minUpperCase' | 'minNumber' | 'minSymbol'; count: number }
  | { kind: 'excludeUsername' }
  | { kind: 'excludeAttribute'; attribute: string };

/** Who the password is for: what it may not contain. */
export interface PasswordOwner {
  login?: string;
  firstName?: string;
  lastName?: string;
  [attribute: string]: string | undefined;
}

const count = (value: unknown): number => (typeof value === 'number' && Number.isInteger(value) && value > 0 ? Math.min(value, 256) : 0);

/** The requirements in an org's answer (untrusted JSON), or undefined if it has none. */
export function requirementsOf(body: unknown): PasswordRequirements | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const { description, complexity } = body as { description?: unknown; complexity?: unknown };
  if (typeof complexity !== 'object' || complexity === null) return undefined;
  const c = complexity as Record<string, unknown>;
  return {
    description: typeof description === 'string' ? description : '',
    complexity: {
      minLength: count(c.minLength),
      minLowerCase: count(c.minLowerCase),
      minUpperCase: count(c.minUpperCase),
      minNumber: count(c.minNumber),
      minSymbol: count(c.minSymbol),
      excludeUsername: c.excludeUsername === true,
      excludeAttributes: Array.isArray(c.excludeAttributes)
        ? [...new Set(c.excludeAttributes.filter((a): a is string => typeof a === 'string' && a.length > 0 && a.length <= 64))]
        : [],
    },
  };
}

/** The rules to list, in the widget's order; a count of zero asks nothing. */
export function rulesOf(complexity: PasswordComplexity): PasswordRule[] {
  const rules: PasswordRule[] = [];
  for (const kind of ['minLength', 'minLowerCase', 'minUpperCase', 'minNumber', 'minSymbol'] as const) {
    if (complexity[kind] > 0) rules.push({ kind, count: complexity[kind] });
  }
  if (complexity.excludeUsername) rules.push({ kind: 'excludeUsername' });
  for (const attribute of complexity.excludeAttributes) rules.push({ kind: 'excludeAttribute', attribute });
  return rules;
}

const SYMBOL = /["!#$%&'()*+,\-./\\:;<=>?@[\]^_`{|}~]/g;

/** okta-core's parts of a username: runs of four or more characters between its delimiters. */
export function usernameParts(login: string): string[] {
  return login.split(/[,.\-_#@]/).filter((part) => Array.from(part).length >= 4);
}

const contains = (password: string, value: string): boolean => password.toLowerCase().includes(value.toLowerCase());

/** Whether `password` meets `rule` for `owner`; an empty password meets none. */
export function meets(rule: PasswordRule, password: string, owner: PasswordOwner): boolean {
  if (!password) return false;
  const matches = (re: RegExp) => (password.match(re) ?? []).length;
  switch (rule.kind) {
    case 'minLength':
      return Array.from(password).length >= rule.count;
    case 'minLowerCase':
      return matches(/\p{Ll}/gu) >= rule.count;
    case 'minUpperCase':
      return matches(/\p{Lu}/gu) >= rule.count;
    case 'minNumber':
      return matches(/[0-9]/g) >= rule.count;
    case 'minSymbol':
      return matches(SYMBOL) >= rule.count;
    case 'excludeUsername':
      return usernameParts(owner.login ?? '').every((part) => !contains(password, part));
    case 'excludeAttribute': {
      const value = owner[rule.attribute];
      return !value || !contains(password, value);
    }
  }
}
