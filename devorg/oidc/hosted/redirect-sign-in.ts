/**
 * What an Identity Engine transaction started by `/v1/authorize` (the redirect model) carries beyond an
 * embedded one: how its authorization request must be answered once the hosted Sign-In Widget reaches
 * success, and what the request said about an existing org session. Pure: read by the IDX identify step
 * (`sessionCounts`), the renderer (success → `success-redirect`) and `/login/token/redirect`.
 */
import type { AuthenticatorKey } from '../../authenticators/types';
import type { ResponseMode } from '../schemas';

export interface RedirectSignIn {
  /** Where the code goes back to the client (the redirect URI itself is the transaction's). */
  responseMode: ResponseMode;
  /**
   * The client's own PKCE challenge, if it sent one. (The transaction's `codeChallenge` is a random one
   * when it did not, so the transaction's interaction code can never be redeemed by anyone.)
   */
  codeChallenge?: string;
  /** The authorization server authorize was called on (`ctx.server.id`): only its token endpoint redeems the code. */
  server: string;
  /** `display` (OIDC Core §3.1.2.1: `page`, `popup`, `touch`, `wap`), as the client sent it: echoed in the IDX `authentication`. */
  display?: string;
  /** `prompt=login`: the org session doesn't count; every factor is asked again. */
  forceLogin?: boolean;
  /** `max_age` in seconds: a session authenticated longer ago than this doesn't count. */
  maxAge?: number;
  /**
   * `prompt=enroll_authenticator`: the authenticators the app asked the user to set up (`enroll_amr_values`).
   * Offered once the user has signed in; the answer carries `state` only, no code (`response_type=none`).
   */
  enroll?: AuthenticatorKey[];
}

/**
 * Whether the browser's org session (authenticated at `authTime`, ms) may stand in for signing in again,
 * for this request: not with `prompt=login`, and not when it is older than `max_age` (OIDC Core §3.1.2.1).
 */
export function sessionCounts(request: Pick<RedirectSignIn, 'forceLogin' | 'maxAge'> | undefined, authTime: number, now: number): boolean {
  if (!request) return true;
  if (request.forceLogin) return false;
  return request.maxAge === undefined || now - authTime <= request.maxAge * 1000;
}

/** The path the hosted widget is sent to at success (`success.href`), as on Okta: `/login/token/redirect?stateToken=…`. */
export const TOKEN_REDIRECT_PATH = '/login/token/redirect';
