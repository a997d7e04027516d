/**
 * The snapshot file: `{ format: "devorg-snapshot", version: 1, exportedAt, users, passwordHistory,
 * enrollments, webauthnCredentials, groups, groupMembers, appAssignments, eventHooks }`, each table an
 * array of rows whose fields are those of store/snapshot.ts's `SNAPSHOT_TABLES` (so the schema follows the
 * tables), and the event hooks without their auth header's secret.
 * A snapshot is checked whole before anything is written: field types, and that every reference points
 * at a row of the same snapshot and nothing unique appears twice, which would otherwise fail half-way.
 */
import { z } from 'zod';
import { AUTHENTICATOR_KEYS } from '../authenticators/types';
import { EVERYONE_GROUP_ID, SNAPSHOT_TABLES, type ColumnKind } from '../store';
import { key } from '../store/db';

export const SNAPSHOT_FORMAT = 'devorg-snapshot';
export const SNAPSHOT_VERSION = 1;

/** Far beyond any dev org; it bounds what one bad file can make devorg hold. */
const MAX_ROWS = 1_000_000;
/** A bad file gets its first problems named, not one line per row. */
const MAX_REFERENCE_PROBLEMS = 20;

const text = z.string().max(65_536);
const json = z.union([z.record(z.string(), z.unknown()), z.array(z.unknown())]);
const KINDS: Record<ColumnKind, z.ZodType> = {
  text,
  'text?': text.nullable(),
  int: z.int(),
  'int?': z.int().nullable(),
  json,
  'json?': json.nullable(),
};

/** Fields whose values the rest of devorg relies on beyond their type. */
const FIELDS: Record<string, z.ZodType> = {
  'users.status': z.enum(['STAGED', 'PROVISIONED', 'ACTIVE', 'RECOVERY', 'PASSWORD_EXPIRED', 'LOCKED_OUT', 'SUSPENDED', 'DEPROVISIONED']),
  'users.profile': z.looseObject({ login: z.string().min(1).max(1024), email: z.string().min(1).max(1024) }),
  'enrollments.authenticator': z.enum(AUTHENTICATOR_KEYS),
  'enrollments.profile': z.record(z.string(), z.unknown()),
  'enrollments.secret': z.record(z.string(), z.unknown()).nullable(),
  'webauthnCredentials.transports': z.array(z.string()),
  'groups.type': z.literal('OKTA_GROUP', 'must be "OKTA_GROUP" (the built-in groups are every org’s own)'),
  'groups.profile': z.looseObject({ name: z.string().min(1).max(255), description: z.string().nullable().optional() }),
};

const tables = Object.fromEntries(
  SNAPSHOT_TABLES.map((t) => [
    t.name,
    z.array(z.strictObject(Object.fromEntries(t.columns.map(([k, , kind]) => [k, FIELDS[`${t.name}.${k}`] ?? KINDS[kind]])))).max(MAX_ROWS),
  ]),
);

/**
 * An event hook (kept with the System Log, not in `SNAPSHOT_TABLES`): its channel without the auth
 * header's value, which is a secret the snapshot never holds (snapshot.ts says what a restore does).
 */
const eventHook = z.strictObject({
  id: z.string().min(1).max(64),
  name: z.string().min(1).max(255),
  description: z.string().max(1024).nullable(),
  status: z.enum(['ACTIVE', 'INACTIVE']),
  verificationStatus: z.enum(['UNVERIFIED', 'VERIFIED']),
  events: z.array(z.string().max(256)).max(200),
  channel: z.strictObject({
    uri: z.string().max(2048),
    version: z.string().max(32),
    headers: z.array(z.strictObject({ key: z.string().max(256), value: z.string().max(4096) })).max(50),
    authScheme: z.strictObject({ type: z.literal('HEADER'), key: z.string().min(1).max(256) }).nullable(),
  }),
  createdAt: z.int(),
  lastUpdatedAt: z.int(),
});

export type SnapshotEventHook = z.output<typeof eventHook>;

type Rows = Record<string, Record<string, unknown>[]>;

/** Uniqueness and references across tables, as issues at the offending row's field. */
function checkReferences(rows: Rows, ctx: z.core.$RefinementCtx): void {
  let problems = 0;
  const problem = (path: (string | number)[], message: string) => {
    if (problems++ < MAX_REFERENCE_PROBLEMS) ctx.addIssue({ code: 'custom', path, message });
  };
  const unique = (table: string, field: string, of: (row: Record<string, unknown>) => string) => {
    const seen = new Set<string>();
    (rows[table] ?? []).forEach((row, i) => {
      const value = of(row);
      if (seen.has(value)) problem([table, i, field], 'appears twice');
      seen.add(value);
    });
    return seen;
  };
  const users = unique('users', 'id', (u) => String(u.id));
  unique('users', 'profile', (u) => key(String((u.profile as { login?: unknown }).login)));
  unique('enrollments', 'id', (e) => String(e.id));
  unique('enrollments', 'authenticator', (e) => `${String(e.userId)} ${String(e.authenticator)}`);
  unique('webauthnCredentials', 'credentialId', (w) => String(w.credentialId));
  const groups = unique('groups', 'id', (g) => String(g.id));
  groups.add(EVERYONE_GROUP_ID);
  unique('groups', 'profile', (g) => key(String((g.profile as { name?: unknown }).name)));
  unique('groupMembers', 'userId', (m) => `${String(m.groupId)} ${String(m.userId)}`);
  unique('appAssignments', 'userId', (a) => `${String(a.appId)} ${String(a.userId)}`);
  unique('eventHooks', 'id', (hook) => String(hook.id));
  for (const table of ['passwordHistory', 'enrollments', 'webauthnCredentials', 'groupMembers', 'appAssignments']) {
    (rows[table] ?? []).forEach((row, i) => {
      if (!users.has(String(row.userId))) problem([table, i, 'userId'], 'names no user of the snapshot');
    });
  }
  (rows.groupMembers ?? []).forEach((row, i) => {
    if (!groups.has(String(row.groupId))) problem(['groupMembers', i, 'groupId'], 'names no group of the snapshot');
  });
}

export const snapshotSchema = z
  .strictObject({
    format: z.literal(SNAPSHOT_FORMAT, `must be "${SNAPSHOT_FORMAT}"`),
    version: z.literal(SNAPSHOT_VERSION, `this devorg reads snapshot version ${SNAPSHOT_VERSION}`),
    exportedAt: z.string().max(64).optional(),
    ...tables,
    eventHooks: z.array(eventHook).max(1000),
  })
  .superRefine((snapshot, ctx) => checkReferences(snapshot as unknown as Rows, ctx));

/** The header, and one array of rows per table (`SNAPSHOT_TABLES`' names). */
export interface Snapshot {
  format: typeof SNAPSHOT_FORMAT;
  version: typeof SNAPSHOT_VERSION;
  exportedAt?: string;
  [table: string]: unknown;
}
