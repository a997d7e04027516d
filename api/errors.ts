/**
 * The API's errors, and the one place that turns them into responses: RFC 6750 bearer-token errors
 * (`WWW-Authenticate` + the same code and description as JSON) and plain JSON errors for the rest.
 * Descriptions are fixed strings chosen here, never text taken from a token or a library error, so no
 * caller-controlled byte can reach a header.
 */
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

export const REALM = 'portal-api';

export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    readonly description: string,
  ) {
    super(description);
  }
}

/** RFC 6750 §3.1: no usable credentials at all. The challenge then carries no error code. */
export class MissingToken extends ApiError {
  constructor() {
    super(401, 'unauthorized', 'This API needs an access token: send Authorization: Bearer <token>.');
  }
}

/** RFC 6750 §3.1 `invalid_request`: an Authorization header that is not a well-formed bearer credential. */
export class MalformedAuthorization extends ApiError {
  constructor() {
    super(400, 'invalid_request', 'The Authorization header is not of the form "Bearer <token>".');
  }
}

/** RFC 6750 §3.1 `invalid_token`: expired, revoked, malformed, forged, or meant for someone else. */
export class InvalidToken extends ApiError {
  constructor(description: string) {
    super(401, 'invalid_token', description);
  }
}

/** RFC 6750 §3.1 `insufficient_scope`: a good token that does not grant what this API needs. */
export class InsufficientScope extends ApiError {
  constructor(readonly requiredScopes: readonly string[]) {
    super(403, 'insufficient_scope', `The access token lacks the scope this API requires: ${requiredScopes.join(' ')}.`);
  }
}

/**
 * A good token whose user is not in the group an endpoint requires (the token's `groups` claim does not
 * list it). Not a scope problem, so no RFC 6750 challenge: a plain 403 JSON error naming the group,
 * which is the API's own configuration, never text from the token.
 */
export class MissingGroup extends ApiError {
  constructor(readonly group: string) {
    super(
      403,
      'access_denied',
      `This endpoint is for members of the group ${JSON.stringify(group)}, which the access token's groups claim does not list.`,
    );
  }
}

/** The authorization server's keys could not be fetched: not the caller's fault, so not a 401. */
export class KeysUnavailable extends ApiError {
  constructor() {
    super(503, 'temporarily_unavailable', "The authorization server's signing keys could not be fetched; try again shortly.");
  }
}

export function renderError(err: unknown, c: Context): Response {
  const error = err instanceof ApiError ? err : unexpected(err);
  if (error.status >= 500 && !(err instanceof ApiError)) {
    console.error(`api: ${c.req.method} ${c.req.path} failed: ${describeError(err)}`);
  }
  const challenge = challengeFor(error);
  if (challenge) c.header('WWW-Authenticate', challenge);
  return c.json({ error: error.code, error_description: error.description }, error.status);
}

/** Hono's own exceptions keep their 4xx status (a client error stays one); anything else is our fault. */
function unexpected(err: unknown): ApiError {
  if (err instanceof HTTPException && err.status >= 400 && err.status < 500) {
    return new ApiError(err.status, 'invalid_request', 'The request could not be processed.');
  }
  return new ApiError(500, 'server_error', 'Something went wrong.');
}

/**
 * An error for the log: its class and where it was thrown, never its message. Messages quote what they
 * failed on — njwt's JwtParseError carries the whole token, jwt-verifier's quote its claims, JSON.parse's
 * quote its input — and the stack frames are enough to find the bug. Never throws: it runs in handlers
 * that must not fail themselves.
 */
export function describeError(err: unknown): string {
  try {
    if (!(err instanceof Error)) return `a thrown ${err === null ? 'null' : typeof err} (not an Error)`;
    const frames = (err.stack ?? '').split('\n').filter((line) => /^\s+at /.test(line));
    return [err.name, ...frames.slice(0, 8)].join('\n');
  } catch {
    return 'an error that could not be described';
  }
}

function challengeFor(error: ApiError): string | undefined {
  if (error instanceof MissingToken) return `Bearer realm="${REALM}"`;
  const params = [`realm="${REALM}"`, `error="${error.code}"`, `error_description="${error.description.replace(/["\\]/g, '')}"`];
  if (error instanceof InsufficientScope) params.push(`scope="${error.requiredScopes.join(' ')}"`);
  if (error instanceof MalformedAuthorization || error instanceof InvalidToken || error instanceof InsufficientScope) {
    return `Bearer ${params.join(', ')}`;
  }
  return undefined;
}
