/**
 * Request bodies and query strings of the user endpoints, parsed with `parseOr(…, 'api')`: Okta's
 * `E0000001` with one `<field>: <problem>` cause per problem (a body of the wrong structure is
 * `E0000003`). What devorg cannot store (hashed or hooked passwords, recovery questions, groups, other
 * user types, federated users) is refused with a cause naming it, rather than accepted and dropped: a
 * fixture that relies on it should fail loudly here. The profile's attributes are checked by the user
 * rules (`profileProblems` in `../users.ts`), with Okta's causes.
 */
import { z } from 'zod';
import { cursorParam, limitParam, optionalParam } from './list-query';
import { DEFAULT_USER_TYPE_ID } from './user-json';

const NOT_SUPPORTED = 'Not supported by devorg';

/** An object whose other members are things devorg cannot store: each is named, "Not supported by devorg". */
function onlyThese<T extends z.core.$ZodLooseShape>(shape: T) {
  return z.strictObject(shape, { error: (iss) => (iss.code === 'unrecognized_keys' ? NOT_SUPPORTED : undefined) });
}

export interface UserWrite {
  profile?: Record<string, unknown>;
  password?: string;
}

/** `{ profile?, credentials?: { password?: { value }, provider? }, type?, groupIds? }`; null counts as absent. */
export const userBody = z
  .object({
    profile: z.record(z.string(), z.unknown()).nullish(),
    credentials: onlyThese({
      password: onlyThese({ value: z.string().nullish() }).nullish(),
      provider: z.object({ type: z.literal('OKTA', { error: 'devorg only has Okta-mastered users (type OKTA)' }).optional() }).nullish(),
    }).nullish(),
    type: z
      .object({ id: z.literal(DEFAULT_USER_TYPE_ID, { error: `devorg has one user type, ${DEFAULT_USER_TYPE_ID}` }).optional() })
      .nullish(),
    groupIds: z
      .unknown()
      .optional()
      .refine(
        (ids) => ids === undefined || ids === null || (Array.isArray(ids) && ids.length === 0),
        'Groups are not supported by devorg yet',
      ),
  })
  .transform(({ profile, credentials }): UserWrite => {
    const password = credentials?.password?.value ?? undefined;
    return { ...(profile ? { profile } : {}), ...(password !== undefined ? { password } : {}) };
  });

/** A boolean query parameter (`true`/`false`, any case; absent or empty: `fallback`); Okta refuses anything else. */
export function booleanParam(fallback: boolean) {
  return z
    .string()
    .optional()
    .transform((raw, ctx) => {
      if (raw === undefined || raw === '') return fallback;
      if (/^true$/i.test(raw)) return true;
      if (/^false$/i.test(raw)) return false;
      ctx.addIssue({ code: 'custom', message: 'must be true or false' });
      return z.NEVER;
    });
}

/**
 * `POST /users?activate&provider&nextLogin`. Okta activates by default (`activate=false` creates a
 * STAGED user); `nextLogin=changePassword` makes the user choose a new password at first sign-in.
 */
export const createUserQuery = z.object({
  activate: booleanParam(true),
  provider: booleanParam(false).refine((federated) => !federated, 'Federated users are not supported by devorg'),
  nextLogin: z.literal('changePassword', { error: 'must be changePassword' }).optional(),
});

/** `GET /users?search|filter|q&limit&after`; the expression is parsed by `parseUserExpression`. */
export const listUsersQuery = z.object({
  search: z.string().optional(),
  filter: z.string().optional(),
  q: z.string().optional(),
  limit: optionalParam(limitParam),
  after: optionalParam(cursorParam),
});
