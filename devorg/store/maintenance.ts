/** Whole-store housekeeping: purging what has expired, the dev console's reset, SQLite's integrity check. */
import type { Db } from './db';
import { forgetTransactions } from './transactions';

export function maintenanceRepository(db: Db) {
  return {
    async purgeExpired(now: number): Promise<void> {
      // Keep expired transactions for an hour so a late introspect still gets "session expired", not "unknown".
      const expiredBefore = now - 3600_000;
      await db.writeBatch([
        { sql: 'DELETE FROM transactions WHERE expires_at < ?', args: [expiredBefore] },
        { sql: 'DELETE FROM interaction_codes WHERE expires_at < ?', args: [now - 3600_000] },
        { sql: 'DELETE FROM tokens WHERE expires_at < ?', args: [now - 3600_000] },
        { sql: 'DELETE FROM sessions WHERE expires_at < ?', args: [now] },
        { sql: 'DELETE FROM activation_tokens WHERE expires_at < ?', args: [now] },
      ]);
      forgetTransactions(db, expiredBefore);
    },

    /** Wipes every row (dev console "reset"); keys stay so cached JWKS remain valid. */
    async reset(): Promise<void> {
      await db.writeBatch([
        'DELETE FROM tokens',
        'DELETE FROM sessions',
        'DELETE FROM interaction_codes',
        'DELETE FROM transactions',
        'DELETE FROM enrollments',
        'DELETE FROM outbox',
        'DELETE FROM activation_tokens',
        'DELETE FROM password_history',
        'DELETE FROM group_members',
        // The built-in Everyone group is part of every org, as on Okta.
        "DELETE FROM user_groups WHERE type <> 'BUILT_IN'",
        'DELETE FROM users',
      ]);
      forgetTransactions(db);
    },

    /** SQLite's own consistency check: `['ok']` when the file is sound (used after crash tests). */
    async integrityCheck(): Promise<string[]> {
      const rs = await db.execute('PRAGMA integrity_check');
      return rs.rows.map((r) => String(r[0] as string));
    },
  };
}

export type MaintenanceRepository = ReturnType<typeof maintenanceRepository>;
