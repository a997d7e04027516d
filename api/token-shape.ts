/**
 * The shape of a bearer token, checked before `@okta/jwt-verifier` sees it, because njwt (inside
 * jwt-verifier) cannot be trusted with a malformed one: two inputs made it throw where no promise catches
 * the error, and an uncaught exception ends a Node process.
 *
 * Why the throw escapes. jwt-verifier's `verifyAsPromise` wraps njwt's callback API in `new Promise(...)`,
 * whose executor only turns *synchronous* throws into a rejection. njwt's `Verifier.verify` parses the token
 * synchronously, then hands the header's `kid` to jwt-verifier's key resolver, which asks jwks-rsa's
 * `getSigningKey(kid, cb)`. That function is `util.callbackify`-ed: it calls `cb` from `process.nextTick`
 * after the (cached or fetched) key promise settles. So the rest of njwt's verification — decoding the
 * signature, comparing it, rebuilding the header — runs in a bare nextTick callback, outside the executor
 * and outside any promise chain: a throw there is an `uncaughtException` (the process exits), and the
 * request's promise never settles. Two throws are reachable there, both only with `alg: RS256` and the
 * issuer's real `kid` (which is public, in its JWKS); without a kid the resolver answers synchronously,
 * inside the executor, and the error is an ordinary rejection:
 *
 * - no signature: `header.payload.` or `header.payload`. njwt sets the signature only if the third segment
 *   is truthy, then calls `base64urlUnescape(undefined)` → "Cannot read properties of undefined (reading
 *   'length')" (njwt/index.js:52, from :405).
 * - a `__proto__` member in the header. JSON.parse makes it an own member, njwt copies members onto its
 *   header object by assignment, and `header.__proto__ = null` replaces that object's prototype; the second
 *   copy, in the callback, calls `header.hasOwnProperty` → "is not a function" (njwt/index.js:130, from :420).
 *   This one survives any signature, so "the signature segment must not be empty" alone is not enough.
 *
 * Hence: three canonical base64url segments, a header and a claims set that are UTF-8 JSON objects without a
 * `__proto__` member, and the members njwt and jwks-rsa use of the types they assume. A string `kid` also
 * matters: jwks-rsa interpolates it into a message, and a JSON object such as `{"toString":1,"valueOf":1}`
 * cannot be, which used to surface as a key-fetch failure (503) instead of the caller's 401.
 */
import { InvalidToken } from './errors';

/**
 * Okta's access tokens are a kilobyte or two, a few more with a large groups claim; anything above this is
 * not one of them. Node refuses request headers above 16 KB before the API sees them; this bounds the
 * base64 and JSON work for the rest (and for callers of `verify` other than the HTTP server).
 */
export const MAX_TOKEN_LENGTH = 8192;
/** Okta's key ids are 43 characters (a base64url SHA-256); a kid is looked up in the JWKS as a string. */
export const MAX_KID_LENGTH = 256;

const BASE64URL = /^[A-Za-z0-9_-]+$/;
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

const malformed = (why: string) => new InvalidToken(`The access token could not be verified: ${why}.`);

type JsonObject = Record<string, unknown>;

/** Throws `InvalidToken` unless `token` is a JWS that njwt and jwks-rsa can process without throwing. */
export function assertJwtShape(token: string): void {
  if (token.length > MAX_TOKEN_LENGTH) throw malformed(`it is longer than ${MAX_TOKEN_LENGTH} characters`);
  const segments = token.split('.');
  const [headerSegment = '', payloadSegment = '', signatureSegment = ''] = segments;

  // The header first, so that an unsigned `alg: none` token is refused for what it is.
  const header = isCanonicalBase64url(headerSegment) ? jsonObject(headerSegment) : undefined;
  if (!header) throw malformed('its header is not a base64url JSON object');
  // Same words as the verifier's own refusals (verifier.ts), which would have said so had they been reached.
  if (header.alg !== 'RS256') throw new InvalidToken('The access token is not signed with RS256.');
  if (typeof header.kid !== 'string' || header.kid.length === 0 || header.kid.length > MAX_KID_LENGTH) {
    throw new InvalidToken('The access token was not signed by a key of the expected authorization server.');
  }
  if (header.typ !== undefined && typeof header.typ !== 'string') throw malformed('its header has a non-string typ');
  // RFC 7515 §4.1.11: extensions listed in `crit` must be understood; njwt understands none.
  if (header.crit !== undefined) throw malformed('its header lists critical extensions');

  if (segments.length !== 3 || !isCanonicalBase64url(signatureSegment)) {
    throw malformed('it is not a signed JWT (header.payload.signature, each part base64url)');
  }
  const claims = isCanonicalBase64url(payloadSegment) ? jsonObject(payloadSegment) : undefined;
  if (!claims) throw malformed('its payload is not a base64url JSON object');

  // njwt compares `new Date(exp * 1000) < now`, which is false for a missing or non-numeric exp: such a
  // token would never expire. Okta always sets a numeric exp.
  if (typeof claims.exp !== 'number' || !Number.isFinite(claims.exp)) throw malformed('it has no numeric expiry (exp)');
  if (claims.nbf !== undefined && (typeof claims.nbf !== 'number' || !Number.isFinite(claims.nbf))) {
    throw malformed('its not-before time (nbf) is not a number');
  }
}

/** Canonical, unpadded base64url: decoding and encoding again gives the same text (so no stray bits). */
function isCanonicalBase64url(segment: string): boolean {
  return BASE64URL.test(segment) && Buffer.from(segment, 'base64url').toString('base64url') === segment;
}

/** The segment's JSON object, or undefined if it is not UTF-8 JSON, not an object, or has a `__proto__` member. */
function jsonObject(segment: string): JsonObject | undefined {
  let value: unknown;
  try {
    value = JSON.parse(utf8.decode(Buffer.from(segment, 'base64url')));
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  return Object.hasOwn(value, '__proto__') ? undefined : (value as JsonObject);
}
