/**
 * Versioned schema migrations, applied in order inside one transaction each; the version lives in
 * SQLite's `user_version` pragma so a half-applied migration can't be recorded as done.
 */
export const MIGRATIONS: readonly string[][] = [
  // 1: users, signing keys, IDX transactions, interaction codes, issued tokens.
  [
    `CREATE TABLE signing_keys (
       kid TEXT PRIMARY KEY,
       private_jwk TEXT NOT NULL,
       created_at INTEGER NOT NULL
     )`,
    `CREATE TABLE users (
       id TEXT PRIMARY KEY,
       status TEXT NOT NULL,
       login TEXT NOT NULL,
       login_key TEXT NOT NULL UNIQUE,
       email_key TEXT NOT NULL,
       profile TEXT NOT NULL,
       password_hash TEXT,
       password_changed_at INTEGER,
       failed_logins INTEGER NOT NULL DEFAULT 0,
       created_at INTEGER NOT NULL,
       activated_at INTEGER,
       status_changed_at INTEGER,
       last_login_at INTEGER,
       last_updated_at INTEGER NOT NULL
     )`,
    `CREATE INDEX users_email_key ON users (email_key)`,
    `CREATE INDEX users_created ON users (created_at, id)`,
    `CREATE TABLE transactions (
       id TEXT PRIMARY KEY,
       interaction_handle TEXT NOT NULL UNIQUE,
       state_handle TEXT NOT NULL UNIQUE,
       data TEXT NOT NULL,
       version INTEGER NOT NULL DEFAULT 0,
       expires_at INTEGER NOT NULL
     )`,
    `CREATE INDEX transactions_expiry ON transactions (expires_at)`,
    `CREATE TABLE interaction_codes (
       code_hash TEXT PRIMARY KEY,
       transaction_id TEXT NOT NULL,
       grant_data TEXT NOT NULL,
       expires_at INTEGER NOT NULL,
       used_at INTEGER
     )`,
    `CREATE TABLE tokens (
       id TEXT PRIMARY KEY,
       kind TEXT NOT NULL,
       user_id TEXT NOT NULL,
       client_id TEXT NOT NULL,
       scopes TEXT NOT NULL,
       grant_data TEXT NOT NULL,
       family_id TEXT NOT NULL,
       expires_at INTEGER NOT NULL,
       revoked_at INTEGER,
       created_at INTEGER NOT NULL
     )`,
    `CREATE INDEX tokens_family ON tokens (family_id)`,
    `CREATE INDEX tokens_user ON tokens (user_id)`,
  ],
  // 2: authenticator enrollments (everything but the password, which stays on the user row) and the
  //    outbox of messages devorg would have sent (emails, SMS) for the dev console and e2e fixtures.
  [
    `CREATE TABLE enrollments (
       id TEXT PRIMARY KEY,
       user_id TEXT NOT NULL,
       authenticator TEXT NOT NULL,
       profile TEXT NOT NULL,
       secret TEXT,
       failures INTEGER NOT NULL DEFAULT 0,
       last_used_step INTEGER,
       created_at INTEGER NOT NULL,
       last_verified_at INTEGER,
       UNIQUE (user_id, authenticator)
     )`,
    `CREATE TABLE outbox (
       id TEXT PRIMARY KEY,
       recipient TEXT NOT NULL,
       recipient_key TEXT NOT NULL,
       kind TEXT NOT NULL,
       code TEXT NOT NULL,
       purpose TEXT NOT NULL,
       created_at INTEGER NOT NULL
     )`,
    `CREATE INDEX outbox_recipient ON outbox (recipient_key, created_at)`,
  ],
  // 3: org sessions (the `idx` cookie). Only a hash of the cookie's value is kept; `expires_at` is when
  //    the session ends unless used again (idle and absolute limits already applied).
  [
    `CREATE TABLE sessions (
       id TEXT PRIMARY KEY,
       token_hash TEXT NOT NULL UNIQUE,
       user_id TEXT NOT NULL,
       factors TEXT NOT NULL,
       auth_time INTEGER NOT NULL,
       persistent INTEGER NOT NULL,
       created_at INTEGER NOT NULL,
       last_used_at INTEGER NOT NULL,
       expires_at INTEGER NOT NULL
     )`,
    `CREATE INDEX sessions_user ON sessions (user_id)`,
    `CREATE INDEX sessions_expiry ON sessions (expires_at)`,
  ],
  // 4: refresh-token rotation as a column on the token's own row (was a `<id>.rotated` marker row):
  //    rotation becomes one conditional UPDATE. Existing markers are folded in, then dropped.
  [
    `ALTER TABLE tokens ADD COLUMN rotated_at INTEGER`,
    `UPDATE tokens SET rotated_at = (SELECT m.created_at FROM tokens m WHERE m.id = tokens.id || '.rotated')
       WHERE kind = 'refresh' AND id NOT LIKE '%.rotated'`,
    `DELETE FROM tokens WHERE id LIKE '%.rotated'`,
  ],
  // 5: previous password hashes per user (password history: a new password may not repeat the last N).
  [
    `CREATE TABLE password_history (
       user_id TEXT NOT NULL,
       password_hash TEXT NOT NULL,
       created_at INTEGER NOT NULL
     )`,
    `CREATE INDEX password_history_user ON password_history (user_id, created_at)`,
  ],
  // 6: apps: the digest of each generated client secret (a configured secret is never stored), and
  //    which users are assigned to which app.
  [
    `CREATE TABLE app_secrets (
       client_id TEXT PRIMARY KEY,
       secret_digest TEXT NOT NULL,
       created_at INTEGER NOT NULL
     )`,
    `CREATE TABLE app_assignments (
       app_id TEXT NOT NULL,
       user_id TEXT NOT NULL,
       created_at INTEGER NOT NULL,
       PRIMARY KEY (app_id, user_id)
     )`,
    `CREATE INDEX app_assignments_user ON app_assignments (user_id)`,
  ],
  // 7: groups and their members. The built-in "Everyone" group is a row (so it lists and searches like
  //    any group) whose members are every user: they are never stored in group_members.
  [
    `CREATE TABLE user_groups (
       id TEXT PRIMARY KEY,
       type TEXT NOT NULL,
       name_key TEXT NOT NULL UNIQUE,
       profile TEXT NOT NULL,
       created_at INTEGER NOT NULL,
       last_updated_at INTEGER NOT NULL,
       last_membership_updated_at INTEGER NOT NULL
     )`,
    `CREATE INDEX user_groups_created ON user_groups (created_at, id)`,
    `CREATE TABLE group_members (
       group_id TEXT NOT NULL,
       user_id TEXT NOT NULL,
       created_at INTEGER NOT NULL,
       PRIMARY KEY (group_id, user_id)
     )`,
    `CREATE INDEX group_members_user ON group_members (user_id)`,
    `INSERT INTO user_groups (id, type, name_key, profile, created_at, last_updated_at, last_membership_updated_at)
       VALUES ('00gdevorgEveryone001', 'BUILT_IN', 'everyone',
               json_object('name', 'Everyone', 'description', 'All users in your organization'),
               CAST(strftime('%s', 'now') AS INTEGER) * 1000, CAST(strftime('%s', 'now') AS INTEGER) * 1000,
               CAST(strftime('%s', 'now') AS INTEGER) * 1000)`,
  ],
  // 8: passkeys, several per user: one row per WebAuthn credential (its public key and signature
  //    counter), beside the user's one `webauthn` enrollment, which keeps the authenticator's failure
  //    count. The credentials go with that enrollment (trigger); the first round's one credential per
  //    user, kept in the enrollment's profile and secret, moves here under the enrollment's id.
  [
    `CREATE TABLE webauthn_credentials (
       id TEXT PRIMARY KEY,
       user_id TEXT NOT NULL,
       credential_id TEXT NOT NULL UNIQUE,
       public_key TEXT NOT NULL,
       sign_count INTEGER NOT NULL DEFAULT 0,
       transports TEXT NOT NULL DEFAULT '[]',
       aaguid TEXT,
       created_at INTEGER NOT NULL,
       last_used_at INTEGER
     )`,
    `CREATE INDEX webauthn_credentials_user ON webauthn_credentials (user_id, created_at)`,
    `INSERT INTO webauthn_credentials (id, user_id, credential_id, public_key, sign_count, transports, aaguid, created_at, last_used_at)
       SELECT id, user_id, json_extract(profile, '$.credentialId'), json_extract(secret, '$.publicKey'),
              COALESCE(last_used_step, 0), COALESCE(json_extract(profile, '$.transports'), '[]'),
              json_extract(profile, '$.aaguid'), created_at, last_verified_at
         FROM enrollments
        WHERE authenticator = 'webauthn' AND json_extract(profile, '$.credentialId') IS NOT NULL
          AND json_extract(secret, '$.publicKey') IS NOT NULL`,
    `UPDATE enrollments SET profile = json_object('authenticatorName', 'Passkey'), secret = NULL, last_used_step = NULL
      WHERE authenticator = 'webauthn'`,
    `CREATE TRIGGER webauthn_credentials_go_with_enrollment AFTER DELETE ON enrollments WHEN OLD.authenticator = 'webauthn'
     BEGIN
       DELETE FROM webauthn_credentials WHERE user_id = OLD.user_id;
     END`,
  ],
  // 9: an email's magic link, beside its code (null for SMS, or with magic links off).
  [`ALTER TABLE outbox ADD COLUMN link TEXT`],
  // 10: activation tokens of self-registered accounts waiting for their email to be verified (the hash only).
  [
    `CREATE TABLE activation_tokens (
       token_hash TEXT PRIMARY KEY,
       user_id TEXT NOT NULL,
       expires_at INTEGER NOT NULL,
       created_at INTEGER NOT NULL
     )`,
    `CREATE INDEX activation_tokens_user ON activation_tokens (user_id)`,
  ],
];

/**
 * The System Log's own file (`<store>.log.sqlite`): events, event hooks and their deliveries, inline hooks. Kept
 * apart from the org's data so the log's volume (several events of a few hundred bytes per sign-in,
 * three indexes) never makes the sign-in path's writes wait on its pages and checkpoints: with the
 * log on the same connection, every ordinary write took 5-10x longer under load.
 */
export const LOG_MIGRATIONS: string[][] = [
  // 1: the System Log (one row per LogEvent: the event as JSON plus the columns its queries filter on;
  //    `seq` orders events published in the same millisecond), event hooks, and their delivery attempts.
  [
    `CREATE TABLE log_events (
       seq INTEGER PRIMARY KEY AUTOINCREMENT,
       uuid TEXT NOT NULL UNIQUE,
       published INTEGER NOT NULL,
       event_type TEXT NOT NULL,
       search_text TEXT NOT NULL,
       body TEXT NOT NULL
     )`,
    `CREATE INDEX log_events_published ON log_events (published, seq)`,
    `CREATE INDEX log_events_type ON log_events (event_type, published)`,
    `CREATE TABLE event_hooks (
       id TEXT PRIMARY KEY,
       name TEXT NOT NULL,
       description TEXT,
       status TEXT NOT NULL,
       verification_status TEXT NOT NULL,
       events TEXT NOT NULL,
       channel TEXT NOT NULL,
       created_at INTEGER NOT NULL,
       last_updated_at INTEGER NOT NULL
     )`,
    `CREATE TABLE event_hook_deliveries (
       id TEXT PRIMARY KEY,
       hook_id TEXT NOT NULL,
       event_id TEXT NOT NULL,
       event_types TEXT NOT NULL,
       attempt INTEGER NOT NULL,
       result TEXT NOT NULL,
       http_status INTEGER,
       error TEXT,
       started_at INTEGER NOT NULL,
       duration_ms INTEGER NOT NULL
     )`,
    `CREATE INDEX event_hook_deliveries_started ON event_hook_deliveries (started_at)`,
  ],
  // 2: inline hooks (Okta's /api/v1/inlineHooks), beside the event hooks: the org's outbound endpoints.
  [
    `CREATE TABLE inline_hooks (
       id TEXT PRIMARY KEY,
       name TEXT NOT NULL,
       type TEXT NOT NULL,
       version TEXT NOT NULL,
       status TEXT NOT NULL,
       channel TEXT NOT NULL,
       created_at INTEGER NOT NULL,
       last_updated_at INTEGER NOT NULL
     )`,
  ],
];
