/**
 * `webauthn_credentials` (migration 8): the first round's one passkey per user, kept in the `webauthn`
 * enrollment's profile and secret, moves to its own row; the credentials go with their enrollment.
 */
import { createClient } from '@libsql/client';
import { describe, expect, it } from 'vitest';
import { useTempFiles } from '../testing/temp-dir';
import { MIGRATIONS } from './migrations';
import { Store } from '.';

const tempFile = useTempFiles();

const NOW = Date.UTC(2026, 11, 1, 12);

describe('migration 8: passkeys in a table of their own', () => {
  it("moves a stored passkey to webauthn_credentials under its enrollment's id, counter and transports kept", async () => {
    const file = tempFile();
    // A store as the previous version left it: schema 7, one passkey in the enrollment row.
    const db = createClient({ url: `file:${file}` });
    for (const [v, steps] of MIGRATIONS.slice(0, 7).entries()) await db.batch([...steps, `PRAGMA user_version = ${v + 1}`], 'write');
    await db.execute({
      sql: `INSERT INTO enrollments (id, user_id, authenticator, profile, secret, failures, last_used_step, created_at, last_verified_at)
            VALUES ('fwfold', '00uada', 'webauthn', ?, ?, 2, 7, ?, ?)`,
      args: [
        JSON.stringify({
          credentialId: 'Y3JlZA',
          authenticatorName: 'Passkey',
          transports: ['internal'],
          aaguid: 'aa-guid',
          createdAt: NOW,
        }),
        JSON.stringify({ publicKey: 'cHVibGlj' }),
        NOW,
        NOW + 1000,
      ],
    });
    db.close();

    const store = await Store.open(file);
    try {
      expect(await store.webauthnCredentials('00uada')).toEqual([
        {
          id: 'fwfold',
          userId: '00uada',
          credentialId: 'Y3JlZA',
          publicKey: 'cHVibGlj',
          signCount: 7,
          transports: ['internal'],
          aaguid: 'aa-guid',
          createdAt: NOW,
          lastUsedAt: NOW + 1000,
        },
      ]);
      const [enrollment] = await store.enrollments('00uada');
      // The enrollment keeps its failure count; its profile lists the passkey (never the key).
      expect(enrollment).toMatchObject({ id: 'fwfold', failures: 2, secret: null, lastUsedStep: null });
      expect(enrollment?.profile).toEqual({
        authenticatorName: 'Passkey',
        credentials: [
          { id: 'fwfold', credentialId: 'Y3JlZA', transports: ['internal'], aaguid: 'aa-guid', createdAt: NOW, lastUsedAt: NOW + 1000 },
        ],
      });
      await store.deleteEnrollments('00uada');
      expect(await store.webauthnCredentials('00uada')).toEqual([]);
    } finally {
      store.close();
    }
  });

  it('a counter only grows, once among racing assertions; 0 only from one that never counted', async () => {
    const store = await Store.open(tempFile());
    try {
      const base = { userId: '00ubob', authenticator: 'webauthn', failures: 0, createdAt: NOW, lastVerifiedAt: null };
      await store.saveEnrollment({
        ...base,
        id: 'fwfa',
        profile: { credentialId: 'YQ', transports: [] },
        secret: { publicKey: 'a' },
        lastUsedStep: 3,
      });
      await store.saveEnrollment({
        ...base,
        id: 'fwfb',
        profile: { credentialId: 'Yg', transports: [] },
        secret: { publicKey: 'b' },
        lastUsedStep: 0,
      });
      // The same credential again is not added twice.
      await store.saveEnrollment({
        ...base,
        id: 'fwfc',
        profile: { credentialId: 'YQ', transports: [] },
        secret: { publicKey: 'c' },
        lastUsedStep: 0,
      });
      expect((await store.webauthnCredentials('00ubob')).map((c) => c.id)).toEqual(['fwfa', 'fwfb']);
      expect((await store.enrollments('00ubob')).map((e) => e.authenticator)).toEqual(['webauthn']);
      const raced = await Promise.all([4, 4, 4].map((n) => store.recordWebauthnAssertion('fwfa', n, NOW)));
      expect(raced.filter(Boolean)).toHaveLength(1);
      expect(await store.recordWebauthnAssertion('fwfa', 3, NOW)).toBe(false);
      expect(await store.recordWebauthnAssertion('fwfa', 0, NOW)).toBe(false);
      expect(await store.recordWebauthnAssertion('fwfb', 0, NOW)).toBe(true);
      expect(await store.webauthnCredentialExists('Yg')).toBe(true);
      // One passkey removed leaves the enrollment; the last takes it with it.
      expect(await store.deleteEnrollment('00ubob', 'fwfa')).toBe(true);
      expect((await store.enrollments('00ubob')).map((e) => e.authenticator)).toEqual(['webauthn']);
      expect(await store.deleteEnrollment('00ubob', 'fwfb')).toBe(true);
      expect(await store.enrollments('00ubob')).toEqual([]);
    } finally {
      store.close();
    }
  });
});
