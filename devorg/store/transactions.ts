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

/** An interaction code row as one JSON column (see db.ts). */
const CODE_JSON = `json_object('transactionId', transaction_id, 'grant', json(grant_data), 'expiresAt', expires_at)`;

/**
 * A spent code with the user its grant names, as that user's row stands in the same statement: the
 * token endpoint needs both (is the user still active?), and this saves it a second lookup.
 */
const CODE_WITH_USER_JSON = `json_object('transactionId', transaction_id, 'grant', json(grant_data), 'expiresAt', expires_at,
  'user', json((SELECT ${USER_JSON()} FROM users WHERE id = json_extract(interaction_codes.grant_data, '$.userId'))))`;

/**
 * The transactions this process wrote or read lately, by id and by either handle: every IDX step starts
 * by reading the row that the step before it wrote (introspect, identify and the answer: three reads per
 * sign-in), and devorg is the only writer of its file. Write-through: an entry is set only after its
 * write committed, so a crash loses nothing the file doesn't have. Each entry keeps the row's `data` as the
 * JSON text that was stored, parsed afresh on every hit (callers may change what they get). A read
 * never replaces a newer version than its own (two requests interleave around their awaits); a lost
 * compare-and-set, the dev clock's expiry and the statements that delete rows wholesale (purge, reset,
 * snapshot restore: `forgetTransactions`) drop entries, so the next read asks the file. Bounded: the
 * oldest entries go first, and a miss is only a read.
 */
interface CachedTransaction {
  id: string;
  interactionHandle: string;
  stateHandle: string;
  data: string;
  version: number;
  expiresAt: number;
}

/** Enough for every transaction a busy local org has in flight (the bench runs 64 at once). */
const TRANSACTION_CACHE_SIZE = 2048;

type TransactionKey = 'id' | 'interaction_handle' | 'state_handle';

class TransactionCache {
  private readonly byId = new Map<string, CachedTransaction>();
  private readonly idByHandle = new Map<string, string>();

  get(col: TransactionKey, value: string): CachedTransaction | undefined {
    const id = col === 'id' ? value : this.idByHandle.get(`${col}:${value}`);
    const entry = id === undefined ? undefined : this.byId.get(id);
    // A handle names its own row only (a handle map entry outliving its row is never trusted).
    if (
      !entry ||
      (col === 'interaction_handle' && entry.interactionHandle !== value) ||
      (col === 'state_handle' && entry.stateHandle !== value)
    )
      return undefined;
    return entry;
  }

  set(entry: CachedTransaction): void {
    const current = this.byId.get(entry.id);
    if (current && current.version > entry.version) return;
    // Re-inserted at the end: the most recently used rows are the last to go.
    this.byId.delete(entry.id);
    this.byId.set(entry.id, entry);
    this.idByHandle.set(`interaction_handle:${entry.interactionHandle}`, entry.id);
    this.idByHandle.set(`state_handle:${entry.stateHandle}`, entry.id);
    while (this.byId.size > TRANSACTION_CACHE_SIZE) {
      const oldest = this.byId.keys().next().value as string;
      this.delete(oldest);
    }
  }

  delete(id: string): void {
    const entry = this.byId.get(id);
    if (!entry) return;
    this.byId.delete(id);
    this.idByHandle.delete(`interaction_handle:${entry.interactionHandle}`);
    this.idByHandle.delete(`state_handle:${entry.stateHandle}`);
  }

  deleteByHandle(col: Exclude<TransactionKey, 'id'>, value: string): void {
    const id = this.idByHandle.get(`${col}:${value}`);
    if (id !== undefined) this.delete(id);
  }

  /** Every entry, or those that expired before `before` (what the purge deletes). */
  clear(before?: number): void {
    if (before === undefined) {
      this.byId.clear();
      this.idByHandle.clear();
      return;
    }
    for (const entry of [...this.byId.values()]) if (entry.expiresAt < before) this.delete(entry.id);
  }
}

const caches = new WeakMap<Db, TransactionCache>();
function cacheOf(db: Db): TransactionCache {
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = new TransactionCache()));
  return cache;
}

/**
 * For the statements outside this module that delete transactions: all of them (reset, a snapshot
 * restore), or those that expired before `expiredBefore` (the purge).
 */
export function forgetTransactions(db: Db, expiredBefore?: number): void {
  cacheOf(db).clear(expiredBefore);
}

function fromCache<T>(entry: CachedTransaction): TransactionRow<T> {
  return { ...entry, data: JSON.parse(entry.data) as T };
}

/** The row with its `data` as stored text, read back for the cache (`json(data)` would parse it only to serialise it again). */
const TRANSACTION_ROW_JSON = `json_object(
  'id', id, 'interactionHandle', interaction_handle, 'stateHandle', state_handle, 'data', data,
  'version', version, 'expiresAt', expires_at)`;

function codeInsert<G>(codeHash: string, transactionId: string, grant: G, expiresAt: number): Statement {
  return {
    sql: 'INSERT INTO interaction_codes (code_hash, transaction_id, grant_data, expires_at) VALUES (?, ?, ?, ?)',
    args: [codeHash, transactionId, JSON.stringify(grant), expiresAt],
  };
}

export function transactionsRepository(db: Db) {
  const cache = cacheOf(db);
  return {
    async createTransaction<T>(tx: Omit<TransactionRow<T>, 'version'>): Promise<void> {
      const data = JSON.stringify(tx.data);
      await db.run('INSERT INTO transactions (id, interaction_handle, state_handle, data, version, expires_at) VALUES (?, ?, ?, ?, 0, ?)', [
        tx.id,
        tx.interactionHandle,
        tx.stateHandle,
        data,
        tx.expiresAt,
      ]);
      cache.set({
        id: tx.id,
        interactionHandle: tx.interactionHandle,
        stateHandle: tx.stateHandle,
        data,
        version: 0,
        expiresAt: tx.expiresAt,
      });
    },

    async transactionBy<T>(
      handle: { interactionHandle: string } | { stateHandle: string } | { id: string },
    ): Promise<TransactionRow<T> | undefined> {
      const [col, value]: [TransactionKey, string] =
        'interactionHandle' in handle
          ? ['interaction_handle', handle.interactionHandle]
          : 'stateHandle' in handle
            ? ['state_handle', handle.stateHandle]
            : ['id', handle.id];
      const cached = cache.get(col, value);
      if (cached) return fromCache<T>(cached);
      const row = await db.json<CachedTransaction>(`SELECT ${TRANSACTION_ROW_JSON} FROM transactions WHERE ${col} = ?`, [value]);
      if (!row) return undefined;
      cache.set(row);
      return fromCache<T>(row);
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
      const text = JSON.stringify(data);
      const advance: Statement = {
        sql: 'UPDATE transactions SET data = ?, version = version + 1, expires_at = ? WHERE id = ? AND version = ?',
        args: [text, expiresAt, id, fromVersion],
      };
      const won = code
        ? (await db.writeBatch([codeInsert(code.codeHash, id, code.grant, code.expiresAt), advance]))[1]?.rowsAffected === 1
        : (await db.run(advance.sql, advance.args)) === 1;
      const known = cache.get('id', id);
      // Lost: someone else's version is in the file; the next read fetches it.
      if (!won) cache.delete(id);
      else if (known) cache.set({ ...known, data: text, version: fromVersion + 1, expiresAt });
      return won;
    },

    /** Dev/test clock control: makes one transaction's lifetime run out now, as if its time had passed. */
    async expireTransaction(interactionHandle: string, now: number): Promise<boolean> {
      const expired =
        (await db.run('UPDATE transactions SET expires_at = ? WHERE interaction_handle = ? AND expires_at > ?', [
          now,
          interactionHandle,
          now,
        ])) === 1;
      cache.deleteByHandle('interaction_handle', interactionHandle);
      return expired;
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
