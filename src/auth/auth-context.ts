import { createContext } from '@lit/context';
import type { AccessToken, IDToken } from '@okta/okta-auth-js/core';
import type { RenewalStatus } from './renewal';

/** Who is there: `pending` until auth-js has evaluated the stored tokens. */
export type AuthStatus = 'pending' | 'signed-out' | 'signed-in';

/** What components need to know about the user. */
export interface AuthSnapshot {
  status: AuthStatus;
  idToken?: IDToken;
  accessToken?: AccessToken;
  /** Whether renewing works right now; absent means it does (or nothing has been tried). */
  renewal?: RenewalStatus;
}

export const authContext = createContext<AuthSnapshot>(Symbol('portal-auth'));
