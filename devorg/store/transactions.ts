/**
 * IDX transactions (one sign-in, registration or recovery in progress) and the interaction codes they
 * end with. Advancing a transaction is a compare-and-set on its version; using a code is a conditional
 * UPDATE, so a double submit or a replay is detected, never applied twice.
 */
import type { Db, Statement } from './db';
import { USER_JSON, type UserRecord } from './user-rows';

export interface TransactionRow<T> {
  id: string;
  interactionHandle: string;
  stateHandle: string;
  data: T;
  version: number;
  expiresAt: number;
}

/** A transaction row, and an interaction code row, as one JSON column (see db.ts). */
const TRANSACTION_JSON = `json_object(
  'id', id, 'interactionHandle', interaction_handle, 'stateHandle', state_handle, 'data', json(data),
  'version', version, 'expiresAt', expires_at)`;

const CODE_JSON = `json_object('transactionId', transaction_id, 'grant', json(grant_data), 'expiresAt', expires_at)`;

/**
 * A spent code with the user its grant names, as that user's row stands in the same statement: the
 * token endpoint needs both (is the user still active?), and this saves it a second lookup.
 */
const CODE_WITH_USER_JSON = `json_object('transactionId', transaction_id, 'grant', json(grant_data), 'expiresAt', expires_at,
  'user', json((SELECT ${USER_JSON()} FROM users WHERE id = json_extract(interaction_codes.grant_data, '$.userId'))))`;

function codeInsert<G>(codeHash: string, transactionId: string, grant: G, expiresAt: number): Statement {
  return {
    sql: 'INSERT INTO interaction_codes (code_hash, transaction_id, grant_data, expires_at) VALUES (?, ?, ?, ?)',
    args: [codeHash, transactionId, JSON.stringify(grant), expiresAt],
  };
}

export function transactionsRepository(db: Db) {
  return {
    async createTransaction<T>(tx: Omit<TransactionRow<T>, 'version'>): Promise<void> {
      await db.run('INSERT INTO transactions (id, interaction_handle, state_handle, data, version, expires_at) VALUES (?, ?, ?, ?, 0, ?)', [
        tx.id,
        tx.interactionHandle,
        tx.stateHandle,
        JSON.stringify(tx.data),
        tx.expiresAt,
      ]);
    },

    async transactionBy<T>(
      handle: { interactionHandle: string } | { stateHandle: string } | { id: string },
    ): Promise<TransactionRow<T> | undefined> {
      const [col, value] =
        'interactionHandle' in handle
          ? ['interaction_handle', handle.interactionHandle]
          : 'stateHandle' in handle
            ? ['state_handle', handle.stateHandle]
            : ['id', handle.id];
      return db.json<TransactionRow<T>>(`SELECT ${TRANSACTION_JSON} FROM transactions WHERE ${col} = ?`, [value]);
    },

    /**
     * Compare-and-set: writes the next state only if nobody else advanced the transaction since it was
     * read. Returns false when a concurrent request won (double submit). A state that ends with an
     * interaction code records the code in the same commit, ahead of the compare-and-set: a lost race
     * leaves at worst an orphan code nobody was shown, and a won one can never lack its code.
     */
    async advanceTransaction<T, G>(
      id: string,
      fromVersion: number,
      data: T,
      expiresAt: number,
      code?: { codeHash: string; grant: G; expiresAt: number },
    ): Promise<boolean> {
      const advance: Statement = {
        sql: 'UPDATE transactions SET data = ?, version = version + 1, expires_at = ? WHERE id = ? AND version = ?',
        args: [JSON.stringify(data), expiresAt, id, fromVersion],
      };
      if (!code) return (await db.run(advance.sql, advance.args)) === 1;
      const [, advanced] = await db.writeBatch([codeInsert(code.codeHash, id, code.grant, code.expiresAt), advance]);
      return advanced?.rowsAffected === 1;
    },

    /** Dev/test clock control: makes one transaction's lifetime run out now, as if its time had passed. */
    async expireTransaction(interactionHandle: string, now: number): Promise<boolean> {
      return (
        (await db.run('UPDATE transactions SET expires_at = ? WHERE interaction_handle = ? AND expires_at > ?', [
          now,
          interactionHandle,
          now,
        ])) === 1
      );
    },

    // ---- interaction codes ----------------------------------------------------------------------

    async saveInteractionCode<G>(codeHash: string, transactionId: string, grant: G, expiresAt: number): Promise<void> {
      const { sql, args } = codeInsert(codeHash, transactionId, grant, expiresAt);
      await db.run(sql, args);
    },

    /** Whose code this is, without using it (the dev API's fault scopes): its transaction and user. */
    async interactionCodeOwner(codeHash: string): Promise<{ transactionId: string; userId: string | null } | undefined> {
      return db.json<{ transactionId: string; userId: string | null }>(
        `SELECT json_object('transactionId', transaction_id, 'userId', json_extract(grant_data, '$.userId'))
         FROM interaction_codes WHERE code_hash = ?`,
        [codeHash],
      );
    },

    /**
     * Marks the code used and returns it — exactly once. A second caller (replay or a concurrent
     * duplicate request) gets `{ reused: true }` so the caller can revoke what the first one got.
     */
    async consumeInteractionCode<G>(
      codeHash: string,
      now: number,
    ): Promise<{ found: false } | { found: true; reused: boolean; transactionId: string; grant: G; expiresAt: number }> {
      type Code = { transactionId: string; grant: G; expiresAt: number };
      const won = await db.json<Code>(
        `UPDATE interaction_codes SET used_at = ? WHERE code_hash = ? AND used_at IS NULL RETURNING ${CODE_JSON}`,
        [now, codeHash],
      );
      const code = won ?? (await db.json<Code>(`SELECT ${CODE_JSON} FROM interaction_codes WHERE code_hash = ?`, [codeHash]));
      if (!code) return { found: false };
      return { found: true, reused: !won, ...code };
    },

    /**
     * `consumeInteractionCode` for a grant that names a user (`grant.userId`), with that user's row
     * read in the same statement (undefined when the user no longer exists). A reused code comes
     * without it: it is refused whoever the user is.
     */
    async consumeInteractionCodeWithUser<G extends { userId: string }>(
      codeHash: string,
      now: number,
    ): Promise<
      | { found: false }
      | { found: true; reused: true; transactionId: string; grant: G; expiresAt: number }
      | { found: true; reused: false; transactionId: string; grant: G; expiresAt: number; user: UserRecord | undefined }
    > {
      type Code = { transactionId: string; grant: G; expiresAt: number; user: UserRecord | null };
      const won = await db.json<Code>(
        `UPDATE interaction_codes SET used_at = ? WHERE code_hash = ? AND used_at IS NULL RETURNING ${CODE_WITH_USER_JSON}`,
        [now, codeHash],
      );
      if (won) {
        const { user, ...code } = won;
        return { found: true, reused: false, ...code, user: user ?? undefined };
      }
      const spent = await db.json<Omit<Code, 'user'>>(`SELECT ${CODE_JSON} FROM interaction_codes WHERE code_hash = ?`, [codeHash]);
      return spent ? { found: true, reused: true, ...spent } : { found: false };
    },
  };
}

export type TransactionsRepository = ReturnType<typeof transactionsRepository>;
