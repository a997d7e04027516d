/** PKCE (RFC 7636), S256 only: the challenge interact stores, and the verifier the token request proves it with. */
import { createHash, timingSafeEqual } from 'node:crypto';
import { OAUTH_ERRORS } from '../errors';

const VERIFIER = /^[A-Za-z0-9\-._~]{43,128}$/;
const CHALLENGE = /^[A-Za-z0-9_-]{43}$/;

/** Interact: `code_challenge_method=S256` and a challenge that is a base64url SHA-256 digest. */
export function requireS256Challenge(form: Record<string, string>): string {
  if (form.code_challenge_method !== 'S256') throw OAUTH_ERRORS.invalidRequest("PKCE code challenge method must be 'S256'.");
  if (!form.code_challenge || !CHALLENGE.test(form.code_challenge)) {
    throw OAUTH_ERRORS.invalidRequest('PKCE code challenge is required and must be a base64url SHA-256 digest.');
  }
  return form.code_challenge;
}

/** Token: a `code_verifier` is given and well-formed (checked before the code is spent). */
export function requireVerifier(form: Record<string, string>): string {
  if (!form.code_verifier) throw OAUTH_ERRORS.invalidRequest('PKCE code verifier is required when the code challenge is present.');
  if (!VERIFIER.test(form.code_verifier)) throw OAUTH_ERRORS.invalidRequest('PKCE verification failed.');
  return form.code_verifier;
}

/** RFC 7636 §4.6: BASE64URL(SHA256(verifier)) equals the stored challenge, compared in constant time. */
export function verifierMatches(verifier: string, challenge: string): boolean {
  const x = Buffer.from(createHash('sha256').update(verifier).digest('base64url'));
  const y = Buffer.from(challenge);
  return x.length === y.length && timingSafeEqual(x, y);
}
