/**
 * `GET /api/v1/users` query parameters: `search`/`filter` expressions, `limit` and the opaque `after`
 * cursor. `limit` and `after` are schema fields (`limitParam`, `cursorParam`, used by the list query's
 * schema in `schemas.ts`); an expression is parsed once the query is (grammar: `expression.ts`), checked
 * against Okta's rules for `search` or `filter` here, and run by the store (`store/user-search.ts`).
 */
import { z } from 'zod';
import { ApiError } from '../errors';
import type { SearchOperator, UserCondition, UserField, UserQuery, UserStatus } from '../store';
import { parseOr } from '../validation';
import { ExpressionSyntaxError, parseExpression, type Expression } from './expression';
import { DEFAULT_USER_TYPE_ID } from './user-json';

export type { UserCondition } from '../store';

export const MAX_LIMIT = 200;

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

/** Okta's answer to an expression it refuses; the cause says what devorg found wrong. */
export function invalidSearch(cause = 'Invalid search syntax.'): ApiError {
  return new ApiError(400, 'E0000031', 'Invalid search criteria.', [cause]);
}

/** `search` takes Okta's whole language; `filter` only its subset (a few attributes, `eq`, ranges on `lastUpdated`). */
export type ExpressionMode = 'search' | 'filter';

const DATE_ATTRIBUTES: Readonly<Record<string, Extract<UserField, { kind: 'date' }>['column']>> = {
  created: 'createdAt',
  lastUpdated: 'lastUpdatedAt',
  activated: 'activatedAt',
  statusChanged: 'statusChangedAt',
};

/** What `filter` accepts (Okta's list): the attributes, and which take more than `eq`. */
const FILTER_ATTRIBUTES = new Set([
  'status',
  'lastUpdated',
  'id',
  'profile.login',
  'profile.email',
  'profile.firstName',
  'profile.lastName',
]);
const RANGE_OPERATORS: readonly string[] = ['gt', 'ge', 'lt', 'le'];
/** Okta's `co` works on these profile attributes only. */
const CONTAINS_ATTRIBUTES = new Set(['profile.firstName', 'profile.lastName', 'profile.email', 'profile.login']);

/** `2017-06-05T23:00:00.000Z`: the ISO 8601 form Okta's date attributes compare with. */
const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?(?:Z|[+-]\d{2}:\d{2})$/;

function fieldOf(attribute: string): UserField | undefined {
  if (attribute === 'id') return { kind: 'id' };
  if (attribute === 'status') return { kind: 'status' };
  if (attribute === 'type.id') return { kind: 'constant', value: DEFAULT_USER_TYPE_ID };
  const date = DATE_ATTRIBUTES[attribute];
  if (date) return { kind: 'date', column: date };
  const profile = /^profile\.([A-Za-z0-9_]+)$/.exec(attribute);
  return profile?.[1] ? { kind: 'profile', attribute: profile[1] } : undefined;
}

/** Checks a parsed expression against Okta's rules for `mode` and turns it into the store's condition. */
function toCondition(expression: Expression, mode: ExpressionMode): UserCondition {
  if ('operands' in expression) {
    return { kind: expression.kind, operands: expression.operands.map((e) => toCondition(e, mode)) };
  }
  const { attribute } = expression;
  const field = fieldOf(attribute);
  if (!field) throw invalidSearch(`${attribute}: not a user attribute devorg can search`);
  if (mode === 'filter' && !FILTER_ATTRIBUTES.has(attribute))
    throw invalidSearch(`${attribute}: filter does not support this attribute (search does)`);
  if (expression.kind === 'present') {
    if (mode === 'filter') throw invalidSearch('pr: filter supports only eq (search supports pr)');
    return { kind: 'present', field };
  }
  const { operator, value } = expression;
  if (operator === 'ne') throw invalidSearch('ne: not supported; use (attribute lt "value" or attribute gt "value")');
  if (operator === 'ew') throw invalidSearch('ew: not supported');
  if (mode === 'filter' && operator !== 'eq' && !(attribute === 'lastUpdated' && RANGE_OPERATORS.includes(operator))) {
    throw invalidSearch(`${operator}: filter supports only eq (and gt, ge, lt, le on lastUpdated)`);
  }
  if (operator === 'co' && !CONTAINS_ATTRIBUTES.has(attribute)) {
    throw invalidSearch(`co: only on ${[...CONTAINS_ATTRIBUTES].join(', ')}`);
  }
  if (value === null) throw invalidSearch(`${attribute}: null is not a value to compare with (use pr)`);
  const caseInsensitive = mode === 'search';
  const compare = (v: string | number | boolean, op: SearchOperator = operator): UserCondition => ({
    kind: 'compare',
    field,
    operator: op,
    value: v,
    caseInsensitive,
  });
  switch (field.kind) {
    case 'date': {
      if (typeof value !== 'string' || !ISO_DATE.test(value) || Number.isNaN(Date.parse(value))) {
        throw invalidSearch(`${attribute}: compare with an ISO 8601 time in quotes, e.g. "2017-06-05T23:00:00.000Z"`);
      }
      if (operator === 'sw' || operator === 'co') throw invalidSearch(`${operator}: not supported on the date ${attribute}`);
      return compare(Date.parse(value));
    }
    case 'status': {
      const status = typeof value === 'string' ? (caseInsensitive ? value.toUpperCase() : value) : undefined;
      if (status === undefined || !(USER_STATUSES as readonly string[]).includes(status) || operator === 'co' || operator === 'sw') {
        throw invalidSearch(`status: compare (eq, gt, ge, lt, le) with one of ${USER_STATUSES.join(', ')}`);
      }
      return compare(status);
    }
    case 'id':
    case 'constant':
      if (typeof value !== 'string') throw invalidSearch(`${attribute}: compare with a "string"`);
      return compare(value);
    case 'profile':
      if (typeof value === 'boolean' && operator !== 'eq') throw invalidSearch(`${operator}: true and false only compare with eq`);
      if (typeof value !== 'string' && (operator === 'sw' || operator === 'co'))
        throw invalidSearch(`${operator}: compares with a "string"`);
      return compare(value);
  }
}

/**
 * Parses a `search` or `filter` expression into the condition the store runs. Anything Okta would
 * refuse, or devorg can't evaluate as Okta would, is "Invalid search criteria" rather than a silent
 * match-all.
 */
export function parseUserExpression(expression: string, mode: ExpressionMode = 'search'): UserCondition {
  let parsed: Expression;
  try {
    parsed = parseExpression(expression);
  } catch (err) {
    if (err instanceof ExpressionSyntaxError) throw invalidSearch(`Invalid search syntax: ${err.message} (at character ${err.at + 1})`);
    throw err;
  }
  return toCondition(parsed, mode);
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
