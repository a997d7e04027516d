/**
 * The portal's one started OktaAuth: tokens, their renewal (auto-renew with the refresh token),
 * cross-tab sync, the auth state and sign-out. Built from auth-js's `/core` entry: everything but the
 * IDX (sign-in) half, which only the sign-in page needs and loads with the widget (see idx-auth.ts).
 * Loaded lazily by session.ts; nothing on the boot path imports this module.
 */
import { OktaAuth } from '@okta/okta-auth-js/core';
import type { PortalConfig } from './config';
import { reportNetworkFailuresPlainly, sharedClientOptions } from './client-options';
import { ORG_UNREACHABLE } from './org-errors';

export type { OktaAuth };

export function createAuthClient(config: PortalConfig): OktaAuth {
  const authClient = new OktaAuth({
    ...sharedClientOptions(config),
    tokenManager: { storage: config.tokenStorage },
    // Cross-tab sync re-broadcasts events on the assumption that every tab reads the same storage;
    // that only holds for localStorage.
    services: { syncStorage: config.tokenStorage === 'localStorage' },
  });
  endSessionWhenRenewalFails(authClient);
  return reportNetworkFailuresPlainly(authClient, ORG_UNREACHABLE);
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
