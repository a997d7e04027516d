/**
 * The IDX (sign-in) half of auth-js, for the Sign-In Widget and the redirect callback only: loaded with
 * the widget, never on the dashboard. Composed from auth-js's mixins exactly as the widget composes the
 * client it would otherwise create for itself (OAuth + IDX, no services), so it adds no auth-js code
 * the widget does not already bring.
 *
 * It is never started and keeps no tokens: what it obtains goes to the portal's core client
 * (session.ts), whose tokenManager owns the token storage, the renewal timers and the auth state.
 */
import {
  createIdxOptionsConstructor,
  createIdxStorageManager,
  createIdxTransactionManager,
  createOktaAuthOAuth,
  mixinIdx,
} from '@okta/okta-auth-js';
import type { PortalConfig } from '../config';
import { reportNetworkFailuresPlainly, sharedClientOptions } from './client-options';
import { orgUnreachableSigningIn } from './org-errors';

const IdxAuth = mixinIdx(createOktaAuthOAuth(createIdxStorageManager(), createIdxOptionsConstructor(), createIdxTransactionManager()));

export type IdxClient = InstanceType<typeof IdxAuth>;

/**
 * Where this client's tokenManager puts what `idx.handleInteractionCodeRedirect` obtains: in memory and
 * under its own key, never in the storage the core client reads, so the tokens reach that storage once,
 * through the core client's tokenManager (which arms the renewal timers and tells the auth state).
 */
export const IDX_HANDOFF_KEY = 'portal-idx-handoff';

export function createIdxClient(config: PortalConfig): IdxClient {
  return reportNetworkFailuresPlainly(
    new IdxAuth({
      ...sharedClientOptions(config),
      tokenManager: { storage: 'memory', storageKey: IDX_HANDOFF_KEY, autoRenew: false, autoRemove: false },
    }),
    orgUnreachableSigningIn,
  );
}
