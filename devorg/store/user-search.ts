/**
 * A user search condition (what `search`/`filter` expressions become once the management API has
 * checked them against Okta's rules) and its translation to SQL over the `users` table. Values are
 * always bound as arguments; attribute names only reach the SQL as JSON paths built from
 * `[A-Za-z0-9_]` names, and those too are bound.
 */
import { key } from './db';

/** What a comparison looks at. Dates are epoch milliseconds; `constant` is a value every user shares (`type.id`). */
export type UserField =
  | { kind: 'id' }
  | { kind: 'status' }
  | { kind: 'date'; column: 'createdAt' | 'lastUpdatedAt' | 'activatedAt' | 'statusChangedAt' }
  | { kind: 'profile'; attribute: string }
  | { kind: 'constant'; value: string };

export type SearchOperator = 'eq' | 'sw' | 'co' | 'gt' | 'ge' | 'lt' | 'le';

export type UserCondition =
  | { kind: 'and' | 'or'; operands: UserCondition[] }
  | {
      kind: 'compare';
      field: UserField;
      operator: SearchOperator;
      value: string | number | boolean;
      /** Okta's `search` compares string values case-insensitively; `filter` does not. */
      caseInsensitive: boolean;
    }
  | { kind: 'present'; field: UserField };

const DATE_COLUMNS = {
  createdAt: 'created_at',
  lastUpdatedAt: 'last_updated_at',
  activatedAt: 'activated_at',
  statusChangedAt: 'status_changed_at',
} as const;

const SQL_OPERATORS = { eq: '=', gt: '>', ge: '>=', lt: '<', le: '<=' } as const;

const NAME = /^[A-Za-z0-9_]+$/;

export interface SqlCondition {
  sql: string;
  args: (string | number)[];
}

/** `'$."nickName"'`; names are checked, so the quoting can't be escaped from. */
function jsonPath(attribute: string): string {
  if (!NAME.test(attribute)) throw new Error(`invalid profile attribute name ${JSON.stringify(attribute)}`);
  return `$."${attribute}"`;
}

/** A string comparison of `expr` with `?`: eq/gt/…, `sw` (prefix) and `co` (substring), without LIKE's wildcards. */
function compareText(expr: string, operator: SearchOperator, value: string, caseInsensitive: boolean): SqlCondition {
  const col = caseInsensitive ? `lower(${expr})` : expr;
  const arg = caseInsensitive ? value.toLowerCase() : value;
  if (operator === 'sw') return { sql: `substr(${col}, 1, ?) = ?`, args: [arg.length, arg] };
  if (operator === 'co') return { sql: `instr(${col}, ?) > 0`, args: [arg] };
  return { sql: `${col} ${SQL_OPERATORS[operator]} ?`, args: [arg] };
}

function compare(condition: Extract<UserCondition, { kind: 'compare' }>): SqlCondition {
  const { field, operator, value, caseInsensitive } = condition;
  switch (field.kind) {
    case 'id':
      return compareText('id', operator, String(value), false);
    case 'status':
      return compareText('status', operator, String(value), false);
    case 'constant':
      return prepend(field.value, compareText('?', operator, String(value), caseInsensitive));
    case 'date':
      if (typeof value !== 'number' || operator === 'sw' || operator === 'co') throw new Error('a date compares with a time');
      return { sql: `${DATE_COLUMNS[field.column]} ${SQL_OPERATORS[operator]} ?`, args: [value] };
    case 'profile': {
      const path = jsonPath(field.attribute);
      // The login and email have indexed lookup keys (trimmed, lower-case): a case-insensitive equality uses them.
      if (
        operator === 'eq' &&
        caseInsensitive &&
        typeof value === 'string' &&
        (field.attribute === 'login' || field.attribute === 'email')
      ) {
        return { sql: `${field.attribute === 'login' ? 'login_key' : 'email_key'} = ?`, args: [key(value)] };
      }
      if (typeof value === 'boolean') {
        if (operator !== 'eq') throw new Error('a boolean only compares for equality');
        return { sql: 'json_type(profile, ?) = ?', args: [path, value ? 'true' : 'false'] };
      }
      if (typeof value === 'number') {
        if (operator === 'sw' || operator === 'co') throw new Error('a number has no prefix');
        return {
          sql: `(json_type(profile, ?) IN ('integer', 'real') AND json_extract(profile, ?) ${SQL_OPERATORS[operator]} ?)`,
          args: [path, path, value],
        };
      }
      const text = compareText('json_extract(profile, ?)', operator, value, caseInsensitive);
      return { sql: `(json_type(profile, ?) = 'text' AND ${text.sql})`, args: [path, path, ...text.args] };
    }
  }
}

function prepend(arg: string, condition: SqlCondition): SqlCondition {
  return { sql: condition.sql, args: [arg, ...condition.args] };
}

function present(field: UserField): SqlCondition {
  switch (field.kind) {
    case 'id':
    case 'status':
    case 'constant':
      return { sql: '1', args: [] };
    case 'date':
      return { sql: `${DATE_COLUMNS[field.column]} IS NOT NULL`, args: [] };
    case 'profile': {
      // Okta's `pr`: the attribute has a value (null and the empty string count as none).
      const path = jsonPath(field.attribute);
      return { sql: `(json_type(profile, ?) <> 'null' AND json_extract(profile, ?) IS NOT '')`, args: [path, path] };
    }
  }
}

/** The condition as one parenthesised SQL boolean expression over the `users` table. */
export function userConditionSql(condition: UserCondition): SqlCondition {
  switch (condition.kind) {
    case 'and':
    case 'or': {
      const parts = condition.operands.map(userConditionSql);
      return {
        sql: `(${parts.map((p) => p.sql).join(condition.kind === 'and' ? ' AND ' : ' OR ')})`,
        args: parts.flatMap((p) => p.args),
      };
    }
    case 'compare':
      return compare(condition);
    case 'present':
      return present(condition.field);
  }
}
