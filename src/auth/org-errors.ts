/**
 * What an error from talking to the org means for the user: the org could not be reached (a network
 * blip, an overloaded or restarting org), or the org answered and refused. Only a refusal may end a
 * session; everything transient keeps it and is retried. Imports auth-js for types only, so it can sit
 * on any path and be unit-tested in Node.
 */
import { msg } from '@lit/localize';
import type { HttpRequestClient } from '@okta/okta-auth-js';

/** The first words of every "the org can't be reached" message the portal shows. */
export const ORG_UNREACHABLE = "Can't reach your sign-in service right now.";

/** On the sign-in form, where there is no session to keep. */
export const ORG_UNREACHABLE_SIGNING_IN = `${ORG_UNREACHABLE} Check your connection, then try again.`;

/** ORG_UNREACHABLE_SIGNING_IN (its English source) in the portal's language. */
export const orgUnreachableSigningIn = (): string => msg(ORG_UNREACHABLE_SIGNING_IN, { id: 'org.unreachable-signing-in' });

export type OrgFailure =
  /** No answer, or "try later" (network error, timeout, 5xx, 429): keep what you have and retry. */
  | 'transient'
  /** The org (or auth-js, on its behalf) says these credentials are done: only signing in again helps. */
  | 'refused';

/** OAuth error codes that mean "not now" rather than "no" (RFC 6749 §4.1.2.1). */
const TRANSIENT_OAUTH_ERRORS = new Set(['temporarily_unavailable', 'server_error']);

/** The fields auth-js's errors carry (AuthApiError, OAuthError, AuthSdkError), all optional here. */
interface ErrorFields {
  name?: unknown;
  message?: unknown;
  errorCode?: unknown;
  /** AuthApiError: the HTTP answer; absent when there was none. */
  xhr?: { status?: unknown };
  /** OAuthError from the token endpoint: the HTTP answer. */
  resp?: { status?: unknown } | null;
}

const statusOf = (e: ErrorFields): number | undefined => {
  const status = e.xhr?.status ?? e.resp?.status;
  return typeof status === 'number' ? status : undefined;
};

/**
 * Classifies an error from auth-js (or fetch) by what the org said, if anything:
 *
 * - An HTTP status decides when there is one: 0, 408, 429 and 5xx are transient; any other error answer
 *   (400/401 with `invalid_grant`, `invalid_client`, …) is a refusal, unless its OAuth code says "later".
 * - An OAuthError without one (the hidden-iframe flow: `login_required`, `interaction_required`) is a
 *   refusal.
 * - An AuthApiError without an HTTP answer is what auth-js makes of a request that got none (fetch's
 *   `TypeError: Failed to fetch`, a CORS failure, an unreadable body): transient. So are a bare
 *   TypeError, an abort or timeout, and auth-js's own "OAuth flow timed out".
 * - Anything else (auth-js's local AuthSdkErrors: no token to renew, a token response that fails
 *   validation) cannot be fixed by retrying: treated as a refusal, as before.
 */
export function classifyOrgError(error: unknown): OrgFailure {
  if (typeof error !== 'object' || error === null) return 'refused';
  const e = error as ErrorFields;
  const code = typeof e.errorCode === 'string' ? e.errorCode : undefined;
  const status = statusOf(e);
  if (status !== undefined) {
    if (status === 0 || status === 408 || status === 429 || status >= 500) return 'transient';
    return code !== undefined && TRANSIENT_OAUTH_ERRORS.has(code) ? 'transient' : 'refused';
  }
  switch (e.name) {
    case 'OAuthError':
      return code !== undefined && TRANSIENT_OAUTH_ERRORS.has(code) ? 'transient' : 'refused';
    case 'AuthApiError':
    case 'TypeError':
    case 'AbortError':
    case 'TimeoutError':
    case 'NetworkError':
      return 'transient';
    case 'AuthSdkError':
      return typeof e.message === 'string' && /timed out/i.test(e.message) ? 'transient' : 'refused';
    default:
      return 'refused';
  }
}

/**
 * auth-js's HTTP client turned so that a request that got no answer fails with plain words instead of
 * the browser's "Failed to fetch": the Sign-In Widget shows an error's summary as it is, and auth-js
 * wraps a fetch rejection into an AuthApiError before any `transformErrorXHR` runs, so this is the
 * one place the portal can word it. HTTP error answers (auth-js's client rejects with the response,
 * not an Error) pass through untouched.
 */
export function reportUnreachableOrgPlainly(send: HttpRequestClient, message: string | (() => string)): HttpRequestClient {
  return (method, url, options) =>
    send(method, url, options).catch((error: unknown) => {
      // A function: words in the portal's language of the moment the failure happens.
      if (error instanceof Error) throw new Error(typeof message === 'function' ? message() : message, { cause: error });
      throw error;
    });
}
