/**
 * Inline hooks (Okta's `/api/v1/inlineHooks`): the external services Okta calls synchronously from a
 * flow and waits for (devorg: the registration inline hook, `com.okta.user.pre-registration`). The
 * channel (URI, headers, auth header with its secret) is a JSON column of the same shape as an event
 * hook's; the secret never leaves the store through the API (`management/inline-hooks-api.ts` leaves it out).
 */
import { num, type Db, type Statement } from './db';
import type { EventHookChannel } from './event-hooks';

export type InlineHookStatus = 'ACTIVE' | 'INACTIVE';

/** The only inline hook type devorg runs; Okta's others are refused by the API with a cause naming them. */
export type InlineHookType = 'com.okta.user.pre-registration';

export interface InlineHookRecord {
  id: string;
  name: string;
  type: InlineHookType;
  version: string;
  status: InlineHookStatus;
  channel: EventHookChannel;
  createdAt: number;
  lastUpdatedAt: number;
}

const HOOK_JSON = `json_object('id', id, 'name', name, 'type', type, 'version', version, 'status', status,
  'channel', json(channel), 'createdAt', created_at, 'lastUpdatedAt', last_updated_at)`;

function hookInsert(hook: InlineHookRecord, orIgnore = false): Statement {
  return {
    sql: `INSERT ${orIgnore ? 'OR IGNORE ' : ''}INTO inline_hooks (id, name, type, version, status, channel, created_at, last_updated_at)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    args: [hook.id, hook.name, hook.type, hook.version, hook.status, JSON.stringify(hook.channel), hook.createdAt, hook.lastUpdatedAt],
  };
}

export function inlineHooksRepository(db: Db) {
  return {
    async createInlineHook(hook: InlineHookRecord): Promise<void> {
      await db.execute(hookInsert(hook));
    },

    /** Creates the hook unless one with its id exists (the config's declared hooks, at start-up); true when created. */
    async seedInlineHook(hook: InlineHookRecord): Promise<boolean> {
      const insert = hookInsert(hook, true);
      return (await db.run(insert.sql, insert.args)) > 0;
    },

    /** Writes every mutable member; false when the hook no longer exists. */
    async updateInlineHook(hook: InlineHookRecord): Promise<boolean> {
      const changed = await db.run(
        `UPDATE inline_hooks SET name = ?, version = ?, status = ?, channel = ?, last_updated_at = ? WHERE id = ?`,
        [hook.name, hook.version, hook.status, JSON.stringify(hook.channel), hook.lastUpdatedAt, hook.id],
      );
      return changed > 0;
    },

    inlineHookById(id: string): Promise<InlineHookRecord | undefined> {
      return db.json<InlineHookRecord>(`SELECT ${HOOK_JSON} FROM inline_hooks WHERE id = ?`, [id]);
    },

    /** Oldest first; only hooks of `type` when given. */
    listInlineHooks(type?: string): Promise<InlineHookRecord[]> {
      return type === undefined
        ? db.jsonAll<InlineHookRecord>(`SELECT ${HOOK_JSON} FROM inline_hooks ORDER BY created_at, id`)
        : db.jsonAll<InlineHookRecord>(`SELECT ${HOOK_JSON} FROM inline_hooks WHERE type = ? ORDER BY created_at, id`, [type]);
    },

    async countInlineHooks(): Promise<number> {
      const row = await db.one('SELECT count(*) AS n FROM inline_hooks');
      return row ? num(row, 'n') : 0;
    },

    async deleteInlineHook(id: string): Promise<boolean> {
      return (await db.run('DELETE FROM inline_hooks WHERE id = ?', [id])) > 0;
    },
  };
}

export type InlineHooksRepository = ReturnType<typeof inlineHooksRepository>;
