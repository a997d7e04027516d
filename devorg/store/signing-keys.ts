/** The org's token-signing keys (private JWKs), listed newest first. */
import { num, str, type Db } from './db';

export function signingKeysRepository(db: Db) {
  return {
    async signingKeys(): Promise<{ kid: string; privateJwk: string; createdAt: number }[]> {
      const rs = await db.execute('SELECT kid, private_jwk, created_at FROM signing_keys ORDER BY created_at DESC');
      return rs.rows.map((r) => ({ kid: str(r, 'kid'), privateJwk: str(r, 'private_jwk'), createdAt: num(r, 'created_at') }));
    },

    async addSigningKey(kid: string, privateJwk: string, now: number): Promise<void> {
      await db.run('INSERT OR IGNORE INTO signing_keys (kid, private_jwk, created_at) VALUES (?, ?, ?)', [kid, privateJwk, now]);
    },
  };
}

export type SigningKeysRepository = ReturnType<typeof signingKeysRepository>;
