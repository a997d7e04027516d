/**
 * The portal's one started OktaAuth: tokens, cross-tab sync, the auth state and sign-out. Built from
 * auth-js's `/core` entry: everything but the IDX (sign-in) half, which only the sign-in page needs and
 * loads with the widget (see idx-auth.ts). Loaded lazily by session.ts; nothing on the boot path
 * imports this module.
 */
import { OktaAuth } from '@okta/okta-auth-js/core';
import type { PortalConfig } from '../config';
import { reportNetworkFailuresPlainly, sharedClientOptions } from './client-options';
import { ORG_UNREACHABLE } from './org-errors';

export type { OktaAuth };

export function createAuthClient(config: PortalConfig): OktaAuth {
  const authClient = new OktaAuth({
    ...sharedClientOptions(config),
    tokenManager: {
      storage: config.tokenStorage,
      // The session's TokenRenewer (renewal.ts) renews instead, so a network blip doesn't end the
      // session: auth-js's renew() drops the token on any failure. Nor may auth-js drop an expired
      // token while the org is unreachable: the renewer replaces it, or ends the session on a refusal.
      autoRenew: false,
      autoRemove: false,
    },
    // Cross-tab sync re-broadcasts events on the assumption that every tab reads the same storage;
    // that only holds for localStorage.
    services: { syncStorage: config.tokenStorage === 'localStorage' },
  });
  return reportNetworkFailuresPlainly(authClient, ORG_UNREACHABLE);
}
