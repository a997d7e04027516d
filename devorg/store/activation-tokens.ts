/**
 * Activation tokens: a self-registered account waiting for its email to be verified (Okta's "Email
 * verification required before access") is activated by the link in its activation email. Only the
 * token's hash is kept; a token works once, until it expires, and only for an account still PROVISIONED.
 */
import { enrollmentInserts, type EnrollmentRecord } from './enrollments';
import { str, type Db, type Statement } from './db';

export interface ActivationTokenRecord {
  tokenHash: string;
  userId: string;
  expiresAt: number;
  createdAt: number;
}

/** The insert of a token, for the batch that creates its user (store/users.ts). */
export function activationTokenInsert(t: ActivationTokenRecord): Statement {
  return {
    sql: 'INSERT INTO activation_tokens (token_hash, user_id, expires_at, created_at) VALUES (?, ?, ?, ?)',
    args: [t.tokenHash, t.userId, t.expiresAt, t.createdAt],
  };
}

export function activationTokensRepository(db: Db) {
  return {
    /**
     * Spends the token and activates its account in one write transaction: the account becomes ACTIVE
     * with the enrollment `enrollmentOf` makes for it (its verified email address). The user's id, or undefined
     * when the token is unknown, spent, expired, or its account is no longer PROVISIONED.
     */
    async activateWithToken(
      tokenHash: string,
      now: number,
      enrollmentOf: (user: { id: string; email: string }) => EnrollmentRecord,
    ): Promise<string | undefined> {
      const tx = await db.writeTransaction();
      try {
        const claimed = await tx.execute({
          sql: 'DELETE FROM activation_tokens WHERE token_hash = ? RETURNING user_id, expires_at',
          args: [tokenHash],
        });
        const row = claimed.rows[0];
        const userId = row ? str(row, 'user_id') : undefined;
        if (!row || !userId || Number(row.expires_at) <= now) {
          await tx.commit();
          return undefined;
        }
        const activated = await tx.execute({
          sql: `UPDATE users SET status = 'ACTIVE', activated_at = ?, status_changed_at = ?, last_updated_at = ?
                WHERE id = ? AND status = 'PROVISIONED' RETURNING profile`,
          args: [now, now, now, userId],
        });
        const updated = activated.rows[0];
        if (!updated) {
          await tx.commit();
          return undefined;
        }
        const profile = JSON.parse(str(updated, 'profile')) as { email?: unknown };
        const enrollment = enrollmentOf({ id: userId, email: typeof profile.email === 'string' ? profile.email : '' });
        await tx.execute({
          sql: 'DELETE FROM enrollments WHERE user_id = ? AND authenticator = ?',
          args: [userId, enrollment.authenticator],
        });
        for (const stmt of enrollmentInserts(enrollment)) await tx.execute(stmt);
        await tx.commit();
        return userId;
      } finally {
        tx.close();
      }
    },
  };
}

export type ActivationTokensRepository = ReturnType<typeof activationTokensRepository>;
