/**
 * Random bytes drawn from a pool refilled a few KiB at a time: each `crypto.randomBytes` call is a
 * trip into OpenSSL's generator that costs far more than the handful of bytes it returns, and a
 * sign-in draws a dozen (request ids, handles, codes, tokens). Node's `randomUUID` pools the same
 * way. Every byte is used once; the pool holds only bytes not yet handed out.
 */
import { randomBytes, randomFillSync } from 'node:crypto';

const POOL_BYTES = 4096;
const pool = Buffer.alloc(POOL_BYTES);
let offset = POOL_BYTES;

/** `n` fresh random bytes, base64url-encoded (from the pool when they fit in it). */
export function randomBase64url(n: number): string {
  if (n > POOL_BYTES) return randomBytes(n).toString('base64url');
  if (offset + n > POOL_BYTES) {
    randomFillSync(pool);
    offset = 0;
  }
  const out = pool.toString('base64url', offset, offset + n);
  offset += n;
  return out;
}
