/**
 * Typed errors and the one place that turns them into Okta's wire shapes.
 *
 * Three families, as on a real org:
 * - OAuth endpoints (`/oauth2/...`): `{ error, error_description }`.
 * - Management API (`/api/v1/...`): `{ errorCode, errorSummary, errorLink, errorId, errorCauses }`.
 * - IDX (`/idp/idx/...`): an IDX document with `version` and top-level `messages` (auth-js only treats an
 *   error body as IDX when it carries `version`).
 * A `BadRequest` is family-neutral (malformed JSON, wrong content type…) and gets the family's shape.
 */
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { randomBase64url } from './crypto/random';

export class OAuthError extends Error {
  override name = 'OAuthError';
  constructor(
    readonly status: ContentfulStatusCode,
    readonly error: string,
    readonly description: string,
    /** Extra headers, e.g. `WWW-Authenticate` on userinfo. */
    readonly headers: Record<string, string> = {},
  ) {
    super(`${error}: ${description}`);
  }
}

export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly status: ContentfulStatusCode,
    readonly errorCode: string,
    readonly errorSummary: string,
    readonly causes: string[] = [],
    /** Extra headers, e.g. MyAccount's `WWW-Authenticate` challenges. */
    readonly headers: Record<string, string> = {},
  ) {
    super(`${errorCode}: ${errorSummary}`);
  }
}

export interface IdxMessage {
  message: string;
  i18n?: { key: string; params?: unknown[] };
  class: 'ERROR' | 'INFO' | 'WARNING';
}

/**
 * An IDX error. Without `document` it is terminal (the widget shows the messages with "Back to sign
 * in"); with one — the transaction's current form plus the messages — the user can correct and retry.
 */
export class IdxError extends Error {
  override name = 'IdxError';
  constructor(
    readonly status: ContentfulStatusCode,
    readonly messages: IdxMessage[],
    readonly document?: Record<string, unknown>,
  ) {
    super(messages.map((m) => m.message).join('; '));
  }
}

export class BadRequest extends Error {
  override name = 'BadRequest';
  constructor(
    message: string,
    readonly status: ContentfulStatusCode = 400,
  ) {
    super(message);
  }
}

export const API_ERRORS = {
  validation: (causes: string[] = []) =>
    new ApiError(400, 'E0000001', 'Api validation failed: ' + causes.map((c) => c.split(':')[0]).join(', '), causes),
  notFound: (what: string, type = 'User') => new ApiError(404, 'E0000007', `Not found: Resource not found: ${what} (${type})`),
  invalidToken: () => new ApiError(401, 'E0000011', 'Invalid token provided'),
  forbidden: () => new ApiError(403, 'E0000006', 'You do not have permission to perform the requested action'),
  unsupported: () => new ApiError(405, 'E0000022', 'The endpoint does not support the provided HTTP method'),
} as const;

/**
 * Every OAuth error devorg answers with, by its RFC 6749 / 6750 / 7009 name: the one place that
 * builds an `OAuthError`. Descriptions that depend on the request are passed in by the endpoint.
 */
export const OAUTH_ERRORS = {
  invalidRequest: (description: string) => new OAuthError(400, 'invalid_request', description),
  /** A required form field is absent or empty. */
  missingParameter: (name: string) => new OAuthError(400, 'invalid_request', `The '${name}' parameter is required.`),
  /** No client was named, or its credentials are wrong. */
  invalidClient: (description = 'Client authentication failed. Either the client or the client credentials are invalid.') =>
    new OAuthError(401, 'invalid_client', description),
  /** The app exists but was not given this grant (Okta's wording, with the app's grants). */
  unauthorizedClient: (grantTypes: readonly string[]) =>
    new OAuthError(
      400,
      'unauthorized_client',
      `The client is not authorized to use the provided grant type. Configured grant types: [${grantTypes.join(', ')}].`,
    ),
  /** A client was named that the org does not know. */
  unknownClient: () => new OAuthError(401, 'invalid_client', 'The client_id provided is invalid.'),
  invalidGrant: (description: string) => new OAuthError(400, 'invalid_grant', description),
  unsupportedGrantType: (grantType: string) =>
    new OAuthError(400, 'unsupported_grant_type', `The grant type '${grantType}' is not supported.`),
  invalidScope: (description: string) => new OAuthError(400, 'invalid_scope', description),
  /** RFC 6750 §3.1: a bearer token that is missing, malformed, expired or revoked. */
  invalidToken: (headers: Record<string, string>) => new OAuthError(401, 'invalid_token', 'The access token is invalid.', headers),
  insufficientScope: (description: string, headers: Record<string, string>) =>
    new OAuthError(403, 'insufficient_scope', description, headers),
  endpointNotFound: () => new OAuthError(404, 'invalid_request', 'The endpoint does not exist.'),
  tooManyRequests: () => new OAuthError(429, 'too_many_requests', 'API call exceeded rate limit due to too many requests.'),
} as const;

export const IDX_MESSAGES = {
  sessionExpired: (): IdxMessage => ({
    message: 'You have been logged out due to inactivity. Refresh or return to the sign in screen.',
    i18n: { key: 'idx.session.expired' },
    class: 'ERROR',
  }),
  /** Okta's answer to a malformed IDX request; devorg names each problem after it (`badRequest`). */
  malformed: (): IdxMessage => ({ message: 'Bad request.', i18n: { key: 'E0000020' }, class: 'ERROR' }),
  badRequest: (detail: string): IdxMessage => ({ message: `The request was invalid: ${detail}`, class: 'ERROR' }),
  internal: (): IdxMessage => ({ message: 'There was an unexpected internal error. Please try again.', class: 'ERROR' }),
} as const;

export const IDX_CONTENT_TYPE = 'application/ion+json; okta-version=1.0.0';

type Family = 'oauth' | 'api' | 'idx' | 'other';

export function familyOf(path: string): Family {
  if (path.startsWith('/oauth2/')) return 'oauth';
  if (path.startsWith('/api/v1/') || path.startsWith('/idp/myaccount/')) return 'api';
  if (path.startsWith('/idp/idx/')) return 'idx';
  return 'other';
}

export function errorId(): string {
  return 'oae' + randomBase64url(11);
}

export function apiErrorBody(errorCode: string, errorSummary: string, causes: string[] = []) {
  return {
    errorCode,
    errorSummary,
    errorLink: errorCode,
    errorId: errorId(),
    errorCauses: causes.map((errorSummary) => ({ errorSummary })),
  };
}

export function idxErrorBody(messages: IdxMessage[]) {
  return { version: '1.0.0', messages: { type: 'array', value: messages } };
}

/** Hono `onError` handler: the single serialisation boundary. Unknown errors never leak internals. */
export function renderError(err: Error, c: Context): Response {
  const family = familyOf(c.req.path);
  if (err instanceof OAuthError) {
    for (const [k, v] of Object.entries(err.headers)) c.header(k, v);
    c.header('Cache-Control', 'no-store');
    return c.json({ error: err.error, error_description: err.description }, err.status);
  }
  if (err instanceof ApiError) {
    for (const [k, v] of Object.entries(err.headers)) c.header(k, v);
    return c.json(apiErrorBody(err.errorCode, err.errorSummary, err.causes), err.status);
  }
  if (err instanceof IdxError) return idxJson(c, err.document ?? idxErrorBody(err.messages), err.status);
  if (err instanceof BadRequest) {
    if (family === 'oauth') return c.json({ error: 'invalid_request', error_description: err.message }, err.status);
    if (family === 'idx') return idxJson(c, idxErrorBody([IDX_MESSAGES.malformed(), IDX_MESSAGES.badRequest(err.message)]), err.status);
    return c.json(apiErrorBody('E0000003', `The request body was not well-formed. ${err.message}`.trim()), err.status);
  }
  // Hono's own HTTPException (e.g. body limit) carries a status; anything else is a bug.
  const status = (err as { status?: unknown }).status;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return renderError(new BadRequest(err.message || 'Bad request', status as ContentfulStatusCode), c);
  }
  console.error(`devorg: unexpected error on ${c.req.method} ${c.req.path}:`, err.name, err.message);
  if (family === 'oauth') return c.json({ error: 'server_error', error_description: 'An unexpected error occurred.' }, 500);
  if (family === 'idx') return idxJson(c, idxErrorBody([IDX_MESSAGES.internal()]), 500);
  return c.json(apiErrorBody('E0000009', 'Internal Server Error'), 500);
}

export function idxJson(c: Context, body: unknown, status: ContentfulStatusCode = 200): Response {
  return c.body(JSON.stringify(body), status, { 'Content-Type': IDX_CONTENT_TYPE });
}
