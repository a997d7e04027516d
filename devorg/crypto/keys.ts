/**
 * The authorization server's RS256 signing key: generated once, persisted in the store, and published
 * in the JWKS with a `kid` derived from the key (its JWK thumbprint), so the `kid` is stable across
 * restarts — browsers cache the JWKS for 24 hours.
 */
import { createPrivateKey, sign, type JsonWebKey, type KeyObject } from 'node:crypto';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK, type JWTPayload } from 'jose';
import type { Store } from '../store';

export interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  publicJwk: JWK;
  /** The private key as node:crypto holds it, for `signJwt`. */
  privateKeyObject: KeyObject;
  /** The JWS protected header every token carries (`alg`, `kid`, `typ`), base64url-encoded once. */
  encodedHeader: string;
}

/**
 * An RS256 JWT (compact JWS) of `payload`. node:crypto's one-shot RSA signature on the libuv pool costs
 * less CPU than jose's `SignJWT` through WebCrypto (~0.3 ms a token; bench/ab.ts), which also
 * re-encodes the same header and re-checks claims devorg builds itself; the token is byte-for-byte
 * what `SignJWT(payload).setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' })` produces.
 */
export function signJwt(key: SigningKey, payload: JWTPayload): Promise<string> {
  const input = `${key.encodedHeader}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}`;
  return new Promise((resolve, reject) => {
    sign('sha256', Buffer.from(input), key.privateKeyObject, (err, signature) => {
      if (err) reject(err);
      else resolve(`${input}.${signature.toString('base64url')}`);
    });
  });
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
  const privateKeyObject = createPrivateKey({ key: jwk as JsonWebKey, format: 'jwk' });
  const encodedHeader = Buffer.from(JSON.stringify({ alg: 'RS256', kid, typ: 'JWT' })).toString('base64url');
  return { kid, privateKey, publicKey, publicJwk, privateKeyObject, encodedHeader };
}
