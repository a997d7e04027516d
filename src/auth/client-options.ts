/**
 * The OAuth settings both auth-js clients share — the core client that owns the tokens (auth.ts) and
 * the IDX client the widget signs in with (idx-auth.ts) — in one place, so the two never drift apart.
 */
import type { HttpRequestClient } from '@okta/okta-auth-js';
import type { PortalConfig } from '../config';
import { parseIonErrorBody } from '../ion-errors';
import { reportUnreachableOrgPlainly } from './org-errors';

export function sharedClientOptions(config: PortalConfig) {
  return {
    issuer: config.issuer,
    clientId: config.clientId,
    redirectUri: config.redirectUri,
    postLogoutRedirectUri: config.postLogoutRedirectUri,
    scopes: config.scopes,
    pkce: true,
    transformErrorXHR: parseIonErrorBody,
  };
}

/**
 * Wraps the client's HTTP client so a request that gets no answer fails in plain words (org-errors.ts)
 * rather than as "Failed to fetch", which the widget would show as it is. Done once the client exists:
 * auth-js fills in its default HTTP client then and doesn't export it. (auth-js's only retry of a
 * network error, Safari's "Load failed" while polling, needs a `pollDelay` these clients don't set.)
 */
export function reportNetworkFailuresPlainly<C extends { options: { httpRequestClient?: HttpRequestClient } }>(
  client: C,
  message: string | (() => string),
): C {
  const send = client.options.httpRequestClient;
  if (send) client.options.httpRequestClient = reportUnreachableOrgPlainly(send, message);
  return client;
}
