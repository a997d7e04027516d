/**
 * `GET /api/v1/users` query parameters: `search`/`filter` expressions, `limit` and the opaque `after`
 * cursor. `limit` and `after` are schema fields (`limitParam`, `cursorParam`, used by the list query's
 * schema in `schemas.ts`); an expression is parsed once the query is, and only the expressions test
 * fixtures use are understood: anything else is refused with Okta's "Invalid search criteria" rather
 * than silently matching everything.
 */
import { z } from 'zod';
import { ApiError } from '../errors';
import type { UserQuery, UserStatus } from '../store';
import { parseOr } from '../validation';

export type UserCondition = NonNullable<UserQuery['equals']>;

export const MAX_LIMIT = 200;

const ATTRIBUTES: Readonly<Record<string, UserCondition['attribute']>> = {
  'profile.login': 'login',
  'profile.email': 'email',
  id: 'id',
  status: 'status',
};

const USER_STATUSES: readonly UserStatus[] = [
  'STAGED',
  'PROVISIONED',
  'ACTIVE',
  'RECOVERY',
  'PASSWORD_EXPIRED',
  'LOCKED_OUT',
  'SUSPENDED',
  'DEPROVISIONED',
];

/** `attribute eq "value"`; Okta's operators are case-insensitive, attribute names are not. */
const EQUALS = /^\s*([A-Za-z.]+)\s+eq\s+"((?:[^"\\]|\\.)*)"\s*$/i;

export function invalidSearch(): ApiError {
  return new ApiError(400, 'E0000031', 'Invalid search criteria.', [
    'devorg understands one comparison: profile.login, profile.email, id or status eq "value"',
  ]);
}

/** Parses a `search` or `filter` expression into the one equality the store can run. */
export function parseUserExpression(expression: string): UserCondition {
  const match = EQUALS.exec(expression);
  const attribute = match?.[1] !== undefined ? ATTRIBUTES[match[1]] : undefined;
  if (!match || attribute === undefined) throw invalidSearch();
  const value = (match[2] ?? '').replace(/\\(.)/g, '$1');
  if (attribute === 'status' && !(USER_STATUSES as readonly string[]).includes(value)) throw invalidSearch();
  return { attribute, value };
}

/** A query parameter that may be left out; given empty (`?limit=`) it counts as left out, as on Okta. */
export function optionalParam<T extends z.ZodType<unknown, string>>(param: T) {
  return z
    .string()
    .optional()
    .transform((raw) => (raw === '' ? undefined : raw))
    .pipe(param.optional());
}

const LIMIT_PROBLEM = `must be a whole number from 1 to ${MAX_LIMIT}`;

/** `limit`: a positive integer; Okta answers more than the maximum with the maximum. */
export const limitParam = z
  .string()
  .regex(/^\d{1,9}$/, LIMIT_PROBLEM)
  .transform(Number)
  .pipe(z.number().min(1, LIMIT_PROBLEM))
  .transform((n) => Math.min(n, MAX_LIMIT));

const limitQuery = z.object({ limit: optionalParam(limitParam) });

/** `limit` on its own (absent or empty: `fallback`). */
export function parseLimit(raw: string | undefined, fallback: number): number {
  return parseOr(limitQuery, { limit: raw }, 'api').limit ?? fallback;
}

export type Position = NonNullable<UserQuery['afterPosition']>;

/**
 * The cursor is the sort position of the last user served, not its id, so a page still follows when
 * that user was deleted meanwhile. Opaque to clients, as Okta's is.
 */
export function encodeCursor(position: Position): string {
  return Buffer.from(`${position.createdAt}.${position.id}`).toString('base64url');
}

/** `after`: a cursor this org handed out, decoded; anything else is "The cursor is not valid". */
export const cursorParam = z.string().transform((cursor, ctx): Position => {
  const match = /^(\d{1,15})\.([0-9A-Za-z]{1,64})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (match?.[1] && match[2]) return { createdAt: Number(match[1]), id: match[2] };
  ctx.addIssue({ code: 'custom', message: 'The cursor is not valid' });
  return z.NEVER;
});

const cursorQuery = z.object({ after: cursorParam });

export function decodeCursor(cursor: string): Position {
  return parseOr(cursorQuery, { after: cursor }, 'api').after;
}
