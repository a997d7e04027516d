/**
 * The portal's one OktaAuth. The widget gets this same instance, so tokens, transaction state and the
 * auth state all live in one place (and one copy of auth-js 7.14.5 is bundled).
 */
import { OktaAuth } from '@okta/okta-auth-js';
import type { PortalConfig } from './config';

export function createAuthClient(config: PortalConfig): OktaAuth {
  const authClient = new OktaAuth({
    issuer: config.issuer,
    clientId: config.clientId,
    redirectUri: config.redirectUri,
    postLogoutRedirectUri: config.postLogoutRedirectUri,
    scopes: config.scopes,
    pkce: true,
    tokenManager: { storage: config.tokenStorage },
    // Cross-tab sync re-broadcasts events on the assumption that every tab reads the same storage;
    // that only holds for localStorage.
    services: { syncStorage: config.tokenStorage === 'localStorage' },
    transformErrorXHR: parseIonErrorBody,
  });
  endSessionWhenRenewalFails(authClient);
  return authClient;
}

/**
 * A failed renewal (e.g. the org rejected the refresh token: revoked, reused, expired) makes auth-js
 * remove the token it tried to renew, and on `invalid_grant` the refresh token, but it keeps the rest.
 * A leftover expired ID token would then be "renewed" through a hidden-iframe /v1/authorize, which
 * without third-party cookies (and on devorg) only fails after a 120 s timeout, leaving the portal
 * "checking your session". The session cannot continue, so end it locally: the auth state turns
 * signed-out and the route guards show sign-in.
 */
export function endSessionWhenRenewalFails(authClient: OktaAuth): void {
  authClient.tokenManager.on('error', () => {
    authClient.tokenManager.clear();
  });
}

interface ErrorXhr {
  responseText?: unknown;
  responseJSON?: unknown;
  headers?: Record<string, string>;
}

/**
 * The widget installs this kind of transform only on an authClient it creates itself. Okta answers IDX
 * errors as `application/ion+json`, which auth-js does not JSON-parse on the error path; without a
 * parsed `responseJSON`, introspecting an expired transaction throws a bare AuthApiError instead of
 * yielding the IDX error state the widget renders as its "session expired" view.
 */
export function parseIonErrorBody(xhr: object): object {
  const res = xhr as ErrorXhr;
  const contentType = res.headers?.['content-type'] ?? '';
  if (res.responseJSON === undefined && contentType.includes('application/ion+json') && typeof res.responseText === 'string') {
    try {
      res.responseJSON = JSON.parse(res.responseText);
    } catch {
      // Not JSON after all: leave it to auth-js's generic error.
    }
  }
  return res;
}
