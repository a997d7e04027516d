/**
 * `GET /api/v1/users` query parameters: `search`/`filter` expressions, `limit` and the opaque `after`
 * cursor. `limit` and `after` are schema fields (`limitParam`, `cursorParam`, used by the list query's
 * schema in `schemas.ts`); an expression is parsed once the query is (grammar: `expression.ts`), checked
 * against Okta's rules for `search` or `filter` here, and run by the store (`store/user-search.ts`).
 */
import { z } from 'zod';
import { ApiError } from '../errors';
import type { GroupCondition, GroupField, SearchCondition, SearchField, UserCondition, UserField, UserQuery, UserStatus } from '../store';
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

/** `search` takes Okta's whole language; `filter` only its subset (a few attributes, `eq`, ranges on some dates). */
export type ExpressionMode = 'search' | 'filter';

const RANGE_OPERATORS: readonly string[] = ['gt', 'ge', 'lt', 'le'];

/** `2017-06-05T23:00:00.000Z`: the ISO 8601 form Okta's date attributes compare with. */
const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?(?:Z|[+-]\d{2}:\d{2})$/;

/** What one resource's `search` and `filter` accept, as Okta documents it. */
interface SearchRules<F extends SearchField> {
  /** Top-level attributes (`id`, `status`, `created`, …) → field; `profile.<name>` is always a profile field. */
  attributes: Readonly<Record<string, F>>;
  /** Enumerated attributes and their values (in `search` compared in any case). */
  enums: Readonly<Record<string, readonly string[]>>;
  /** What `filter` accepts: these attributes with `eq`, and `ranges` also with gt, ge, lt, le. */
  filter: { attributes: ReadonlySet<string>; ranges: ReadonlySet<string> };
  /** Okta's `co` works on these attributes only. */
  contains: ReadonlySet<string>;
}

const USER_RULES: SearchRules<UserField> = {
  attributes: {
    id: { kind: 'text', column: 'id' },
    status: { kind: 'text', column: 'status' },
    'type.id': { kind: 'constant', value: DEFAULT_USER_TYPE_ID },
    created: { kind: 'date', column: 'createdAt' },
    lastUpdated: { kind: 'date', column: 'lastUpdatedAt' },
    activated: { kind: 'date', column: 'activatedAt' },
    statusChanged: { kind: 'date', column: 'statusChangedAt' },
  },
  enums: { status: USER_STATUSES },
  filter: {
    attributes: new Set(['status', 'lastUpdated', 'id', 'profile.login', 'profile.email', 'profile.firstName', 'profile.lastName']),
    ranges: new Set(['lastUpdated']),
  },
  contains: new Set(['profile.firstName', 'profile.lastName', 'profile.email', 'profile.login']),
};

export const GROUP_TYPES = ['OKTA_GROUP', 'APP_GROUP', 'BUILT_IN'] as const;

const GROUP_RULES: SearchRules<GroupField> = {
  attributes: {
    id: { kind: 'text', column: 'id' },
    type: { kind: 'text', column: 'type' },
    created: { kind: 'date', column: 'createdAt' },
    lastUpdated: { kind: 'date', column: 'lastUpdatedAt' },
    lastMembershipUpdated: { kind: 'date', column: 'lastMembershipUpdatedAt' },
  },
  enums: { type: GROUP_TYPES },
  filter: {
    attributes: new Set(['id', 'type', 'lastUpdated', 'lastMembershipUpdated']),
    ranges: new Set(['lastUpdated', 'lastMembershipUpdated']),
  },
  contains: new Set(['profile.name', 'profile.description']),
};

function fieldOf<F extends SearchField>(rules: SearchRules<F>, attribute: string): F | { kind: 'profile'; attribute: string } | undefined {
  if (Object.hasOwn(rules.attributes, attribute)) return rules.attributes[attribute];
  const profile = /^profile\.([A-Za-z0-9_]+)$/.exec(attribute);
  return profile?.[1] ? { kind: 'profile', attribute: profile[1] } : undefined;
}

/** Checks a parsed expression against Okta's rules for `mode` and turns it into the store's condition. */
function toCondition(expression: Expression, mode: ExpressionMode, rules: SearchRules<SearchField>): SearchCondition {
  if ('operands' in expression) {
    return { kind: expression.kind, operands: expression.operands.map((e) => toCondition(e, mode, rules)) };
  }
  const { attribute } = expression;
  const field = fieldOf(rules, attribute);
  if (!field) throw invalidSearch(`${attribute}: not an attribute devorg can search`);
  if (mode === 'filter' && !rules.filter.attributes.has(attribute)) {
    throw invalidSearch(`${attribute}: filter does not support this attribute (search does)`);
  }
  if (expression.kind === 'present') {
    if (mode === 'filter') throw invalidSearch('pr: filter supports only eq (search supports pr)');
    return { kind: 'present', field };
  }
  const { operator, value } = expression;
  if (operator === 'ne') throw invalidSearch('ne: not supported; use (attribute lt "value" or attribute gt "value")');
  if (operator === 'ew') throw invalidSearch('ew: not supported');
  if (mode === 'filter' && operator !== 'eq' && !(rules.filter.ranges.has(attribute) && RANGE_OPERATORS.includes(operator))) {
    throw invalidSearch(`${operator}: filter supports only eq (and gt, ge, lt, le on ${[...rules.filter.ranges].join(', ')})`);
  }
  if (operator === 'co' && !rules.contains.has(attribute)) throw invalidSearch(`co: only on ${[...rules.contains].join(', ')}`);
  if (value === null) throw invalidSearch(`${attribute}: null is not a value to compare with (use pr)`);
  const caseInsensitive = mode === 'search';
  const compare = (v: string | number | boolean): SearchCondition => ({ kind: 'compare', field, operator, value: v, caseInsensitive });
  const allowed = rules.enums[attribute];
  if (allowed) {
    const v = typeof value === 'string' ? (caseInsensitive ? value.toUpperCase() : value) : undefined;
    if (v === undefined || !allowed.includes(v) || operator === 'co' || operator === 'sw') {
      throw invalidSearch(`${attribute}: compare (eq, gt, ge, lt, le) with one of ${allowed.join(', ')}`);
    }
    return compare(v);
  }
  switch (field.kind) {
    case 'date': {
      if (typeof value !== 'string' || !ISO_DATE.test(value) || Number.isNaN(Date.parse(value))) {
        throw invalidSearch(`${attribute}: compare with an ISO 8601 time in quotes, e.g. "2017-06-05T23:00:00.000Z"`);
      }
      if (operator === 'sw' || operator === 'co') throw invalidSearch(`${operator}: not supported on the date ${attribute}`);
      return compare(Date.parse(value));
    }
    case 'text':
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

function parseOrRefuse(expression: string): Expression {
  try {
    return parseExpression(expression);
  } catch (err) {
    if (err instanceof ExpressionSyntaxError) throw invalidSearch(`Invalid search syntax: ${err.message} (at character ${err.at + 1})`);
    throw err;
  }
}

/**
 * Parses a users `search` or `filter` expression into the condition the store runs. Anything Okta
 * would refuse, or devorg can't evaluate as Okta would, is "Invalid search criteria" rather than a
 * silent match-all.
 */
export function parseUserExpression(expression: string, mode: ExpressionMode = 'search'): UserCondition {
  // The rules only hand out users' fields, so the condition is one over the users table.
  return toCondition(parseOrRefuse(expression), mode, USER_RULES) as UserCondition;
}

/** The same for groups (`type`, `id`, `profile.*`, `created`, `lastUpdated`, `lastMembershipUpdated`). */
export function parseGroupExpression(expression: string, mode: ExpressionMode = 'search'): GroupCondition {
  return toCondition(parseOrRefuse(expression), mode, GROUP_RULES) as GroupCondition;
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

/** `Link: <…>; rel="self", <…&after=…>; rel="next"`. The SDK follows `next` verbatim until it is absent. */
export function linkHeader(base: string, params: [string, string][], after: string | undefined, next: string | undefined): string {
  const url = (extra: [string, string][]) => `${base}?${[...params, ...extra].map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&')}`;
  const links = [`<${url(after ? [['after', after]] : [])}>; rel="self"`];
  if (next) links.push(`<${url([['after', next]])}>; rel="next"`);
  return links.join(', ');
}
