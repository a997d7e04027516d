/**
 * The portal's one OktaAuth. The widget gets this same instance, so tokens, transaction state and the
 * auth state all live in one place (and one copy of auth-js 7.14.5 is bundled).
 */
import { OktaAuth } from '@okta/okta-auth-js';
import type { PortalConfig } from './config';

export function createAuthClient(config: PortalConfig): OktaAuth {
  return new OktaAuth({
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
