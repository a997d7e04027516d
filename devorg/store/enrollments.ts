/**
 * Authenticator enrollments: a user's email, phone, TOTP app or security question. Wrong answers are
 * counted (and claimed before they are checked) in conditional UPDATEs, so racing requests can't get
 * more tries than the limit, nor spend one TOTP code twice.
 */
import { num, type Db, type Statement } from './db';

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

/** An enrollment row as one JSON column (see db.ts); `a` is the table alias when the query joins. */
export const ENROLLMENT_JSON = (a = '') => `json_object(
  'id', ${a}id, 'userId', ${a}user_id, 'authenticator', ${a}authenticator, 'profile', json(${a}profile),
  'secret', json(${a}secret), 'failures', ${a}failures, 'lastUsedStep', ${a}last_used_step,
  'createdAt', ${a}created_at, 'lastVerifiedAt', ${a}last_verified_at)`;

/** Inserts one enrollment (alone, or in the batch that creates its user). */
export function enrollmentInsert(e: EnrollmentRecord): Statement {
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

export function enrollmentsRepository(db: Db) {
  return {
    async enrollments(userId: string): Promise<EnrollmentRecord[]> {
      return db.jsonAll<EnrollmentRecord>(`SELECT ${ENROLLMENT_JSON()} FROM enrollments WHERE user_id = ? ORDER BY created_at, id`, [
        userId,
      ]);
    },

    async enrollmentById(id: string): Promise<EnrollmentRecord | undefined> {
      return db.json<EnrollmentRecord>(`SELECT ${ENROLLMENT_JSON()} FROM enrollments WHERE id = ?`, [id]);
    },

    /** Adds an enrollment; an existing one for the same authenticator is replaced (re-enrollment). */
    async saveEnrollment(e: EnrollmentRecord): Promise<void> {
      await db.writeBatch([
        { sql: 'DELETE FROM enrollments WHERE user_id = ? AND authenticator = ?', args: [e.userId, e.authenticator] },
        enrollmentInsert(e),
      ]);
    },

    async deleteEnrollment(userId: string, id: string): Promise<boolean> {
      return (await db.run('DELETE FROM enrollments WHERE user_id = ? AND id = ?', [userId, id])) === 1;
    },

    async deleteEnrollments(userId: string): Promise<void> {
      await db.run('DELETE FROM enrollments WHERE user_id = ?', [userId]);
    },

    /**
     * Claims one answer to an enrollment's challenge before it is checked (counted as a failure up
     * front; a right answer resets the count): at most `limit` wrong answers are ever evaluated, however
     * many race. `undefined` once `limit` failures are counted (the factor is suspended).
     */
    async claimEnrollmentAttempt(id: string, limit: number): Promise<number | undefined> {
      const row = await db.one('UPDATE enrollments SET failures = failures + 1 WHERE id = ? AND failures < ? RETURNING failures', [
        id,
        limit,
      ]);
      return row ? num(row, 'failures') : undefined;
    },

    /**
     * Records a right answer. With `step` (TOTP) the update only happens when the step is newer than
     * the last one used, so two concurrent requests can't both spend one code; returns who won.
     */
    async recordEnrollmentSuccess(id: string, now: number, step?: number): Promise<boolean> {
      if (step === undefined) {
        return (await db.run('UPDATE enrollments SET failures = 0, last_verified_at = ? WHERE id = ?', [now, id])) === 1;
      }
      const n = await db.run(
        'UPDATE enrollments SET failures = 0, last_verified_at = ?, last_used_step = ? WHERE id = ? AND (last_used_step IS NULL OR last_used_step < ?)',
        [now, step, id, step],
      );
      return n === 1;
    },

    async resetEnrollmentFailures(userId: string): Promise<void> {
      await db.run('UPDATE enrollments SET failures = 0 WHERE user_id = ?', [userId]);
    },
  };
}

export type EnrollmentsRepository = ReturnType<typeof enrollmentsRepository>;
