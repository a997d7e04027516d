/**
 * The authorization server's RS256 signing key: generated once, persisted in the store, and published
 * in the JWKS with a `kid` derived from the key (its JWK thumbprint), so the `kid` is stable across
 * restarts — browsers cache the JWKS for 24 hours.
 */
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from 'jose';
import type { Store } from '../store';

export interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  publicJwk: JWK;
}

export async function loadOrCreateSigningKey(store: Store, now: number): Promise<SigningKey> {
  const [existing] = await store.signingKeys();
  let jwk: JWK;
  if (existing) {
    jwk = JSON.parse(existing.privateJwk) as JWK;
  } else {
    const { privateKey } = await generateKeyPair('RS256', { modulusLength: 2048, extractable: true });
    jwk = await exportJWK(privateKey);
    const kid = await calculateJwkThumbprint(jwk);
    jwk.kid = kid;
    await store.addSigningKey(kid, JSON.stringify(jwk), now);
  }
  const kid = jwk.kid ?? (await calculateJwkThumbprint(jwk));
  // Imported once at start-up: signing then costs no key parsing per request.
  const privateKey = (await importJWK({ ...jwk, alg: 'RS256' }, 'RS256')) as CryptoKey;
  const { kty, n, e } = jwk;
  const publicJwk: JWK = { kty, n, e, kid, alg: 'RS256', use: 'sig' };
  const publicKey = (await importJWK(publicJwk, 'RS256')) as CryptoKey;
  return { kid, privateKey, publicKey, publicJwk };
}
