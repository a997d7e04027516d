/**
 * Event hooks (Okta's `/api/v1/eventHooks`) and the record of every delivery attempt. A hook's
 * subscribed event types and its channel (URI, headers, auth header with its secret) are JSON columns;
 * the secret never leaves the store through the API (`management/event-hook-json.ts` leaves it out).
 */
import { num, str, type Db, type Statement } from './db';

export type EventHookStatus = 'ACTIVE' | 'INACTIVE';
export type EventHookVerification = 'UNVERIFIED' | 'VERIFIED';

export interface EventHookChannel {
  uri: string;
  version: string;
  headers: { key: string; value: string }[];
  authScheme: { type: 'HEADER'; key: string; value: string } | null;
}

export interface EventHookRecord {
  id: string;
  name: string;
  description: string | null;
  status: EventHookStatus;
  verificationStatus: EventHookVerification;
  /** Subscribed event types (Okta's `events.items`). */
  events: string[];
  channel: EventHookChannel;
  createdAt: number;
  lastUpdatedAt: number;
}

export interface DeliveryRecord {
  id: string;
  hookId: string;
  /** The payload's `eventId` (the same on every attempt of one delivery). */
  eventId: string;
  /** Event types of the LogEvents the payload carried. */
  eventTypes: string[];
  attempt: number;
  result: 'SUCCESS' | 'FAILURE';
  httpStatus: number | null;
  error: string | null;
  startedAt: number;
  durationMs: number;
}

const HOOK_JSON = `json_object('id', id, 'name', name, 'description', description, 'status', status,
  'verificationStatus', verification_status, 'events', json(events), 'channel', json(channel),
  'createdAt', created_at, 'lastUpdatedAt', last_updated_at)`;

function hookInsert(hook: EventHookRecord): Statement {
  return {
    sql: `INSERT INTO event_hooks (id, name, description, status, verification_status, events, channel, created_at, last_updated_at)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    args: [
      hook.id,
      hook.name,
      hook.description,
      hook.status,
      hook.verificationStatus,
      JSON.stringify(hook.events),
      JSON.stringify(hook.channel),
      hook.createdAt,
      hook.lastUpdatedAt,
    ],
  };
}

export function eventHooksRepository(db: Db) {
  return {
    async createEventHook(hook: EventHookRecord): Promise<void> {
      await db.execute(hookInsert(hook));
    },

    /** Every hook replaced by these, in one write transaction (a snapshot's restore, dev/snapshot.ts). */
    async replaceEventHooks(hooks: readonly EventHookRecord[]): Promise<void> {
      await db.writeBatch([{ sql: 'DELETE FROM event_hooks', args: [] }, ...hooks.map(hookInsert)]);
    },

    /** Writes every mutable member; false when the hook no longer exists. */
    async updateEventHook(hook: EventHookRecord): Promise<boolean> {
      const changed = await db.run(
        `UPDATE event_hooks SET name = ?, description = ?, status = ?, verification_status = ?, events = ?, channel = ?, last_updated_at = ?
         WHERE id = ?`,
        [
          hook.name,
          hook.description,
          hook.status,
          hook.verificationStatus,
          JSON.stringify(hook.events),
          JSON.stringify(hook.channel),
          hook.lastUpdatedAt,
          hook.id,
        ],
      );
      return changed > 0;
    },

    eventHookById(id: string): Promise<EventHookRecord | undefined> {
      return db.json<EventHookRecord>(`SELECT ${HOOK_JSON} FROM event_hooks WHERE id = ?`, [id]);
    },

    listEventHooks(): Promise<EventHookRecord[]> {
      return db.jsonAll<EventHookRecord>(`SELECT ${HOOK_JSON} FROM event_hooks ORDER BY created_at, id`);
    },

    async countEventHooks(): Promise<number> {
      const row = await db.one('SELECT count(*) AS n FROM event_hooks');
      return row ? num(row, 'n') : 0;
    },

    async deleteEventHook(id: string): Promise<boolean> {
      return (await db.run('DELETE FROM event_hooks WHERE id = ?', [id])) > 0;
    },

    async recordDelivery(d: DeliveryRecord, keep: number): Promise<void> {
      await db.writeBatch([
        {
          sql: `INSERT INTO event_hook_deliveries (id, hook_id, event_id, event_types, attempt, result, http_status, error, started_at, duration_ms)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          args: [
            d.id,
            d.hookId,
            d.eventId,
            JSON.stringify(d.eventTypes),
            d.attempt,
            d.result,
            d.httpStatus,
            d.error,
            d.startedAt,
            d.durationMs,
          ],
        },
        {
          sql: `DELETE FROM event_hook_deliveries WHERE rowid <= (SELECT rowid FROM event_hook_deliveries ORDER BY rowid DESC LIMIT 1 OFFSET ?)`,
          args: [keep],
        },
      ]);
    },

    /** Newest first. */
    async clearDeliveries(): Promise<void> {
      await db.run('DELETE FROM event_hook_deliveries');
    },

    async deliveries(query: { hookId?: string; limit: number }): Promise<DeliveryRecord[]> {
      const where = query.hookId === undefined ? '' : 'WHERE hook_id = ?';
      const rs = await db.execute({
        sql: `SELECT * FROM event_hook_deliveries ${where} ORDER BY rowid DESC LIMIT ?`,
        args: query.hookId === undefined ? [query.limit] : [query.hookId, query.limit],
      });
      return rs.rows.map((r) => ({
        id: str(r, 'id'),
        hookId: str(r, 'hook_id'),
        eventId: str(r, 'event_id'),
        eventTypes: JSON.parse(str(r, 'event_types')) as string[],
        attempt: num(r, 'attempt'),
        result: str(r, 'result') as DeliveryRecord['result'],
        httpStatus: r.http_status === null ? null : num(r, 'http_status'),
        error: r.error === null ? null : str(r, 'error'),
        startedAt: num(r, 'started_at'),
        durationMs: num(r, 'duration_ms'),
      }));
    },
  };
}

export type EventHooksRepository = ReturnType<typeof eventHooksRepository>;
