/** Org sessions (the browser's `idx` cookie), looked up by the hash of the cookie value. */
import type { Row } from '@libsql/client';
import { num, str, type Db, type Statement } from './db';
import { userTokensRevocation } from './tokens';

/** Which of a user's tokens end with their sessions: none, all, or all but one grant's family. */
export type TokensToRevoke = { revoke: false } | { revoke: true; keepFamily?: string };

/** An org session (the browser's `idx` cookie); the cookie value itself is never stored, only its hash. */
export interface SessionRecord {
  id: string;
  tokenHash: string;
  userId: string;
  /** Authenticator keys verified in this session (→ `amr` of later sign-ins it completes). */
  factors: string[];
  /** When the user last authenticated, ms since the epoch (→ `auth_time`). */
  authTime: number;
  /** "Keep me signed in": the cookie outlives the browser session. */
  persistent: boolean;
  createdAt: number;
  lastUsedAt: number;
  /** When the session ends unless used again. */
  expiresAt: number;
}

function toSession(row: Row): SessionRecord {
  return {
    id: str(row, 'id'),
    tokenHash: str(row, 'token_hash'),
    userId: str(row, 'user_id'),
    factors: JSON.parse(str(row, 'factors')) as string[],
    authTime: num(row, 'auth_time'),
    persistent: num(row, 'persistent') === 1,
    createdAt: num(row, 'created_at'),
    lastUsedAt: num(row, 'last_used_at'),
    expiresAt: num(row, 'expires_at'),
  };
}

export function sessionsRepository(db: Db) {
  return {
    /** Saves a new session; `replacing` (the session the browser held before, if any) ends in the same write. */
    async createSession(s: SessionRecord, replacing?: string): Promise<void> {
      const insert: Statement = {
        sql: `INSERT INTO sessions (id, token_hash, user_id, factors, auth_time, persistent, created_at, last_used_at, expires_at)
              VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        args: [
          s.id,
          s.tokenHash,
          s.userId,
          JSON.stringify(s.factors),
          s.authTime,
          s.persistent ? 1 : 0,
          s.createdAt,
          s.lastUsedAt,
          s.expiresAt,
        ],
      };
      // A single INSERT commits on its own; only a replacement needs the two in one transaction.
      if (replacing) await db.writeBatch([{ sql: 'DELETE FROM sessions WHERE id = ?', args: [replacing] }, insert]);
      else await db.run(insert.sql, insert.args);
    },

    async sessionByTokenHash(tokenHash: string): Promise<SessionRecord | undefined> {
      const row = await db.one('SELECT * FROM sessions WHERE token_hash = ?', [tokenHash]);
      return row && toSession(row);
    },

    /**
     * Moves the session's idle deadline, only if it is still the version read (same token, not ended or
     * rotated meanwhile); says whether it did.
     */
    async touchSession(id: string, tokenHash: string, lastUsedAt: number, expiresAt: number): Promise<boolean> {
      const n = await db.run('UPDATE sessions SET last_used_at = ?, expires_at = ? WHERE id = ? AND token_hash = ? AND expires_at < ?', [
        lastUsedAt,
        expiresAt,
        id,
        tokenHash,
        expiresAt,
      ]);
      return n === 1;
    },

    /** Records a use of the session (a rotated token, new factors, a new idle deadline); false when it is gone meanwhile. */
    async updateSession(
      s: Pick<SessionRecord, 'id' | 'tokenHash' | 'factors' | 'authTime' | 'persistent' | 'lastUsedAt' | 'expiresAt'>,
    ): Promise<boolean> {
      const n = await db.run(
        'UPDATE sessions SET token_hash = ?, factors = ?, auth_time = ?, persistent = ?, last_used_at = ?, expires_at = ? WHERE id = ?',
        [s.tokenHash, JSON.stringify(s.factors), s.authTime, s.persistent ? 1 : 0, s.lastUsedAt, s.expiresAt, s.id],
      );
      return n === 1;
    },

    async deleteSession(id: string): Promise<boolean> {
      return (await db.run('DELETE FROM sessions WHERE id = ?', [id])) === 1;
    },

    async deleteUserSessions(userId: string): Promise<void> {
      await db.run('DELETE FROM sessions WHERE user_id = ?', [userId]);
    },

    /**
     * Ends every session of a user and (as asked) revokes their tokens, in one write; returns how many
     * sessions ended.
     */
    async clearUserSessions(userId: string, now: number, tokens: TokensToRevoke): Promise<number> {
      const revoke = !tokens.revoke
        ? []
        : tokens.keepFamily === undefined
          ? [userTokensRevocation(userId, now)]
          : [
              {
                sql: 'UPDATE tokens SET revoked_at = ? WHERE user_id = ? AND family_id != ? AND revoked_at IS NULL',
                args: [now, userId, tokens.keepFamily],
              },
            ];
      const [ended] = await db.writeBatch([{ sql: 'DELETE FROM sessions WHERE user_id = ?', args: [userId] }, ...revoke]);
      return ended?.rowsAffected ?? 0;
    },
  };
}

export type SessionsRepository = ReturnType<typeof sessionsRepository>;
