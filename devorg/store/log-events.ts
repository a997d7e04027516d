/**
 * The System Log: one row per LogEvent, the event itself as JSON (`body`) next to the columns its
 * queries need (`published` and `seq` for order and cursors, `event_type` for the common filter,
 * `search_text` for `q`). A parsed `filter` (`LogFilter`) is compiled to SQL here; other attributes are
 * read from the JSON with `json_extract`, a target's with `json_each` over `target`.
 */
import type { InArgs } from '@libsql/client';
import type { LogEvent, LogFilter, LogFilterAttribute } from '../log/types';
import { str, type Db } from './db';

export interface StoredLogEvent {
  event: LogEvent;
  /** `published` in ms since the epoch. */
  publishedAt: number;
  /** Every string value of the event, lower-cased and space-joined: what `q` keywords are matched in. */
  searchText: string;
}

/** Where a page ends: the last event's `published` (ms) and insertion sequence. */
export interface LogPosition {
  publishedAt: number;
  seq: number;
}

export interface LogQuery {
  since: number;
  until?: number;
  filter?: LogFilter;
  /** Lower-cased keywords, each of which must occur in the event. */
  keywords: string[];
  limit: number;
  order: 'ASC' | 'DESC';
  after?: LogPosition;
}

interface SqlPart {
  sql: string;
  args: (string | number)[];
}

/** The SQL expression for an attribute of a (non-target) event member. */
function column(attribute: Exclude<LogFilterAttribute, `target.${string}`>): string {
  if (attribute === 'eventType') return 'event_type';
  return `json_extract(body, '$.${attribute}')`;
}

function comparison(expr: string, operator: 'eq' | 'sw' | 'co', value: string): SqlPart {
  switch (operator) {
    case 'eq':
      return { sql: `${expr} = ?`, args: [value] };
    case 'sw':
      return { sql: `substr(${expr}, 1, ?) = ?`, args: [value.length, value] };
    case 'co':
      return { sql: `instr(${expr}, ?) > 0`, args: [value] };
  }
}

function compile(filter: LogFilter): SqlPart {
  switch (filter.kind) {
    case 'and':
    case 'or': {
      const left = compile(filter.left);
      const right = compile(filter.right);
      return { sql: `(${left.sql} ${filter.kind.toUpperCase()} ${right.sql})`, args: [...left.args, ...right.args] };
    }
    case 'present':
    case 'compare': {
      const test = (expr: string): SqlPart =>
        filter.kind === 'present' ? { sql: `${expr} IS NOT NULL`, args: [] } : comparison(expr, filter.operator, filter.value);
      const { attribute } = filter;
      if (!attribute.startsWith('target.')) return test(column(attribute as Exclude<LogFilterAttribute, `target.${string}`>));
      const inner = test(`json_extract(t.value, '$.${attribute.slice('target.'.length)}')`);
      return { sql: `EXISTS (SELECT 1 FROM json_each(body, '$.target') t WHERE ${inner.sql})`, args: inner.args };
    }
  }
}

export function logEventsRepository(db: Db) {
  return {
    /** One multi-row INSERT for a batch of events (the recorder queues them). */
    async insertLogEvents(events: readonly StoredLogEvent[]): Promise<void> {
      if (!events.length) return;
      const args: (string | number)[] = [];
      for (const e of events) args.push(e.event.uuid, e.publishedAt, e.event.eventType, e.searchText, JSON.stringify(e.event));
      const values = events.map(() => '(?, ?, ?, ?, ?)').join(', ');
      await db.run(`INSERT OR IGNORE INTO log_events (uuid, published, event_type, search_text, body) VALUES ${values}`, args);
    },

    /** A page of events in `published` order (then insertion order), with each one's position for the cursor. */
    async listLogEvents(query: LogQuery): Promise<{ event: LogEvent; position: LogPosition }[]> {
      const where: string[] = ['published >= ?'];
      const args: (string | number)[] = [query.since];
      if (query.until !== undefined) {
        where.push('published < ?');
        args.push(query.until);
      }
      if (query.after) {
        const cmp = query.order === 'ASC' ? '>' : '<';
        where.push(`(published, seq) ${cmp} (?, ?)`);
        args.push(query.after.publishedAt, query.after.seq);
      }
      for (const keyword of query.keywords) {
        where.push('instr(search_text, ?) > 0');
        args.push(keyword);
      }
      if (query.filter) {
        const compiled = compile(query.filter);
        where.push(compiled.sql);
        args.push(...compiled.args);
      }
      const rs = await db.execute({
        sql: `SELECT seq, published, body FROM log_events WHERE ${where.join(' AND ')}
              ORDER BY published ${query.order}, seq ${query.order} LIMIT ?`,
        args: [...args, query.limit] as InArgs,
      });
      return rs.rows.map((row) => ({
        event: JSON.parse(str(row, 'body')) as LogEvent,
        position: { publishedAt: Number(row.published), seq: Number(row.seq) },
      }));
    },

    /**
     * Retention: events older than `before` go, then all but the newest `keep`. `seq` only grows and
     * only the oldest rows are ever deleted, so the newest `keep` are those above `max(seq) - keep`:
     * two range deletes on indexes, whatever the table's size (no OFFSET scan).
     */
    async pruneLogEvents(before: number, keep: number): Promise<void> {
      await db.run('DELETE FROM log_events WHERE published < ?', [before]);
      await db.run('DELETE FROM log_events WHERE seq <= (SELECT max(seq) FROM log_events) - ?', [keep]);
    },

    async clearLogEvents(): Promise<void> {
      await db.run('DELETE FROM log_events');
    },
  };
}

export type LogEventsRepository = ReturnType<typeof logEventsRepository>;
