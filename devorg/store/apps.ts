/**
 * The apps' state that is not configuration: the digest of each generated client secret, and which
 * users are assigned to which app (`/api/v1/apps/{id}/users`).
 */
import { num, str, type Db } from './db';

export interface AppAssignment {
  appId: string;
  userId: string;
  createdAt: number;
}

export function appsRepository(db: Db) {
  return {
    async appSecretDigest(clientId: string): Promise<string | undefined> {
      const row = await db.one('SELECT secret_digest FROM app_secrets WHERE client_id = ?', [clientId]);
      return row ? str(row, 'secret_digest') : undefined;
    },

    /** Keeps the first digest stored for the app (two starts racing keep one secret); says whether this one was kept. */
    async saveAppSecretDigest(clientId: string, digest: string, now: number): Promise<boolean> {
      const n = await db.run('INSERT OR IGNORE INTO app_secrets (client_id, secret_digest, created_at) VALUES (?, ?, ?)', [
        clientId,
        digest,
        now,
      ]);
      return n === 1;
    },

    /** Assigns the user to the app; assigning twice keeps the first assignment (its date). */
    async assignApp(appId: string, userId: string, now: number): Promise<AppAssignment> {
      await db.run('INSERT OR IGNORE INTO app_assignments (app_id, user_id, created_at) VALUES (?, ?, ?)', [appId, userId, now]);
      const row = await db.one('SELECT created_at FROM app_assignments WHERE app_id = ? AND user_id = ?', [appId, userId]);
      return { appId, userId, createdAt: row ? num(row, 'created_at') : now };
    },

    /** Whether there was an assignment to remove. */
    async unassignApp(appId: string, userId: string): Promise<boolean> {
      return (await db.run('DELETE FROM app_assignments WHERE app_id = ? AND user_id = ?', [appId, userId])) === 1;
    },

    async appAssignment(appId: string, userId: string): Promise<AppAssignment | undefined> {
      const row = await db.one('SELECT created_at FROM app_assignments WHERE app_id = ? AND user_id = ?', [appId, userId]);
      return row ? { appId, userId, createdAt: num(row, 'created_at') } : undefined;
    },

    /** The app's assignments in user-id order, a page at a time (`after` a user id). */
    async appAssignments(appId: string, opts: { after?: string; limit: number }): Promise<AppAssignment[]> {
      const rs = await db.execute({
        sql: 'SELECT user_id, created_at FROM app_assignments WHERE app_id = ? AND user_id > ? ORDER BY user_id LIMIT ?',
        args: [appId, opts.after ?? '', opts.limit],
      });
      return rs.rows.map((r) => ({ appId, userId: str(r, 'user_id'), createdAt: num(r, 'created_at') }));
    },
  };
}

export type AppsRepository = ReturnType<typeof appsRepository>;
