/**
 * The OAuth settings both auth-js clients share — the core client that owns the tokens (auth.ts) and
 * the IDX client the widget signs in with (idx-auth.ts) — in one place, so the two never drift apart.
 */
import type { PortalConfig } from './config';
import { parseIonErrorBody } from './ion-errors';

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
