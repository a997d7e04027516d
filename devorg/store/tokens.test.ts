/**
 * The tokens table details the HTTP tests can't see: the rotation-marker migration and atomic
 * refresh-token rotation.
 */
import { createClient } from '@libsql/client';
import { describe, expect, it } from 'vitest';
import { useTempFiles } from '../testing/temp-dir';
import { MIGRATIONS } from './migrations';
import { Store, type NewTokenRow } from '.';

const tempFile = useTempFiles();

const NOW = Date.UTC(2026, 10, 25, 12);

function tokenRow(id: string, kind: 'access' | 'refresh' = 'refresh'): NewTokenRow<Record<string, never>> {
  return {
    id,
    kind,
    userId: '00uuser',
    clientId: 'client',
    scopes: ['openid', 'offline_access'],
    grant: {},
    familyId: 'family',
    expiresAt: NOW + 3600_000,
    revokedAt: null,
    createdAt: NOW,
  };
}

describe('migration 3: rotation markers become rotated_at', () => {
  it('folds an existing `.rotated` marker row into its token and drops the marker', async () => {
    const file = tempFile();
    // A store as the previous version left it: schema 2, a rotated token with its marker row.
    const db = createClient({ url: `file:${file}` });
    for (const [v, steps] of MIGRATIONS.slice(0, 2).entries()) await db.batch([...steps, `PRAGMA user_version = ${v + 1}`], 'write');
    const insert = `INSERT INTO tokens (id, kind, user_id, client_id, scopes, grant_data, family_id, expires_at, revoked_at, created_at)
                    VALUES (?, 'refresh', 'u', 'c', 'openid', '{}', 'f', ?, NULL, ?)`;
    await db.execute({ sql: insert, args: ['RT.spent', NOW + 3600_000, NOW - 60_000] });
    await db.execute({ sql: insert, args: ['RT.spent.rotated', NOW + 3600_000, NOW - 5_000] });
    await db.execute({ sql: insert, args: ['RT.live', NOW + 3600_000, NOW - 5_000] });
    db.close();

    const store = await Store.open(file);
    try {
      expect((await store.token('RT.spent'))?.rotatedAt).toBe(NOW - 5_000);
      expect((await store.token('RT.live'))?.rotatedAt).toBeNull();
      expect(await store.token('RT.spent.rotated')).toBeUndefined();
    } finally {
      store.close();
    }
  });
});

describe('rotateRefreshToken', () => {
  it('rotates a token exactly once, even when two rotations race', async () => {
    const store = await Store.open(tempFile());
    try {
      await store.saveTokens([tokenRow('RT.old')]);
      const results = await Promise.all([
        store.rotateRefreshToken('RT.old', NOW + 1, [tokenRow('AT.a', 'access'), tokenRow('RT.a')]),
        store.rotateRefreshToken('RT.old', NOW + 1, [tokenRow('AT.b', 'access'), tokenRow('RT.b')]),
      ]);
      const winner = results[0] ? 'a' : 'b';
      expect([...results].sort()).toEqual([false, true]);
      const loser = winner === 'a' ? 'b' : 'a';
      expect((await store.token('RT.old'))?.rotatedAt).toBe(NOW + 1);
      // The winner's successors exist; the loser wrote nothing.
      expect(await store.token(`RT.${winner}`)).toBeDefined();
      expect(await store.token(`AT.${winner}`)).toBeDefined();
      expect(await store.token(`RT.${loser}`)).toBeUndefined();
      expect(await store.token(`AT.${loser}`)).toBeUndefined();
    } finally {
      store.close();
    }
  });

  it('refuses to rotate a revoked token', async () => {
    const store = await Store.open(tempFile());
    try {
      await store.saveTokens([tokenRow('RT.old')]);
      await store.revokeFamily('family', NOW);
      expect(await store.rotateRefreshToken('RT.old', NOW + 1, [tokenRow('RT.new')])).toBe(false);
      expect(await store.token('RT.new')).toBeUndefined();
      expect((await store.token('RT.old'))?.rotatedAt).toBeNull();
    } finally {
      store.close();
    }
  });
});
