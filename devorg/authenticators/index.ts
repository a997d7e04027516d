/** The org's authenticators, by key. MFA modules (email, TOTP, phone, security question) register here. */
import { passwordAuthenticator } from './password';
import type { Authenticator, AuthenticatorKey } from './types';

const REGISTRY: Partial<Record<AuthenticatorKey, Authenticator>> = {
  okta_password: passwordAuthenticator,
};

export function authenticatorFor(key: AuthenticatorKey): Authenticator {
  const a = REGISTRY[key];
  if (!a) throw new Error(`authenticator ${key} is not available in this org`);
  return a;
}

export function amrOf(key: AuthenticatorKey): string {
  return authenticatorFor(key).describe().amr;
}
