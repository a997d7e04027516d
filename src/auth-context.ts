import { createContext } from '@lit/context';
import type { AccessToken, IDToken } from '@okta/okta-auth-js/core';

/** What components need to know about the user; `pending` until auth-js has evaluated the stored tokens. */
export interface AuthSnapshot {
  status: 'pending' | 'signed-out' | 'signed-in';
  idToken?: IDToken;
  accessToken?: AccessToken;
}

export const authContext = createContext<AuthSnapshot>(Symbol('portal-auth'));
