import type { AccessToken, IDToken, UserClaims } from '@okta/okta-auth-js/core';
import type { OktaAuth } from '../auth/auth';
import type { AuthSnapshot } from '../auth/auth-context';
import { createIdxClient } from '../auth/idx-auth';
import { PortalSession, type BootStatus } from '../auth/session';
import type { PortalConfig } from '../config';

const ISSUER = 'http://localhost:7070/oauth2/default';

/** Token objects shaped like the ones auth-js stores after a sign-in (test data, not valid JWTs). */
export function signedInSnapshot(claims: Partial<UserClaims> = {}): AuthSnapshot & { idToken: IDToken; accessToken: AccessToken } {
  const now = Math.floor(Date.now() / 1000);
  const idToken: IDToken = {
    idToken: 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIwMHUxIn0.sig',
    claims: {
      sub: '00u1ada',
      name: 'Ada Lovelace',
      email: 'ada@example.test',
      preferred_username: 'ada@example.test',
      auth_time: now - 60,
      amr: ['pwd', 'otp'],
      iss: ISSUER,
      aud: '0oadevorgportal00001',
      iat: now - 60,
      exp: now + 3600,
      ...claims,
    },
    expiresAt: now + 3600,
    scopes: ['openid', 'profile', 'email'],
    authorizeUrl: `${ISSUER}/v1/authorize`,
    issuer: ISSUER,
    clientId: '0oadevorgportal00001',
  };
  const accessToken: AccessToken = {
    accessToken: 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIwMHUxIn0.sig',
    claims: { sub: '00u1ada' },
    expiresAt: now + 1800,
    tokenType: 'Bearer',
    scopes: ['openid', 'profile', 'email'],
    authorizeUrl: `${ISSUER}/v1/authorize`,
    userinfoUrl: `${ISSUER}/v1/userinfo`,
  };
  return { status: 'signed-in', idToken, accessToken };
}

/**
 * A session whose core client is `authClient` (built by the test, so it can set tokens and spy) and
 * whose IDX client is the real one; `bootStatus` as main.ts would have derived it from token storage.
 */
export function sessionFor(config: PortalConfig, authClient: OktaAuth, bootStatus: BootStatus = 'pending'): PortalSession {
  return new PortalSession(config, bootStatus, {
    core: () => Promise.resolve(() => authClient),
    idx: () => Promise.resolve(createIdxClient),
  });
}
