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

/** One passkey of a user (`webauthn_credentials`): what the `webauthn` authenticator checks an assertion with. */
export interface WebauthnCredentialRecord {
  /** Its factor id (`fwf…`). */
  id: string;
  userId: string;
  /** base64url, as the browser names it. */
  credentialId: string;
  /** COSE, base64url. */
  publicKey: string;
  signCount: number;
  transports: string[];
  aaguid: string | null;
  createdAt: number;
  lastUsedAt: number | null;
}

/** The authenticator whose enrollment stands for all of the user's credentials in `webauthn_credentials`. */
const WEBAUTHN = 'webauthn';

const WEBAUTHN_CREDENTIAL_JSON = `json_object(
  'id', id, 'userId', user_id, 'credentialId', credential_id, 'publicKey', public_key, 'signCount', sign_count,
  'transports', json(transports), 'aaguid', aaguid, 'createdAt', created_at, 'lastUsedAt', last_used_at)`;

/**
 * An enrollment's profile; a `webauthn` one lists the user's passkeys (`credentials`: factor id,
 * credential id, transports, AAGUID, dates; never the key). `t` is the row's table or alias.
 */
const PROFILE_JSON = (t: string) => `CASE WHEN ${t}.authenticator = '${WEBAUTHN}' THEN json_set(json(${t}.profile), '$.credentials', (
    SELECT json_group_array(json_object('id', w.id, 'credentialId', w.credential_id, 'transports', json(w.transports),
             'aaguid', w.aaguid, 'createdAt', w.created_at, 'lastUsedAt', w.last_used_at) ORDER BY w.created_at, w.rowid)
      FROM webauthn_credentials w WHERE w.user_id = ${t}.user_id))
  ELSE json(${t}.profile) END`;

/** An enrollment row as one JSON column (see db.ts); `a` is the table alias when the query joins. */
export const ENROLLMENT_JSON = (a = '') => `json_object(
  'id', ${a}id, 'userId', ${a}user_id, 'authenticator', ${a}authenticator, 'profile', ${PROFILE_JSON(a ? a.replace(/\.$/, '') : 'enrollments')},
  'secret', json(${a}secret), 'failures', ${a}failures, 'lastUsedStep', ${a}last_used_step,
  'createdAt', ${a}created_at, 'lastVerifiedAt', ${a}last_verified_at)`;

/**
 * Inserts one enrollment (alone, or in the batch that creates its user). A passkey's enrollment is the
 * user's `webauthn` row (added once, whatever its profile said) plus the credential it carries (its
 * profile's `credentialId`, `transports`, `aaguid`; its secret's `publicKey`; the counter in
 * `lastUsedStep`), added beside the user's others under the enrollment's id.
 */
export function enrollmentInserts(e: EnrollmentRecord): Statement[] {
  if (e.authenticator !== WEBAUTHN) return [enrollmentInsert(e)];
  const { credentialId, transports, aaguid } = e.profile;
  const publicKey = e.secret?.publicKey;
  if (typeof credentialId !== 'string' || typeof publicKey !== 'string') throw new Error('a passkey enrollment without its credential');
  return [
    {
      sql: `INSERT INTO enrollments (id, user_id, authenticator, profile, secret, failures, last_used_step, created_at, last_verified_at)
            VALUES (?, ?, ?, ?, NULL, 0, NULL, ?, NULL) ON CONFLICT (user_id, authenticator) DO NOTHING`,
      args: [e.id, e.userId, WEBAUTHN, JSON.stringify({ authenticatorName: 'Passkey' }), e.createdAt],
    },
    {
      sql: `INSERT INTO webauthn_credentials (id, user_id, credential_id, public_key, sign_count, transports, aaguid, created_at, last_used_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL) ON CONFLICT (credential_id) DO NOTHING`,
      args: [
        e.id,
        e.userId,
        credentialId,
        publicKey,
        e.lastUsedStep ?? 0,
        JSON.stringify(Array.isArray(transports) ? transports : []),
        typeof aaguid === 'string' ? aaguid : null,
        e.createdAt,
      ],
    },
  ];
}

function enrollmentInsert(e: EnrollmentRecord): Statement {
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

    /**
     * Adds an enrollment; an existing one for the same authenticator is replaced (re-enrollment), but a
     * passkey is added beside the user's others (a credential registered already is not added again).
     */
    async saveEnrollment(e: EnrollmentRecord): Promise<void> {
      await db.writeBatch(
        e.authenticator === WEBAUTHN
          ? enrollmentInserts(e)
          : [
              { sql: 'DELETE FROM enrollments WHERE user_id = ? AND authenticator = ?', args: [e.userId, e.authenticator] },
              enrollmentInsert(e),
            ],
      );
    },

    /** Whether a credential id is registered already (to any user): the browser's id is unique. */
    async webauthnCredentialExists(credentialId: string): Promise<boolean> {
      return (await db.one('SELECT 1 AS x FROM webauthn_credentials WHERE credential_id = ?', [credentialId])) !== undefined;
    },

    /**
     * Deletes an enrollment by its factor id: a passkey's own (its credential; the user's last one
     * takes the `webauthn` enrollment with it) or the enrollment's (all of them). With `keepLastPasskey`
     * the user's last passkey is not deleted (false).
     */
    async deleteEnrollment(userId: string, id: string, opts: { keepLastPasskey?: boolean } = {}): Promise<boolean> {
      // A required passkey keeps the user's last credential: the count is part of the one DELETE, so two
      // racing removals can't both take one.
      const lastKept = opts.keepLastPasskey ? ' AND (SELECT COUNT(*) FROM webauthn_credentials WHERE user_id = ?) > 1' : '';
      const args = opts.keepLastPasskey ? [userId, id, userId] : [userId, id];
      if ((await db.run(`DELETE FROM webauthn_credentials WHERE user_id = ? AND id = ?${lastKept}`, args)) === 1) {
        await db.run(
          `DELETE FROM enrollments WHERE user_id = ? AND authenticator = '${WEBAUTHN}'
             AND NOT EXISTS (SELECT 1 FROM webauthn_credentials WHERE user_id = ?)`,
          [userId, userId],
        );
        return true;
      }
      return (await db.run('DELETE FROM enrollments WHERE user_id = ? AND id = ?', [userId, id])) === 1;
    },

    /** The user's passkeys, oldest first. */
    async webauthnCredentials(userId: string): Promise<WebauthnCredentialRecord[]> {
      return db.jsonAll<WebauthnCredentialRecord>(
        `SELECT ${WEBAUTHN_CREDENTIAL_JSON} FROM webauthn_credentials WHERE user_id = ? ORDER BY created_at, rowid`,
        [userId],
      );
    },

    /**
     * Records an assertion of one passkey. A counting authenticator's `signCount` must be above the
     * stored one, checked in the UPDATE so that of racing assertions with one count only one wins (a
     * cloned authenticator, or a replay, loses); 0 only from an authenticator that never counted.
     */
    async recordWebauthnAssertion(id: string, signCount: number, now: number): Promise<boolean> {
      const n = await db.run(
        'UPDATE webauthn_credentials SET sign_count = ?, last_used_at = ? WHERE id = ? AND (sign_count < ? OR (? = 0 AND sign_count = 0))',
        [signCount, now, id, signCount, signCount],
      );
      return n === 1;
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
