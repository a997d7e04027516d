/**
 * Access-token verification with `@okta/jwt-verifier`, exactly as Okta's resource-server guides use it:
 * signature against the issuer's JWKS (fetched over HTTP, cached), RS256 only, expiry, issuer and
 * audience. The scope check is ours, so that a good token without the scope is a 403, not a 401.
 * Library failures are turned into the API's typed errors here and nowhere else.
 *
 * A token reaches jwt-verifier only once its shape is known to be safe for it (token-shape.ts explains the
 * malformed tokens that used to end the process from inside njwt).
 */
import OktaJwtVerifier from '@okta/jwt-verifier';
import { isLocalHttp, type ApiConfig } from './config';
import { InsufficientScope, InvalidToken, KeysUnavailable } from './errors';
import { assertJwtShape } from './token-shape';

export type AccessTokenClaims = OktaJwtVerifier.JwtClaims;

export type VerifyAccessToken = (token: string) => Promise<AccessTokenClaims>;

/**
 * How long one verification may take, JWKS fetch included, before the caller gets a 503. jwt-verifier's
 * promise settles only if njwt's callback runs to the end; a throw inside it (see token-shape.ts) leaves the
 * promise pending for good, and the process-level guard (crash-guard.ts) keeps the process alive but cannot
 * answer the request. jwks-rsa's own fetch timeout (30 s) is longer than anyone waits for a page.
 */
export const VERIFY_DEADLINE_MS = 10_000;

const HTTPS_WARNING = 'Warning: HTTPS check is disabled.';

/**
 * For an http issuer on localhost (devorg) jwt-verifier's "HTTPS check is disabled … NOT recommended for
 * production" warning is expected, and alarming at every `npm start`: it is dropped while the verifier is
 * made (synchronously), and api/main.ts says instead that plain http is accepted for localhost only. Any
 * other warning passes through.
 */
function withoutExpectedHttpsWarning<T>(make: () => T): T {
  const warn = console.warn;
  console.warn = (...args: unknown[]) => {
    if (typeof args[0] === 'string' && args[0].startsWith(HTTPS_WARNING)) return;
    warn(...args);
  };
  try {
    return make();
  } finally {
    console.warn = warn;
  }
}

class VerificationTimedOut extends Error {
  override name = 'VerificationTimedOut';
}

export function createVerifier(
  config: Pick<ApiConfig, 'issuer' | 'audience' | 'requiredScopes'>,
  { deadlineMs = VERIFY_DEADLINE_MS }: { deadlineMs?: number } = {},
): VerifyAccessToken {
  // jwt-verifier refuses http issuers; devorg on localhost is the one legitimate exception.
  const localHttp = isLocalHttp(config.issuer);
  const make = () => new OktaJwtVerifier({ issuer: config.issuer, ...(localHttp ? { testing: { disableHttpsCheck: true } } : {}) });
  const verifier = localHttp ? withoutExpectedHttpsWarning(make) : make();
  return async (token) => {
    // Before the library, not after: njwt can throw where no promise catches it (token-shape.ts).
    assertJwtShape(token);
    let claims: AccessTokenClaims;
    try {
      ({ claims } = await withDeadline(verifier.verifyAccessToken(token, config.audience), deadlineMs));
    } catch (err) {
      throw translate(err);
    }
    const granted = Array.isArray(claims.scp) ? claims.scp : [];
    if (!config.requiredScopes.every((scope) => granted.includes(scope))) throw new InsufficientScope(config.requiredScopes);
    return claims;
  };
}

/** jwks-rsa errors that are the token's fault: an unknown `kid`, or a flood of them (rate limit). */
const TOKEN_KEY_PROBLEMS = new Set(['SigningKeyNotFoundError', 'JwksRateLimitError']);

/**
 * njwt (inside jwt-verifier) reports by message; the checks jwt-verifier adds on top are plain Errors.
 * Only the category is kept: the messages can quote the token's claims.
 */
function translate(err: unknown): Error {
  // We could not check in time, which is not the caller's fault.
  if (err instanceof VerificationTimedOut) return new KeysUnavailable();
  const message = err instanceof Error ? err.message : String(err);
  if (message.startsWith('Error while resolving signing key')) {
    const inner = (err as { innerError?: unknown }).innerError;
    // No kid at all arrives as a bare string; anything else (connection refused, a 5xx, an empty key set)
    // means we could not check, which is not the caller's fault.
    const tokensFault = !(inner instanceof Error) || TOKEN_KEY_PROBLEMS.has(inner.name);
    return tokensFault
      ? new InvalidToken('The access token was not signed by a key of the expected authorization server.')
      : new KeysUnavailable();
  }
  if (message === 'Jwt is expired') return new InvalidToken('The access token expired.');
  if (message === 'Jwt not active') return new InvalidToken('The access token is not valid yet.');
  if (message === 'Signature verification failed') return new InvalidToken('The access token signature is invalid.');
  if (message === 'Unexpected signature algorithm') return new InvalidToken('The access token is not signed with RS256.');
  if (message.startsWith('audience claim')) return new InvalidToken('The access token is not meant for this API (audience).');
  if (message.startsWith('issuer ')) return new InvalidToken('The access token was issued by another authorization server.');
  return new InvalidToken('The access token could not be verified.');
}

function withDeadline<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new VerificationTimedOut(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}
