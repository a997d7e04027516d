/**
 * The org's data as plain rows, out and back in (the dev API's snapshot, dev/snapshot.ts): users with
 * their password digests and history, enrollments (factors) and passkey credentials, groups and their
 * members, app assignments. Not exported: what is live and short (transactions, codes, tokens, org
 * sessions, the outbox), the signing key and the apps' secret digests (both belong to this org's
 * files and config), and the System Log.
 *
 * A restore replaces all of it in one write transaction — the old rows deleted, the snapshot's
 * inserted — so it applies entirely or not at all; the live state goes with the old rows (a restored
 * org has no one signed in). Each table is described once (`SNAPSHOT_TABLES`): its columns, their kind,
 * and the columns derived from others (the lookup keys), so export, restore and the snapshot's schema
 * (dev/snapshot-schema.ts) can't disagree.
 */
import type { InArgs } from '@libsql/client';
import { key, str as column, type Db } from './db';
import { forgetTransactions } from './transactions';

export type ColumnKind = 'text' | 'text?' | 'int' | 'int?' | 'json' | 'json?';

export interface SnapshotTable {
  /** The snapshot's name for it. */
  name: string;
  table: string;
  /** `[snapshot key, column, kind]`. */
  columns: readonly (readonly [string, string, ColumnKind])[];
  /** Columns computed from the row (lookup keys), not carried in the snapshot. */
  derived?: (row: Record<string, unknown>) => Record<string, string>;
  /** Rows the org always has, left in place and never exported (the built-in Everyone group). */
  keep?: string;
}

const str = (v: unknown) => (typeof v === 'string' ? v : '');
const profileOf = (row: Record<string, unknown>) => (row.profile ?? {}) as Record<string, unknown>;

/** In insert order (a user before what refers to it). */
export const SNAPSHOT_TABLES: readonly SnapshotTable[] = [
  {
    name: 'users',
    table: 'users',
    columns: [
      ['id', 'id', 'text'],
      ['status', 'status', 'text'],
      ['profile', 'profile', 'json'],
      ['passwordHash', 'password_hash', 'text?'],
      ['passwordChangedAt', 'password_changed_at', 'int?'],
      ['failedLogins', 'failed_logins', 'int'],
      ['createdAt', 'created_at', 'int'],
      ['activatedAt', 'activated_at', 'int?'],
      ['statusChangedAt', 'status_changed_at', 'int?'],
      ['lastLoginAt', 'last_login_at', 'int?'],
      ['lastUpdatedAt', 'last_updated_at', 'int'],
    ],
    derived: (row) => ({
      login: str(profileOf(row).login),
      login_key: key(str(profileOf(row).login)),
      email_key: key(str(profileOf(row).email)),
    }),
  },
  {
    name: 'passwordHistory',
    table: 'password_history',
    columns: [
      ['userId', 'user_id', 'text'],
      ['passwordHash', 'password_hash', 'text'],
      ['createdAt', 'created_at', 'int'],
    ],
  },
  {
    name: 'enrollments',
    table: 'enrollments',
    columns: [
      ['id', 'id', 'text'],
      ['userId', 'user_id', 'text'],
      ['authenticator', 'authenticator', 'text'],
      ['profile', 'profile', 'json'],
      ['secret', 'secret', 'json?'],
      ['failures', 'failures', 'int'],
      ['lastUsedStep', 'last_used_step', 'int?'],
      ['createdAt', 'created_at', 'int'],
      ['lastVerifiedAt', 'last_verified_at', 'int?'],
    ],
  },
  {
    name: 'webauthnCredentials',
    table: 'webauthn_credentials',
    columns: [
      ['id', 'id', 'text'],
      ['userId', 'user_id', 'text'],
      ['credentialId', 'credential_id', 'text'],
      ['publicKey', 'public_key', 'text'],
      ['signCount', 'sign_count', 'int'],
      ['transports', 'transports', 'json'],
      ['aaguid', 'aaguid', 'text?'],
      ['createdAt', 'created_at', 'int'],
      ['lastUsedAt', 'last_used_at', 'int?'],
    ],
  },
  {
    name: 'groups',
    table: 'user_groups',
    columns: [
      ['id', 'id', 'text'],
      ['type', 'type', 'text'],
      ['profile', 'profile', 'json'],
      ['createdAt', 'created_at', 'int'],
      ['lastUpdatedAt', 'last_updated_at', 'int'],
      ['lastMembershipUpdatedAt', 'last_membership_updated_at', 'int'],
    ],
    derived: (row) => ({ name_key: key(str(profileOf(row).name)) }),
    keep: "type = 'BUILT_IN'",
  },
  {
    name: 'groupMembers',
    table: 'group_members',
    columns: [
      ['groupId', 'group_id', 'text'],
      ['userId', 'user_id', 'text'],
      ['createdAt', 'created_at', 'int'],
    ],
  },
  {
    name: 'appAssignments',
    table: 'app_assignments',
    columns: [
      ['appId', 'app_id', 'text'],
      ['userId', 'user_id', 'text'],
      ['createdAt', 'created_at', 'int'],
    ],
  },
];

/** The live state a restore drops with the old rows (tokens and sessions of users who may no longer exist). */
const LIVE_TABLES = ['tokens', 'sessions', 'interaction_codes', 'transactions', 'outbox', 'activation_tokens'];

export type SnapshotRows = Record<string, Record<string, unknown>[]>;

/** SQLite allows 32 766 bound values per statement; rows go in chunks well under that. */
const MAX_ARGS = 30_000;

/** One row: the table as one JSON array text, in insert order (SQLite builds it; no row objects in JS). */
function selectJsonArray(t: SnapshotTable): string {
  const fields = t.columns.map(([k, col, kind]) => `'${k}', ${kind.startsWith('json') ? `json(${col})` : col}`).join(', ');
  return `SELECT json_group_array(json_object(${fields}) ORDER BY rowid) FROM ${t.table}${t.keep ? ` WHERE NOT (${t.keep})` : ''}`;
}

function inserts(t: SnapshotTable, rows: readonly Record<string, unknown>[]): { sql: string; args: InArgs }[] {
  if (rows.length === 0) return [];
  const derivedColumns = t.derived ? Object.keys(t.derived({})) : [];
  const columns = [...t.columns.map(([, col]) => col), ...derivedColumns];
  const perRow = Math.max(1, Math.floor(MAX_ARGS / columns.length));
  const placeholder = `(${columns.map(() => '?').join(', ')})`;
  const out: { sql: string; args: InArgs }[] = [];
  for (let i = 0; i < rows.length; i += perRow) {
    const chunk = rows.slice(i, i + perRow);
    const args: (string | number | null)[] = [];
    for (const row of chunk) {
      for (const [k, , kind] of t.columns) {
        const v = row[k];
        if (v === undefined || v === null) args.push(null);
        else args.push(kind.startsWith('json') ? JSON.stringify(v) : (v as string | number));
      }
      if (t.derived) args.push(...Object.values(t.derived(row)));
    }
    out.push({ sql: `INSERT INTO ${t.table} (${columns.join(', ')}) VALUES ${chunk.map(() => placeholder).join(', ')}`, args });
  }
  return out;
}

export function snapshotRepository(db: Db) {
  const snapshotJson = async (): Promise<Record<string, string>> => {
    const out: Record<string, string> = {};
    // One read transaction: the tables as they were at one moment, whatever is written meanwhile.
    const tx = await db.readTransaction();
    try {
      for (const t of SNAPSHOT_TABLES) {
        const row = (await tx.execute(selectJsonArray(t))).rows[0];
        out[t.name] = row ? column(row, 0) : '[]';
      }
    } finally {
      tx.close();
    }
    return out;
  };
  return {
    /**
     * Every snapshot table's rows as one JSON array text each, by the snapshot's table names: what an
     * export writes out as is (parsing 10k rows only to serialise them again was most of its time).
     */
    snapshotJson,

    /** Every snapshot table's rows, by the snapshot's table names. */
    async snapshotRows(): Promise<SnapshotRows> {
      const text = await snapshotJson();
      return Object.fromEntries(Object.entries(text).map(([name, rows]) => [name, JSON.parse(rows) as Record<string, unknown>[]]));
    },

    /** Replaces the snapshot tables' rows with these (and drops the live state), in one write transaction. */
    async restoreSnapshotRows(rows: SnapshotRows): Promise<void> {
      const deletes = [
        ...LIVE_TABLES.map((table) => `DELETE FROM ${table}`),
        ...[...SNAPSHOT_TABLES].reverse().map((t) => `DELETE FROM ${t.table}${t.keep ? ` WHERE NOT (${t.keep})` : ''}`),
      ];
      await db.writeBatch([...deletes, ...SNAPSHOT_TABLES.flatMap((t) => inserts(t, rows[t.name] ?? []))]);
      forgetTransactions(db);
    },
  };
}

export type SnapshotRepository = ReturnType<typeof snapshotRepository>;
