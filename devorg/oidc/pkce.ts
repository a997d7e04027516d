/**
 * PKCE (RFC 7636), S256 only: the verifier a token request proves its challenge with. What the
 * challenge and the verifier must look like is their parameters' schemas (`schemas.ts`).
 */
import { createHash, timingSafeEqual } from 'node:crypto';

/** RFC 7636 §4.6: BASE64URL(SHA256(verifier)) equals the stored challenge, compared in constant time. */
export function verifierMatches(verifier: string, challenge: string): boolean {
  const x = Buffer.from(createHash('sha256').update(verifier).digest('base64url'));
  const y = Buffer.from(challenge);
  return x.length === y.length && timingSafeEqual(x, y);
}
