/**
 * The signing key and `signJwt`: a token devorg signs with node:crypto is the one jose would have
 * produced (RS256 is deterministic, so byte for byte), and verifies against the published JWKS key.
 */
import { importJWK, jwtVerify, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { Store } from '../store';
import { useTempFiles } from '../testing/temp-dir';
import { loadOrCreateSigningKey, signJwt } from './keys';

const tempFile = useTempFiles();

describe('signJwt', () => {
  it('signs exactly what jose SignJWT signs, and the published key verifies it', async () => {
    const store = await Store.open(tempFile());
    try {
      const key = await loadOrCreateSigningKey(store, 0);
      const payload = { ver: 1, iss: 'http://localhost/oauth2/default', sub: 'ädä@example.test', scp: ['openid'], iat: 1, exp: 4102444800 };
      const ours = await signJwt(key, payload);
      const jose = await new SignJWT(payload).setProtectedHeader({ alg: 'RS256', kid: key.kid, typ: 'JWT' }).sign(key.privateKey);
      expect(ours).toBe(jose);
      const { payload: verified, protectedHeader } = await jwtVerify(ours, await importJWK(key.publicJwk, 'RS256'));
      expect(verified).toEqual(payload);
      expect(protectedHeader).toEqual({ alg: 'RS256', kid: key.kid, typ: 'JWT' });
    } finally {
      store.close();
    }
  });

  it('keeps signing with the stored key after a restart', async () => {
    const file = tempFile();
    const first = await Store.open(file);
    const before = await signJwt(await loadOrCreateSigningKey(first, 0), { sub: 'x' });
    first.close();
    const again = await Store.open(file);
    try {
      expect(await signJwt(await loadOrCreateSigningKey(again, 0), { sub: 'x' })).toBe(before);
    } finally {
      again.close();
    }
  });
});
