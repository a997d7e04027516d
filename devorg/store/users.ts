/**
 * Users and their password history. The unique login index makes concurrent registrations of one
 * address produce one user; password attempts are claimed (counted before they are checked) and the
 * lockout decided in conditional UPDATEs, so racing guesses can't get past the limit.
 */
import { activationTokenInsert, type ActivationTokenRecord } from './activation-tokens';
import { key, num, str, type Db, type Statement } from './db';
import { ENROLLMENT_JSON, enrollmentInserts, type EnrollmentRecord } from './enrollments';
import { userTokensRevocation } from './tokens';
import { groupMembershipsOfUserDeletion } from './groups';
import { conditionSql, type UserCondition } from './search';
import { USER_JSON, type UserRecord, type UserStatus } from './user-rows';

export type { UserProfile, UserRecord, UserStatus } from './user-rows';

export interface UserQuery {
  /** Okta's `q`: prefix match on login, email, first or last name. */
  q?: string;
  /** Exact match on one profile attribute (from `search`/`filter` expressions). */
  equals?: { attribute: 'login' | 'email' | 'id' | 'status'; value: string };
  /** A whole `search`/`filter` expression, checked by the management API (`search.ts`). */
  where?: UserCondition;
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

export class DuplicateLoginError extends Error {
  override name = 'DuplicateLoginError';
}

function userInsert(user: UserRecord): Statement {
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

/**
 * Writes a user's row. Never the failed-login count from the record: that counter only moves by its
 * own atomic statements (claimed per attempt, reset by a right password), so a write from a record read
 * earlier can't put back a stale count and hand an attacker more guesses. `resetFailedLogins` is the
 * one exception, for what restarts it on purpose (an unlock, a new password).
 */
function userUpdate(user: UserRecord, resetFailedLogins = false): Statement {
  return {
    sql: `UPDATE users SET status = ?, login = ?, login_key = ?, email_key = ?, profile = ?, password_hash = ?,
            password_changed_at = ?, failed_logins = CASE WHEN ? THEN 0 ELSE failed_logins END, activated_at = ?,
            status_changed_at = ?, last_login_at = ?, last_updated_at = ?
          WHERE id = ?`,
    args: [
      user.status,
      user.profile.login,
      key(user.profile.login),
      key(user.profile.email),
      JSON.stringify(user.profile),
      user.passwordHash,
      user.passwordChangedAt,
      resetFailedLogins ? 1 : 0,
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

export function usersRepository(db: Db) {
  const repo = {
    async createUser(user: UserRecord): Promise<void> {
      await repo.createUserWithEnrollments(user, []);
    },

    /**
     * Creates a user together with its authenticator enrollments, atomically: a finished registration
     * either exists with its verified email or not at all. The unique login index makes concurrent
     * registrations of one address produce exactly one user; the others get `DuplicateLoginError`.
     */
    async createUserWithEnrollments(user: UserRecord, enrollments: EnrollmentRecord[], activation?: ActivationTokenRecord): Promise<void> {
      try {
        await db.writeBatch([
          userInsert(user),
          ...enrollments.flatMap(enrollmentInserts),
          ...(activation ? [activationTokenInsert(activation)] : []),
        ]);
      } catch (err) {
        throw duplicateLoginOr(err, user);
      }
    },

    /**
     * Bench/fixture seeding fast path: inserts complete user records in one write transaction (one
     * commit instead of one per user), so 100k users take seconds. No validation or hashing here:
     * callers pass finished records (e.g. sharing one precomputed hash). All-or-nothing on a duplicate.
     */
    async insertUsersBulk(users: readonly UserRecord[]): Promise<void> {
      if (users.length === 0) return;
      await db.writeBatch(users.map(userInsert));
    },

    async userById(id: string): Promise<UserRecord | undefined> {
      return db.json<UserRecord>(`SELECT ${USER_JSON()} FROM users WHERE id = ?`, [id]);
    },

    async userByLogin(login: string): Promise<UserRecord | undefined> {
      return db.json<UserRecord>(`SELECT ${USER_JSON()} FROM users WHERE login_key = ?`, [key(login)]);
    },

    /**
     * The user with this login and their enrollments, in one query (what identify needs: one statement
     * instead of two — each @libsql/client call costs far more than the indexed lookup itself).
     */
    async userWithEnrollmentsByLogin(login: string): Promise<{ user: UserRecord; enrollments: EnrollmentRecord[] } | undefined> {
      return db.json<{ user: UserRecord; enrollments: EnrollmentRecord[] }>(
        `SELECT json_object('user', ${USER_JSON('u.')}, 'enrollments', json((
         SELECT json_group_array(${ENROLLMENT_JSON('e.')} ORDER BY e.created_at, e.id) FROM enrollments e WHERE e.user_id = u.id)))
       FROM users u WHERE u.login_key = ?`,
        [key(login)],
      );
    },

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
      if (query.where) {
        const condition = conditionSql('users', query.where);
        where.push(condition.sql);
        args.push(...condition.args);
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
      return db.jsonAll<UserRecord>(sql, args);
    },

    /** `resetFailedLogins`: the change restarts the failed-login count (an unlock); see `userUpdate`. */
    async updateUser(user: UserRecord, opts: { resetFailedLogins?: boolean } = {}): Promise<void> {
      try {
        await db.execute(userUpdate(user, opts.resetFailedLogins ?? false));
      } catch (err) {
        throw duplicateLoginOr(err, user);
      }
    },

    /**
     * Saves a user and revokes everything issued to them in one transaction (deactivation): there is no
     * moment where the user is DEPROVISIONED but their refresh token still works, or the reverse.
     */
    async updateUserRevokingTokens(user: UserRecord, now: number): Promise<void> {
      try {
        await db.writeBatch([userUpdate(user), userTokensRevocation(user.id, now)]);
      } catch (err) {
        throw duplicateLoginOr(err, user);
      }
    },

    /**
     * Claims one password attempt before the password is checked, in one conditional UPDATE: it is
     * counted as a failure up front (a right password gives the count back) and refused once `limit`
     * are counted. Checking and counting are one step, so however many guesses race, at most `limit`
     * are ever evaluated. Returns the count with this attempt, or `undefined` when the account can't
     * be tried now (locked out, or no longer ACTIVE or PASSWORD_EXPIRED). `limit` ≤ 0: no lockout, always claimed.
     */
    async claimPasswordAttempt(userId: string, limit: number): Promise<number | undefined> {
      const row = await db.one(
        `UPDATE users SET failed_logins = failed_logins + 1
        WHERE id = ? AND status IN ('ACTIVE', 'PASSWORD_EXPIRED') AND (? <= 0 OR failed_logins < ?)
        RETURNING failed_logins`,
        [userId, limit, limit],
      );
      return row ? num(row, 'failed_logins') : undefined;
    },

    /**
     * A right password: the failed-login count starts again. Only while the account is still ACTIVE:
     * returns false when it was locked (or deactivated) while the password was being checked.
     */
    async recordLogin(userId: string, now: number): Promise<boolean> {
      return (
        (await db.run("UPDATE users SET failed_logins = 0, last_login_at = ? WHERE id = ? AND status IN ('ACTIVE', 'PASSWORD_EXPIRED')", [
          now,
          userId,
        ])) === 1
      );
    },

    /**
     * Locks the account once `limit` failed logins are counted, and revokes its tokens, in one
     * transaction; the condition is in the UPDATE, so only one of many concurrent failures locks it
     * (and a right password that reset the count meanwhile keeps it open). Returns whether this call locked it.
     */
    async lockOutAfterFailures(userId: string, limit: number, now: number): Promise<boolean> {
      if (limit <= 0) return false;
      const tx = await db.writeTransaction();
      try {
        const locked = await tx.execute({
          sql: `UPDATE users SET status = 'LOCKED_OUT', status_changed_at = ?, last_updated_at = ?
               WHERE id = ? AND status IN ('ACTIVE', 'PASSWORD_EXPIRED') AND failed_logins >= ?`,
          args: [now, now, userId, limit],
        });
        if (locked.rowsAffected === 1) await tx.execute(userTokensRevocation(userId, now));
        await tx.commit();
        return locked.rowsAffected === 1;
      } finally {
        tx.close();
      }
    },

    /**
     * Saves a user whose password changed, in one transaction: the replaced hash goes into the password
     * history (only the newest `keep` entries are kept), the failed-login count starts again, and with
     * `revokeTokens` everything issued to the user stops working (Okta's "Sign me out of all other devices").
     */
    async updateUserPassword(
      user: UserRecord,
      replacedHash: string | null,
      keep: number,
      revokeTokens: boolean,
      now: number,
    ): Promise<void> {
      const statements: Statement[] = [userUpdate(user, true)];
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
      if (revokeTokens) statements.push(userTokensRevocation(user.id, now));
      try {
        await db.writeBatch(statements);
      } catch (err) {
        throw duplicateLoginOr(err, user);
      }
    },

    /** The user's previous password hashes, newest first (the current one is on the user row). */
    async passwordHistory(userId: string, limit: number): Promise<string[]> {
      if (limit <= 0) return [];
      const rs = await db.execute({
        sql: 'SELECT password_hash FROM password_history WHERE user_id = ? ORDER BY created_at DESC, rowid DESC LIMIT ?',
        args: [userId, limit],
      });
      return rs.rows.map((r) => str(r, 'password_hash'));
    },

    /** Deletes the user, everything issued to them and their group memberships, atomically. */
    async deleteUser(id: string): Promise<void> {
      await db.writeBatch([
        { sql: 'DELETE FROM password_history WHERE user_id = ?', args: [id] },
        { sql: 'DELETE FROM tokens WHERE user_id = ?', args: [id] },
        { sql: 'DELETE FROM sessions WHERE user_id = ?', args: [id] },
        { sql: 'DELETE FROM activation_tokens WHERE user_id = ?', args: [id] },
        { sql: 'DELETE FROM enrollments WHERE user_id = ?', args: [id] },
        { sql: 'DELETE FROM app_assignments WHERE user_id = ?', args: [id] },
        groupMembershipsOfUserDeletion(id),
        { sql: 'DELETE FROM users WHERE id = ?', args: [id] },
      ]);
    },
  };
  return repo;
}

export type UsersRepository = ReturnType<typeof usersRepository>;
