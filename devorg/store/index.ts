/**
 * devorg's storage: one on-disk SQLite file through @libsql/client. All SQL lives in this module.
 *
 * Rows are mapped to plain records here so nothing else knows column names. Multi-row writes run in a
 * transaction; single-row state changes that must not race (using an interaction code, advancing an IDX
 * transaction) are conditional UPDATEs whose affected-row count says who won.
 */
import type { InArgs, Row } from '@libsql/client';
import { Db, key, num, str } from './db';

export type UserStatus =
  'STAGED' | 'PROVISIONED' | 'ACTIVE' | 'RECOVERY' | 'PASSWORD_EXPIRED' | 'LOCKED_OUT' | 'SUSPENDED' | 'DEPROVISIONED';

export interface UserProfile {
  login: string;
  email: string;
  firstName?: string | null;
  lastName?: string | null;
  [attribute: string]: unknown;
}

export interface UserRecord {
  id: string;
  status: UserStatus;
  profile: UserProfile;
  passwordHash: string | null;
  passwordChangedAt: number | null;
  failedLogins: number;
  createdAt: number;
  activatedAt: number | null;
  statusChangedAt: number | null;
  lastLoginAt: number | null;
  lastUpdatedAt: number;
}

export interface TransactionRow<T> {
  id: string;
  interactionHandle: string;
  stateHandle: string;
  data: T;
  version: number;
  expiresAt: number;
}

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

export interface UserQuery {
  /** Okta's `q`: prefix match on login, email, first or last name. */
  q?: string;
  /** Exact match on one profile attribute (from `search`/`filter` expressions). */
  equals?: { attribute: 'login' | 'email' | 'id' | 'status'; value: string };
  limit: number;
  /** Opaque cursor: the id of the last user on the previous page. */
  after?: string;
  /**
   * Position of the last user on the previous page. Unlike `after`, it still works when that user has
   * been deleted meanwhile (list-and-delete cleanup loops do exactly that between pages).
   */
  afterPosition?: { createdAt: number; id: string };
  /** Leaves out users with this status (Okta's plain list and `q` omit DEPROVISIONED users). */
  excludeStatus?: UserStatus;
}

export interface EnrollmentRecord {
  id: string;
  userId: string;
  /** Authenticator key (`okta_email`, `google_otp`, …). */
  authenticator: string;
  /** What may be shown: the email address, the phone number, the question. */
  profile: Record<string, unknown>;
  /** What must not be shown: TOTP secret, hashed answer. Null when there is none. */
  secret: Record<string, unknown> | null;
  /** Consecutive wrong answers (lockout counting). */
  failures: number;
  /** TOTP: the step of the last accepted code (replay protection). */
  lastUsedStep: number | null;
  createdAt: number;
  lastVerifiedAt: number | null;
}

export type OutboxKind = 'email' | 'sms';

export interface OutboxMessage {
  id: string;
  to: string;
  kind: OutboxKind;
  /**
   * The code in clear: the outbox stands in for the recipient's mailbox/phone, which sees it in
   * clear too. It is only readable with an API token or from the loopback dev console.
   */
  code: string;
  /** Why it was sent: `registration`, `enrollment`, `verification`, `recovery`. */
  purpose: string;
  createdAt: number;
}

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

export class DuplicateLoginError extends Error {
  override name = 'DuplicateLoginError';
}

/** Rows are read as one `json_object(...)` column shaped like the record (why: see db.ts). */
const USER_JSON = (a = '') => `json_object(
  'id', ${a}id, 'status', ${a}status, 'profile', json(${a}profile), 'passwordHash', ${a}password_hash,
  'passwordChangedAt', ${a}password_changed_at, 'failedLogins', ${a}failed_logins, 'createdAt', ${a}created_at,
  'activatedAt', ${a}activated_at, 'statusChangedAt', ${a}status_changed_at, 'lastLoginAt', ${a}last_login_at,
  'lastUpdatedAt', ${a}last_updated_at)`;

const ENROLLMENT_JSON = (a = '') => `json_object(
  'id', ${a}id, 'userId', ${a}user_id, 'authenticator', ${a}authenticator, 'profile', json(${a}profile),
  'secret', json(${a}secret), 'failures', ${a}failures, 'lastUsedStep', ${a}last_used_step,
  'createdAt', ${a}created_at, 'lastVerifiedAt', ${a}last_verified_at)`;

const TRANSACTION_JSON = `json_object(
  'id', id, 'interactionHandle', interaction_handle, 'stateHandle', state_handle, 'data', json(data),
  'version', version, 'expiresAt', expires_at)`;

/** `scopes` stays the stored space-separated string here; `toToken` splits it. */
const TOKEN_JSON = `json_object(
  'id', id, 'kind', kind, 'userId', user_id, 'clientId', client_id, 'scopes', scopes, 'grant', json(grant_data),
  'familyId', family_id, 'expiresAt', expires_at, 'revokedAt', revoked_at, 'createdAt', created_at,
  'rotatedAt', rotated_at)`;

const CODE_JSON = `json_object('transactionId', transaction_id, 'grant', json(grant_data), 'expiresAt', expires_at)`;

function toToken<G>(json: Omit<TokenRow<G>, 'scopes'> & { scopes: string }): TokenRow<G> {
  return { ...json, scopes: json.scopes.split(' ').filter(Boolean) };
}

function enrollmentInsert(e: EnrollmentRecord): { sql: string; args: InArgs } {
  return {
    sql: `INSERT INTO enrollments (id, user_id, authenticator, profile, secret, failures, last_used_step, created_at, last_verified_at)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    args: [
      e.id,
      e.userId,
      e.authenticator,
      JSON.stringify(e.profile),
      e.secret === null ? null : JSON.stringify(e.secret),
      e.failures,
      e.lastUsedStep,
      e.createdAt,
      e.lastVerifiedAt,
    ],
  };
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

function userInsert(user: UserRecord): { sql: string; args: InArgs } {
  return {
    sql: `INSERT INTO users (id, status, login, login_key, email_key, profile, password_hash, password_changed_at,
           failed_logins, created_at, activated_at, status_changed_at, last_login_at, last_updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    args: [
      user.id,
      user.status,
      user.profile.login,
      key(user.profile.login),
      key(user.profile.email),
      JSON.stringify(user.profile),
      user.passwordHash,
      user.passwordChangedAt,
      user.failedLogins,
      user.createdAt,
      user.activatedAt,
      user.statusChangedAt,
      user.lastLoginAt,
      user.lastUpdatedAt,
    ],
  };
}

function userUpdate(user: UserRecord): { sql: string; args: InArgs } {
  return {
    sql: `UPDATE users SET status = ?, login = ?, login_key = ?, email_key = ?, profile = ?, password_hash = ?,
            password_changed_at = ?, failed_logins = ?, activated_at = ?, status_changed_at = ?, last_login_at = ?,
            last_updated_at = ?
          WHERE id = ?`,
    args: [
      user.status,
      user.profile.login,
      key(user.profile.login),
      key(user.profile.email),
      JSON.stringify(user.profile),
      user.passwordHash,
      user.passwordChangedAt,
      user.failedLogins,
      user.activatedAt,
      user.statusChangedAt,
      user.lastLoginAt,
      user.lastUpdatedAt,
      user.id,
    ],
  };
}

/** SQLite's unique-index violation on the login becomes the domain error callers map to Okta's cause. */
function duplicateLoginOr(err: unknown, user: UserRecord): unknown {
  return /UNIQUE constraint failed: users\.login_key/.test(String((err as Error).message))
    ? new DuplicateLoginError(user.profile.login)
    : err;
}

export class Store {
  private constructor(private readonly db: Db) {}

  /** Opens (creating if needed) the SQLite file and applies pending migrations. */
  static async open(file: string): Promise<Store> {
    return new Store(await Db.open(file));
  }

  get file(): string {
    return this.db.file;
  }

  close(): void {
    this.db.close();
  }

  // ---- signing keys ---------------------------------------------------------------------------

  async signingKeys(): Promise<{ kid: string; privateJwk: string; createdAt: number }[]> {
    const rs = await this.db.execute('SELECT kid, private_jwk, created_at FROM signing_keys ORDER BY created_at DESC');
    return rs.rows.map((r) => ({ kid: str(r, 'kid'), privateJwk: str(r, 'private_jwk'), createdAt: num(r, 'created_at') }));
  }

  async addSigningKey(kid: string, privateJwk: string, now: number): Promise<void> {
    await this.db.run('INSERT OR IGNORE INTO signing_keys (kid, private_jwk, created_at) VALUES (?, ?, ?)', [kid, privateJwk, now]);
  }

  // ---- users ----------------------------------------------------------------------------------

  async createUser(user: UserRecord): Promise<void> {
    await this.createUserWithEnrollments(user, []);
  }

  /**
   * Creates a user together with its authenticator enrollments, atomically: a finished registration
   * either exists with its verified email or not at all. The unique login index makes concurrent
   * registrations of one address produce exactly one user; the others get `DuplicateLoginError`.
   */
  async createUserWithEnrollments(user: UserRecord, enrollments: EnrollmentRecord[]): Promise<void> {
    try {
      await this.db.writeBatch([userInsert(user), ...enrollments.map(enrollmentInsert)]);
    } catch (err) {
      throw duplicateLoginOr(err, user);
    }
  }

  /**
   * Bench/fixture seeding fast path: inserts complete user records in one write transaction (one
   * commit instead of one per user), so 100k users take seconds. No validation or hashing here:
   * callers pass finished records (e.g. sharing one precomputed hash). All-or-nothing on a duplicate.
   */
  async insertUsersBulk(users: readonly UserRecord[]): Promise<void> {
    if (users.length === 0) return;
    await this.db.writeBatch(users.map(userInsert));
  }

  async userById(id: string): Promise<UserRecord | undefined> {
    return this.db.json<UserRecord>(`SELECT ${USER_JSON()} FROM users WHERE id = ?`, [id]);
  }

  async userByLogin(login: string): Promise<UserRecord | undefined> {
    return this.db.json<UserRecord>(`SELECT ${USER_JSON()} FROM users WHERE login_key = ?`, [key(login)]);
  }

  /**
   * The user with this login and their enrollments, in one query (what identify needs: one statement
   * instead of two — each @libsql/client call costs far more than the indexed lookup itself).
   */
  async userWithEnrollmentsByLogin(login: string): Promise<{ user: UserRecord; enrollments: EnrollmentRecord[] } | undefined> {
    return this.db.json<{ user: UserRecord; enrollments: EnrollmentRecord[] }>(
      `SELECT json_object('user', ${USER_JSON('u.')}, 'enrollments', json((
         SELECT json_group_array(${ENROLLMENT_JSON('e.')} ORDER BY e.created_at, e.id) FROM enrollments e WHERE e.user_id = u.id)))
       FROM users u WHERE u.login_key = ?`,
      [key(login)],
    );
  }

  async listUsers(query: UserQuery): Promise<UserRecord[]> {
    const where: string[] = [];
    const args: (string | number)[] = [];
    if (query.q) {
      const like =
        query.q
          .trim()
          .toLowerCase()
          .replace(/[\\%_]/g, (m) => '\\' + m) + '%';
      where.push(
        `(login_key LIKE ? ESCAPE '\\' OR email_key LIKE ? ESCAPE '\\'
          OR lower(json_extract(profile, '$.firstName')) LIKE ? ESCAPE '\\'
          OR lower(json_extract(profile, '$.lastName')) LIKE ? ESCAPE '\\')`,
      );
      args.push(like, like, like, like);
    }
    if (query.equals) {
      const { attribute, value } = query.equals;
      const column = { login: 'login_key', email: 'email_key', id: 'id', status: 'status' }[attribute];
      where.push(`${column} = ?`);
      args.push(attribute === 'login' || attribute === 'email' ? key(value) : value);
    }
    if (query.after) {
      where.push('(created_at, id) > (SELECT created_at, id FROM users WHERE id = ?)');
      args.push(query.after);
    }
    if (query.afterPosition) {
      where.push('(created_at, id) > (?, ?)');
      args.push(query.afterPosition.createdAt, query.afterPosition.id);
    }
    if (query.excludeStatus) {
      where.push('status <> ?');
      args.push(query.excludeStatus);
    }
    const sql = `SELECT ${USER_JSON()} FROM users ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY created_at, id LIMIT ?`;
    args.push(query.limit);
    return this.db.jsonAll<UserRecord>(sql, args);
  }

  async updateUser(user: UserRecord): Promise<void> {
    try {
      await this.db.execute(userUpdate(user));
    } catch (err) {
      throw duplicateLoginOr(err, user);
    }
  }

  /**
   * Saves a user and revokes everything issued to them in one transaction (deactivation): there is no
   * moment where the user is DEPROVISIONED but their refresh token still works, or the reverse.
   */
  async updateUserRevokingTokens(user: UserRecord, now: number): Promise<void> {
    try {
      await this.db.writeBatch([
        userUpdate(user),
        { sql: 'UPDATE tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL', args: [now, user.id] },
      ]);
    } catch (err) {
      throw duplicateLoginOr(err, user);
    }
  }

  /** Counts a wrong password atomically and returns the new count (survives restarts: it's on disk). */
  async recordFailedLogin(userId: string): Promise<number> {
    const row = await this.db.one('UPDATE users SET failed_logins = failed_logins + 1 WHERE id = ? RETURNING failed_logins', [userId]);
    return row ? num(row, 'failed_logins') : 0;
  }

  /**
   * Claims one password attempt before the password is checked, in one conditional UPDATE: it is
   * counted as a failure up front (a right password gives the count back) and refused once `limit`
   * are counted. Checking and counting are one step, so however many guesses race, at most `limit`
   * are ever evaluated. Returns the count with this attempt, or `undefined` when the account can't
   * be tried now (locked out, or no longer ACTIVE). `limit` ≤ 0: no lockout, always claimed.
   */
  async claimPasswordAttempt(userId: string, limit: number): Promise<number | undefined> {
    const row = await this.db.one(
      `UPDATE users SET failed_logins = failed_logins + 1
        WHERE id = ? AND status = 'ACTIVE' AND (? <= 0 OR failed_logins < ?)
        RETURNING failed_logins`,
      [userId, limit, limit],
    );
    return row ? num(row, 'failed_logins') : undefined;
  }

  /**
   * A right password: the failed-login count starts again. Only while the account is still ACTIVE:
   * returns false when it was locked (or deactivated) while the password was being checked.
   */
  async recordLogin(userId: string, now: number): Promise<boolean> {
    return (
      (await this.db.run("UPDATE users SET failed_logins = 0, last_login_at = ? WHERE id = ? AND status = 'ACTIVE'", [now, userId])) === 1
    );
  }

  /**
   * Locks the account once `limit` failed logins are counted, and revokes its tokens, in one
   * transaction; the condition is in the UPDATE, so only one of many concurrent failures locks it
   * (and a right password that reset the count meanwhile keeps it open). Returns whether this call locked it.
   */
  async lockOutAfterFailures(userId: string, limit: number, now: number): Promise<boolean> {
    if (limit <= 0) return false;
    const tx = await this.db.writeTransaction();
    try {
      const locked = await tx.execute({
        sql: `UPDATE users SET status = 'LOCKED_OUT', status_changed_at = ?, last_updated_at = ?
               WHERE id = ? AND status = 'ACTIVE' AND failed_logins >= ?`,
        args: [now, now, userId, limit],
      });
      if (locked.rowsAffected === 1)
        await tx.execute({ sql: 'UPDATE tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL', args: [now, userId] });
      await tx.commit();
      return locked.rowsAffected === 1;
    } finally {
      tx.close();
    }
  }

  /**
   * Saves a user whose password changed, in one transaction: the replaced hash goes into the password
   * history (only the newest `keep` entries are kept), the failed-login count starts again, and with
   * `revokeTokens` everything issued to the user stops working (Okta's "Sign me out of all other devices").
   */
  async updateUserPassword(user: UserRecord, replacedHash: string | null, keep: number, revokeTokens: boolean, now: number): Promise<void> {
    const statements: { sql: string; args: InArgs }[] = [userUpdate({ ...user, failedLogins: 0 })];
    if (replacedHash !== null && keep > 0) {
      statements.push(
        { sql: 'INSERT INTO password_history (user_id, password_hash, created_at) VALUES (?, ?, ?)', args: [user.id, replacedHash, now] },
        {
          sql: `DELETE FROM password_history WHERE user_id = ? AND rowid NOT IN
                  (SELECT rowid FROM password_history WHERE user_id = ? ORDER BY created_at DESC, rowid DESC LIMIT ?)`,
          args: [user.id, user.id, keep],
        },
      );
    }
    if (revokeTokens)
      statements.push({ sql: 'UPDATE tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL', args: [now, user.id] });
    try {
      await this.db.writeBatch(statements);
    } catch (err) {
      throw duplicateLoginOr(err, user);
    }
  }

  /** The user's previous password hashes, newest first (the current one is on the user row). */
  async passwordHistory(userId: string, limit: number): Promise<string[]> {
    if (limit <= 0) return [];
    const rs = await this.db.execute({
      sql: 'SELECT password_hash FROM password_history WHERE user_id = ? ORDER BY created_at DESC, rowid DESC LIMIT ?',
      args: [userId, limit],
    });
    return rs.rows.map((r) => str(r, 'password_hash'));
  }

  /** Deletes the user and everything issued to them, atomically. */
  async deleteUser(id: string): Promise<void> {
    await this.db.writeBatch([
      { sql: 'DELETE FROM password_history WHERE user_id = ?', args: [id] },
      { sql: 'DELETE FROM tokens WHERE user_id = ?', args: [id] },
      { sql: 'DELETE FROM sessions WHERE user_id = ?', args: [id] },
      { sql: 'DELETE FROM enrollments WHERE user_id = ?', args: [id] },
      { sql: 'DELETE FROM users WHERE id = ?', args: [id] },
    ]);
  }

  // ---- authenticator enrollments --------------------------------------------------------------

  async enrollments(userId: string): Promise<EnrollmentRecord[]> {
    return this.db.jsonAll<EnrollmentRecord>(`SELECT ${ENROLLMENT_JSON()} FROM enrollments WHERE user_id = ? ORDER BY created_at, id`, [
      userId,
    ]);
  }

  async enrollmentById(id: string): Promise<EnrollmentRecord | undefined> {
    return this.db.json<EnrollmentRecord>(`SELECT ${ENROLLMENT_JSON()} FROM enrollments WHERE id = ?`, [id]);
  }

  /** Adds an enrollment; an existing one for the same authenticator is replaced (re-enrollment). */
  async saveEnrollment(e: EnrollmentRecord): Promise<void> {
    await this.db.writeBatch([
      { sql: 'DELETE FROM enrollments WHERE user_id = ? AND authenticator = ?', args: [e.userId, e.authenticator] },
      enrollmentInsert(e),
    ]);
  }

  async deleteEnrollment(userId: string, id: string): Promise<boolean> {
    return (await this.db.run('DELETE FROM enrollments WHERE user_id = ? AND id = ?', [userId, id])) === 1;
  }

  async deleteEnrollments(userId: string): Promise<void> {
    await this.db.run('DELETE FROM enrollments WHERE user_id = ?', [userId]);
  }

  /** Counts a wrong answer atomically; returns the new count. */
  /**
   * Claims one answer to an enrollment's challenge before it is checked (counted as a failure up
   * front; a right answer resets the count): at most `limit` wrong answers are ever evaluated, however
   * many race. `undefined` once `limit` failures are counted (the factor is suspended).
   */
  async claimEnrollmentAttempt(id: string, limit: number): Promise<number | undefined> {
    const row = await this.db.one('UPDATE enrollments SET failures = failures + 1 WHERE id = ? AND failures < ? RETURNING failures', [
      id,
      limit,
    ]);
    return row ? num(row, 'failures') : undefined;
  }

  /**
   * Records a right answer. With `step` (TOTP) the update only happens when the step is newer than
   * the last one used, so two concurrent requests can't both spend one code; returns who won.
   */
  async recordEnrollmentSuccess(id: string, now: number, step?: number): Promise<boolean> {
    if (step === undefined) {
      return (await this.db.run('UPDATE enrollments SET failures = 0, last_verified_at = ? WHERE id = ?', [now, id])) === 1;
    }
    const n = await this.db.run(
      'UPDATE enrollments SET failures = 0, last_verified_at = ?, last_used_step = ? WHERE id = ? AND (last_used_step IS NULL OR last_used_step < ?)',
      [now, step, id, step],
    );
    return n === 1;
  }

  async resetEnrollmentFailures(userId: string): Promise<void> {
    await this.db.run('UPDATE enrollments SET failures = 0 WHERE user_id = ?', [userId]);
  }

  // ---- outbox ---------------------------------------------------------------------------------

  async recordOutbox(m: OutboxMessage): Promise<void> {
    await this.db.run('INSERT INTO outbox (id, recipient, recipient_key, kind, code, purpose, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)', [
      m.id,
      m.to,
      key(m.to),
      m.kind,
      m.code,
      m.purpose,
      m.createdAt,
    ]);
  }

  /** Newest first; `to` matches case-insensitively (emails) or exactly after trimming (phone numbers). */
  async outbox(query: { to?: string; limit: number }): Promise<OutboxMessage[]> {
    const where = query.to === undefined ? '' : 'WHERE recipient_key = ?';
    const args: (string | number)[] = query.to === undefined ? [] : [key(query.to)];
    const rs = await this.db.execute({
      sql: `SELECT * FROM outbox ${where} ORDER BY created_at DESC, rowid DESC LIMIT ?`,
      args: [...args, query.limit],
    });
    return rs.rows.map((r) => ({
      id: str(r, 'id'),
      to: str(r, 'recipient'),
      kind: str(r, 'kind') as OutboxKind,
      code: str(r, 'code'),
      purpose: str(r, 'purpose'),
      createdAt: num(r, 'created_at'),
    }));
  }

  async clearOutbox(to?: string): Promise<void> {
    if (to === undefined) await this.db.run('DELETE FROM outbox');
    else await this.db.run('DELETE FROM outbox WHERE recipient_key = ?', [key(to)]);
  }

  // ---- IDX transactions -----------------------------------------------------------------------

  async createTransaction<T>(tx: Omit<TransactionRow<T>, 'version'>): Promise<void> {
    await this.db.run(
      'INSERT INTO transactions (id, interaction_handle, state_handle, data, version, expires_at) VALUES (?, ?, ?, ?, 0, ?)',
      [tx.id, tx.interactionHandle, tx.stateHandle, JSON.stringify(tx.data), tx.expiresAt],
    );
  }

  async transactionBy<T>(handle: { interactionHandle: string } | { stateHandle: string }): Promise<TransactionRow<T> | undefined> {
    const [col, value] =
      'interactionHandle' in handle ? ['interaction_handle', handle.interactionHandle] : ['state_handle', handle.stateHandle];
    return this.db.json<TransactionRow<T>>(`SELECT ${TRANSACTION_JSON} FROM transactions WHERE ${col} = ?`, [value]);
  }

  /**
   * Compare-and-set: writes the next state only if nobody else advanced the transaction since it was
   * read. Returns false when a concurrent request won (double submit).
   */
  async advanceTransaction<T>(id: string, fromVersion: number, data: T, expiresAt: number): Promise<boolean> {
    const n = await this.db.run('UPDATE transactions SET data = ?, version = version + 1, expires_at = ? WHERE id = ? AND version = ?', [
      JSON.stringify(data),
      expiresAt,
      id,
      fromVersion,
    ]);
    return n === 1;
  }

  /** Dev/test clock control: makes one transaction's lifetime run out now, as if its time had passed. */
  async expireTransaction(interactionHandle: string, now: number): Promise<boolean> {
    return (
      (await this.db.run('UPDATE transactions SET expires_at = ? WHERE interaction_handle = ? AND expires_at > ?', [
        now,
        interactionHandle,
        now,
      ])) === 1
    );
  }

  async purgeExpired(now: number): Promise<void> {
    await this.db.writeBatch([
      // Keep expired transactions for an hour so a late introspect still gets "session expired", not "unknown".
      { sql: 'DELETE FROM transactions WHERE expires_at < ?', args: [now - 3600_000] },
      { sql: 'DELETE FROM interaction_codes WHERE expires_at < ?', args: [now - 3600_000] },
      { sql: 'DELETE FROM tokens WHERE expires_at < ?', args: [now - 3600_000] },
      { sql: 'DELETE FROM sessions WHERE expires_at < ?', args: [now] },
    ]);
  }

  // ---- interaction codes ----------------------------------------------------------------------

  async saveInteractionCode<G>(codeHash: string, transactionId: string, grant: G, expiresAt: number): Promise<void> {
    await this.db.run('INSERT INTO interaction_codes (code_hash, transaction_id, grant_data, expires_at) VALUES (?, ?, ?, ?)', [
      codeHash,
      transactionId,
      JSON.stringify(grant),
      expiresAt,
    ]);
  }

  /**
   * Marks the code used and returns it — exactly once. A second caller (replay or a concurrent
   * duplicate request) gets `{ reused: true }` so the caller can revoke what the first one got.
   */
  async consumeInteractionCode<G>(
    codeHash: string,
    now: number,
  ): Promise<{ found: false } | { found: true; reused: boolean; transactionId: string; grant: G; expiresAt: number }> {
    type Code = { transactionId: string; grant: G; expiresAt: number };
    const won = await this.db.json<Code>(
      `UPDATE interaction_codes SET used_at = ? WHERE code_hash = ? AND used_at IS NULL RETURNING ${CODE_JSON}`,
      [now, codeHash],
    );
    const code = won ?? (await this.db.json<Code>(`SELECT ${CODE_JSON} FROM interaction_codes WHERE code_hash = ?`, [codeHash]));
    if (!code) return { found: false };
    return { found: true, reused: !won, ...code };
  }

  // ---- issued tokens --------------------------------------------------------------------------

  /** Records issued tokens: one multi-row INSERT, atomic on its own (no BEGIN/COMMIT round trips). */
  async saveTokens<G>(rows: readonly NewTokenRow<G>[]): Promise<void> {
    if (rows.length === 0) return;
    const { placeholders, args } = tokenValues(rows);
    await this.db.run(`INSERT INTO tokens (${TOKEN_COLUMNS}) VALUES ${placeholders}`, args);
  }

  /**
   * Rotates a refresh token: marks `rowId` spent and records its successors, atomically and exactly
   * once. The conditional UPDATE (only a live, unrotated, unrevoked token) decides who won; the INSERT
   * only happens when it changed the row (`changes()` is the UPDATE's count, in the same transaction).
   * Returns false — and writes nothing — when a concurrent request rotated the token first.
   */
  async rotateRefreshToken<G>(rowId: string, now: number, successors: readonly NewTokenRow<G>[]): Promise<boolean> {
    if (successors.length === 0)
      return (
        (await this.db.run('UPDATE tokens SET rotated_at = ? WHERE id = ? AND rotated_at IS NULL AND revoked_at IS NULL', [now, rowId])) ===
        1
      );
    const { placeholders, args } = tokenValues(successors);
    const [marked] = await this.db.writeBatch([
      { sql: 'UPDATE tokens SET rotated_at = ? WHERE id = ? AND rotated_at IS NULL AND revoked_at IS NULL', args: [now, rowId] },
      {
        sql: `INSERT INTO tokens (${TOKEN_COLUMNS}) SELECT * FROM (VALUES ${placeholders}) WHERE changes() = 1`,
        args,
      },
    ]);
    return marked?.rowsAffected === 1;
  }

  async token<G>(id: string): Promise<TokenRow<G> | undefined> {
    const json = await this.db.json<Parameters<typeof toToken<G>>[0]>(`SELECT ${TOKEN_JSON} FROM tokens WHERE id = ?`, [id]);
    return json && toToken(json);
  }

  async revokeToken(id: string, now: number): Promise<void> {
    await this.db.run('UPDATE tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL', [now, id]);
  }

  /** Revokes a whole grant (the refresh token and every access token minted from it). */
  async revokeFamily(familyId: string, now: number): Promise<void> {
    await this.db.run('UPDATE tokens SET revoked_at = ? WHERE family_id = ? AND revoked_at IS NULL', [now, familyId]);
  }

  async revokeUserTokens(userId: string, now: number): Promise<void> {
    await this.db.run('UPDATE tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL', [now, userId]);
  }

  // ---- org sessions ---------------------------------------------------------------------------

  /** Saves a new session; `replacing` (the session the browser held before, if any) ends in the same write. */
  async createSession(s: SessionRecord, replacing?: string): Promise<void> {
    await this.db.writeBatch([
      ...(replacing ? [{ sql: 'DELETE FROM sessions WHERE id = ?', args: [replacing] }] : []),
      {
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
      },
    ]);
  }

  async sessionByTokenHash(tokenHash: string): Promise<SessionRecord | undefined> {
    const row = await this.db.one('SELECT * FROM sessions WHERE token_hash = ?', [tokenHash]);
    return row && toSession(row);
  }

  /** Records a use of the session (a rotated token, new factors, a new idle deadline); false when it is gone meanwhile. */
  async updateSession(
    s: Pick<SessionRecord, 'id' | 'tokenHash' | 'factors' | 'authTime' | 'persistent' | 'lastUsedAt' | 'expiresAt'>,
  ): Promise<boolean> {
    const n = await this.db.run(
      'UPDATE sessions SET token_hash = ?, factors = ?, auth_time = ?, persistent = ?, last_used_at = ?, expires_at = ? WHERE id = ?',
      [s.tokenHash, JSON.stringify(s.factors), s.authTime, s.persistent ? 1 : 0, s.lastUsedAt, s.expiresAt, s.id],
    );
    return n === 1;
  }

  async deleteSession(id: string): Promise<boolean> {
    return (await this.db.run('DELETE FROM sessions WHERE id = ?', [id])) === 1;
  }

  async deleteUserSessions(userId: string): Promise<void> {
    await this.db.run('DELETE FROM sessions WHERE user_id = ?', [userId]);
  }

  /** Wipes every row (dev console "reset"); keys stay so cached JWKS remain valid. */
  async reset(): Promise<void> {
    await this.db.writeBatch([
      'DELETE FROM tokens',
      'DELETE FROM sessions',
      'DELETE FROM interaction_codes',
      'DELETE FROM transactions',
      'DELETE FROM enrollments',
      'DELETE FROM outbox',
      'DELETE FROM password_history',
      'DELETE FROM users',
    ]);
  }

  /** SQLite's own consistency check: `['ok']` when the file is sound (used after crash tests). */
  async integrityCheck(): Promise<string[]> {
    const rs = await this.db.execute('PRAGMA integrity_check');
    return rs.rows.map((r) => String(r[0] as string));
  }
}
