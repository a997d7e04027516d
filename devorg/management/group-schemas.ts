/**
 * Request bodies and query strings of the group endpoints, parsed with `parseOr(…, 'api')` like the
 * user endpoints' (`schemas.ts`): Okta's `E0000001` with one `<field>: <problem>` cause per problem.
 * The group profile holds `name` and `description` only: devorg has no group profile schema to extend,
 * so another property is refused with a cause naming it rather than accepted and dropped.
 */
import { z } from 'zod';
import type { GroupProfile } from '../store';
import { cursorParam, limitParam, optionalParam } from './list-query';

const BLANK = 'The field cannot be left blank';
const NOT_SUPPORTED = 'Not supported by devorg';

/** `{ profile: { name, description? } }`, the body of POST /groups and PUT /groups/{id}. */
export const groupBody = z
  .object({
    profile: z.strictObject(
      {
        name: z.string(BLANK).trim().min(1, BLANK).max(255, 'The field is too long'),
        description: z.string().max(1024, 'The field is too long').nullish(),
      },
      {
        error: (iss) =>
          iss.code === 'unrecognized_keys' ? `Property is not defined in the group profile schema (${NOT_SUPPORTED})` : undefined,
      },
    ),
  })
  .transform(({ profile }): GroupProfile => ({ name: profile.name, description: profile.description ?? null }));

const unsupported = (what: string) =>
  z
    .string()
    .optional()
    .refine((v) => v === undefined || v === '', `${what} ${NOT_SUPPORTED}`);

/** `GET /groups?q|search|filter&limit&after`; `expand` and sorting are refused rather than ignored. */
export const listGroupsQuery = z.object({
  q: z.string().optional(),
  search: z.string().optional(),
  filter: z.string().optional(),
  limit: optionalParam(limitParam),
  after: optionalParam(cursorParam),
  expand: unsupported('expand (stats, app) is'),
  sortBy: unsupported('sortBy is'),
  sortOrder: unsupported('sortOrder is'),
});

/** `GET /groups/{id}/users?limit&after`. */
export const listMembersQuery = z.object({
  limit: optionalParam(limitParam),
  after: optionalParam(cursorParam),
});
