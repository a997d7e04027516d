/** What a user row is: its record and the one JSON column a query reads it as (users and group members alike). */

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

/** A user row as one JSON column (see db.ts); `a` is the table alias when the query joins. */
export const USER_JSON = (a = '') => `json_object(
  'id', ${a}id, 'status', ${a}status, 'profile', json(${a}profile), 'passwordHash', ${a}password_hash,
  'passwordChangedAt', ${a}password_changed_at, 'failedLogins', ${a}failed_logins, 'createdAt', ${a}created_at,
  'activatedAt', ${a}activated_at, 'statusChangedAt', ${a}status_changed_at, 'lastLoginAt', ${a}last_login_at,
  'lastUpdatedAt', ${a}last_updated_at)`;
