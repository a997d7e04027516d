/**
 * Snapshot and restore: the whole org's data as one versioned JSON document (snapshot-schema.ts).
 *
 * - `GET /dev/api/snapshot` → the snapshot.
 * - `PUT /dev/api/snapshot` (the snapshot as body) → 200 with the rows restored per table. Checked
 *   whole first (a clear 400 naming the fields), then applied in one transaction: all or nothing.
 * - `npm run devorg -- --import FILE` restores a file at start-up, `--export-on-exit FILE` writes one
 *   when devorg stops (main.ts; `importSnapshotFile` / `exportSnapshotFile` here).
 *
 * What it holds is what signing in again needs, as digests wherever the org keeps digests: password
 * and password-history hashes, security answers' hashes, passkeys' public keys — and each TOTP
 * enrollment's shared secret, which an authenticator app holds too and no digest can replace. Never a
 * password, an answer, a client secret, a code or an event hook's auth header value.
 */
import { readFile, rename, writeFile } from 'node:fs/promises';
import { Hono } from 'hono';
import { ConfigError } from '../config';
import type { OrgContext } from '../context';
import { readJsonObject } from '../http';
import { SNAPSHOT_TABLES, type EventHookRecord } from '../store';
import { parseOr, problemsOf } from '../validation';
import { SNAPSHOT_FORMAT, SNAPSHOT_VERSION, snapshotSchema, type Snapshot, type SnapshotEventHook } from './snapshot-schema';

/** Snapshots are far larger than any Okta request; this bounds one without refusing a 10k-user org. */
export const MAX_SNAPSHOT_BYTES = 256 * 1024 * 1024;

/**
 * The snapshot as JSON text: the header, each table's rows as SQLite wrote them out (one array per
 * table, never parsed here), the event hooks without their auth header's value.
 */
export async function exportSnapshotText(ctx: OrgContext): Promise<string> {
  const tables = await ctx.store.snapshotJson();
  const eventHooks: SnapshotEventHook[] = (await ctx.store.listEventHooks()).map(({ channel, ...hook }) => ({
    ...hook,
    channel: { ...channel, authScheme: channel.authScheme && { type: channel.authScheme.type, key: channel.authScheme.key } },
  }));
  const header = { format: SNAPSHOT_FORMAT, version: SNAPSHOT_VERSION, exportedAt: new Date(ctx.clock.now()).toISOString() };
  const parts = [JSON.stringify(header).slice(0, -1)];
  for (const [name, rows] of Object.entries(tables)) parts.push(`,${JSON.stringify(name)}:${rows}`);
  parts.push(`,"eventHooks":${JSON.stringify(eventHooks)}}`);
  return parts.join('');
}

/**
 * The snapshot's hooks as this org will keep them. A hook's auth header value is a secret no snapshot
 * holds: a hook this org has (same id, same header) keeps its own; any other comes back INACTIVE and
 * UNVERIFIED with an empty value, until an admin sets it (PUT /api/v1/eventHooks/{id}) and verifies it.
 */
async function hooksToRestore(ctx: OrgContext, hooks: readonly SnapshotEventHook[]): Promise<EventHookRecord[]> {
  const current = new Map((await ctx.store.listEventHooks()).map((h) => [h.id, h]));
  return hooks.map(({ channel, ...hook }) => {
    if (!channel.authScheme) return { ...hook, channel: { ...channel, authScheme: null } };
    const mine = current.get(hook.id)?.channel.authScheme;
    if (mine && mine.key === channel.authScheme.key) return { ...hook, channel: { ...channel, authScheme: mine } };
    return {
      ...hook,
      status: 'INACTIVE',
      verificationStatus: 'UNVERIFIED',
      channel: { ...channel, authScheme: { ...channel.authScheme, value: '' } },
    };
  });
}

/**
 * Replaces the org's data with a checked snapshot; returns the rows restored per table. The org's
 * tables change in one transaction; the event hooks (in the System Log's file) right after, in that
 * file's own.
 */
export async function restoreSnapshot(ctx: OrgContext, snapshot: Snapshot): Promise<Record<string, number>> {
  const rows = Object.fromEntries(SNAPSHOT_TABLES.map((t) => [t.name, (snapshot[t.name] ?? []) as Record<string, unknown>[]]));
  const hooks = await hooksToRestore(ctx, (snapshot.eventHooks ?? []) as SnapshotEventHook[]);
  await ctx.store.restoreSnapshotRows(rows);
  await ctx.store.replaceEventHooks(hooks);
  ctx.hooks.invalidate();
  return { ...Object.fromEntries(Object.entries(rows).map(([name, list]) => [name, list.length])), eventHooks: hooks.length };
}

export function snapshotRoutes(ctx: OrgContext): Hono {
  const app = new Hono();
  app.get('/', async (c) => c.body(await exportSnapshotText(ctx), 200, { 'Content-Type': 'application/json' }));
  app.put('/', async (c) => {
    const snapshot = parseOr(snapshotSchema, await readJsonObject(c), 'api') as Snapshot;
    return c.json({ restored: await restoreSnapshot(ctx, snapshot) });
  });
  return app;
}

/** `--import FILE`: a file that can't be read or doesn't fit the format stops start-up, naming why. */
export async function importSnapshotFile(ctx: OrgContext, file: string): Promise<Record<string, number>> {
  let value: unknown;
  try {
    value = JSON.parse(await readFile(file, 'utf8'));
  } catch (err) {
    throw new ConfigError(`--import ${file}: ${(err as Error).message}`);
  }
  const problems = problemsOf(snapshotSchema, value);
  if (problems.length) throw new ConfigError(`--import ${file}: not a devorg snapshot: ${problems.slice(0, 20).join('; ')}`);
  return restoreSnapshot(ctx, value as Snapshot);
}

/** `--export-on-exit FILE`: written beside and renamed over, so a crash mid-write leaves the old file whole. */
export async function exportSnapshotFile(ctx: OrgContext, file: string): Promise<void> {
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, await exportSnapshotText(ctx));
  await rename(temporary, file);
}
