/**
 * Issued access and refresh tokens (one family per grant). Refresh-token rotation is a conditional
 * UPDATE plus an INSERT that only happens when that UPDATE won, in one write transaction.
 */
import type { InArgs } from '@libsql/client';
import type { Db, Statement } from './db';

export interface TokenRow<G> {
  id: string;
  kind: 'access' | 'refresh';
  userId: string;
  clientId: string;
  scopes: string[];
  grant: G;
  familyId: string;
  expiresAt: number;
  revokedAt: number | null;
  createdAt: number;
  /** Refresh tokens: when this token was rotated out (spent); null while it is the family's live one. */
  rotatedAt: number | null;
}

/** A token row as written: it starts unrotated. */
export type NewTokenRow<G> = Omit<TokenRow<G>, 'rotatedAt'>;

/** `scopes` stays the stored space-separated string here; `toToken` splits it. */
const TOKEN_JSON = `json_object(
  'id', id, 'kind', kind, 'userId', user_id, 'clientId', client_id, 'scopes', scopes, 'grant', json(grant_data),
  'familyId', family_id, 'expiresAt', expires_at, 'revokedAt', revoked_at, 'createdAt', created_at,
  'rotatedAt', rotated_at)`;

function toToken<G>(json: Omit<TokenRow<G>, 'scopes'> & { scopes: string }): TokenRow<G> {
  return { ...json, scopes: json.scopes.split(' ').filter(Boolean) };
}

const TOKEN_COLUMNS = 'id, kind, user_id, client_id, scopes, grant_data, family_id, expires_at, revoked_at, created_at';

function tokenValues<G>(rows: readonly NewTokenRow<G>[]): { placeholders: string; args: InArgs } {
  const args: (string | number | null)[] = [];
  for (const t of rows) {
    args.push(
      t.id,
      t.kind,
      t.userId,
      t.clientId,
      t.scopes.join(' '),
      JSON.stringify(t.grant),
      t.familyId,
      t.expiresAt,
      t.revokedAt,
      t.createdAt,
    );
  }
  return { placeholders: rows.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', '), args };
}

/** Revokes everything issued to a user (alone, or in the same transaction as a change to the user). */
export function userTokensRevocation(userId: string, now: number): Statement {
  return { sql: 'UPDATE tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL', args: [now, userId] };
}

export function tokensRepository(db: Db) {
  return {
    /** Records issued tokens: one multi-row INSERT, atomic on its own (no BEGIN/COMMIT round trips). */
    async saveTokens<G>(rows: readonly NewTokenRow<G>[]): Promise<void> {
      if (rows.length === 0) return;
      const { placeholders, args } = tokenValues(rows);
      await db.run(`INSERT INTO tokens (${TOKEN_COLUMNS}) VALUES ${placeholders}`, args);
    },

    /**
     * Rotates a refresh token: marks `rowId` spent and records its successors, atomically and exactly
     * once. The conditional UPDATE (only a live, unrotated, unrevoked token) decides who won; the INSERT
     * only happens when it changed the row (`changes()` is the UPDATE's count, in the same transaction).
     * Returns false — and writes nothing — when a concurrent request rotated the token first.
     */
    async rotateRefreshToken<G>(rowId: string, now: number, successors: readonly NewTokenRow<G>[]): Promise<boolean> {
      if (successors.length === 0)
        return (
          (await db.run('UPDATE tokens SET rotated_at = ? WHERE id = ? AND rotated_at IS NULL AND revoked_at IS NULL', [now, rowId])) === 1
        );
      const { placeholders, args } = tokenValues(successors);
      const [marked] = await db.writeBatch([
        { sql: 'UPDATE tokens SET rotated_at = ? WHERE id = ? AND rotated_at IS NULL AND revoked_at IS NULL', args: [now, rowId] },
        {
          sql: `INSERT INTO tokens (${TOKEN_COLUMNS}) SELECT * FROM (VALUES ${placeholders}) WHERE changes() = 1`,
          args,
        },
      ]);
      return marked?.rowsAffected === 1;
    },

    async token<G>(id: string): Promise<TokenRow<G> | undefined> {
      const json = await db.json<Parameters<typeof toToken<G>>[0]>(`SELECT ${TOKEN_JSON} FROM tokens WHERE id = ?`, [id]);
      return json && toToken(json);
    },

    async revokeToken(id: string, now: number): Promise<void> {
      await db.run('UPDATE tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL', [now, id]);
    },

    /** Revokes a whole grant (the refresh token and every access token minted from it). */
    async revokeFamily(familyId: string, now: number): Promise<void> {
      await db.run('UPDATE tokens SET revoked_at = ? WHERE family_id = ? AND revoked_at IS NULL', [now, familyId]);
    },

    async revokeUserTokens(userId: string, now: number): Promise<void> {
      await db.execute(userTokensRevocation(userId, now));
    },
  };
}

export type TokensRepository = ReturnType<typeof tokensRepository>;
