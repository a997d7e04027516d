/**
 * A search condition (what `search`/`filter` expressions become once the management API has checked
 * them against Okta's rules) and its translation to SQL over one table with a JSON `profile` column
 * (users, groups). Values are always bound as arguments; column names come from the table's own
 * allow-list (`TABLES`), and profile attribute names only reach the SQL as bound JSON paths built
 * from `[A-Za-z0-9_]` names.
 */
import { key } from './db';

/** The columns a search may name, per table: logical name → SQL column. */
const TABLES = {
  users: {
    text: { id: 'id', status: 'status' },
    date: { createdAt: 'created_at', lastUpdatedAt: 'last_updated_at', activatedAt: 'activated_at', statusChangedAt: 'status_changed_at' },
    /** Indexed lookup keys (trimmed, lower-case) of profile attributes: a case-insensitive equality uses them. */
    keys: { login: 'login_key', email: 'email_key' } as Record<string, string>,
  },
  groups: {
    text: { id: 'id', type: 'type' },
    date: { createdAt: 'created_at', lastUpdatedAt: 'last_updated_at', lastMembershipUpdatedAt: 'last_membership_updated_at' },
    keys: {} as Record<string, string>,
  },
} as const;

type Table = keyof typeof TABLES;

/** What a comparison looks at. Dates are epoch milliseconds; `constant` is a value every row shares (a user's `type.id`). */
export type SearchField<T extends Table = Table> = T extends Table
  ? | { kind: 'text'; column: keyof (typeof TABLES)[T]['text'] }
    | { kind: 'date'; column: keyof (typeof TABLES)[T]['date'] }
    | { kind: 'profile'; attribute: string }
    | { kind: 'constant'; value: string }
  : never;

export type UserField = SearchField<'users'>;
export type GroupField = SearchField<'groups'>;

export type SearchOperator = 'eq' | 'sw' | 'co' | 'gt' | 'ge' | 'lt' | 'le';

export type SearchCondition<T extends Table = Table> =
  | { kind: 'and' | 'or'; operands: SearchCondition<T>[] }
  | {
      kind: 'compare';
      field: SearchField<T>;
      operator: SearchOperator;
      value: string | number | boolean;
      /** Okta's `search` compares string values case-insensitively; `filter` does not. */
      caseInsensitive: boolean;
    }
  | { kind: 'present'; field: SearchField<T> };

export type UserCondition = SearchCondition<'users'>;
export type GroupCondition = SearchCondition<'groups'>;

interface Columns {
  text: Record<string, string>;
  date: Record<string, string>;
  keys: Record<string, string>;
}

function column(columns: Record<string, string>, name: PropertyKey): string {
  const sql = typeof name === 'string' ? columns[name] : undefined;
  if (sql === undefined) throw new Error(`no searchable column ${String(name)}`);
  return sql;
}

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

function compare(condition: Extract<SearchCondition, { kind: 'compare' }>, columns: Columns): SqlCondition {
  const { field, operator, value, caseInsensitive } = condition;
  switch (field.kind) {
    case 'text':
      // Ids and enumerations (status, type) are compared as stored; callers normalise enumerations.
      return compareText(column(columns.text, field.column), operator, String(value), false);
    case 'constant':
      return prepend(field.value, compareText('?', operator, String(value), caseInsensitive));
    case 'date':
      if (typeof value !== 'number' || operator === 'sw' || operator === 'co') throw new Error('a date compares with a time');
      return { sql: `${column(columns.date, field.column)} ${SQL_OPERATORS[operator]} ?`, args: [value] };
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

function present(field: SearchField, columns: Columns): SqlCondition {
  switch (field.kind) {
    case 'text':
    case 'constant':
      return { sql: '1', args: [] };
    case 'date':
      return { sql: `${column(columns.date, field.column)} IS NOT NULL`, args: [] };
    case 'profile': {
      // Okta's `pr`: the attribute has a value (null and the empty string count as none).
      const path = jsonPath(field.attribute);
      return { sql: `(json_type(profile, ?) <> 'null' AND json_extract(profile, ?) IS NOT '')`, args: [path, path] };
    }
  }
}

/** The condition as one parenthesised SQL boolean expression over `table`. */
export function conditionSql<T extends Table>(table: T, condition: SearchCondition<T>): SqlCondition {
  return toSql(condition, TABLES[table]);
}

function toSql(condition: SearchCondition, columns: Columns): SqlCondition {
  switch (condition.kind) {
    case 'and':
    case 'or': {
      const parts = condition.operands.map((c) => toSql(c, columns));
      return {
        sql: `(${parts.map((p) => p.sql).join(condition.kind === 'and' ? ' AND ' : ' OR ')})`,
        args: parts.flatMap((p) => p.args),
      };
    }
    case 'compare':
      return compare(condition, columns);
    case 'present':
      return present(condition.field, columns);
  }
}
