/** The org's authenticators, by key. MFA modules (email, TOTP, phone, security question) register here. */
import { emailAuthenticator } from './email';
import { googleOtpAuthenticator } from './google-otp';
import { passwordAuthenticator } from './password';
import { phoneAuthenticator } from './phone';
import { securityQuestionAuthenticator } from './security-question';
import type { Authenticator, AuthenticatorKey } from './types';

const REGISTRY: Partial<Record<AuthenticatorKey, Authenticator>> = {
  okta_password: passwordAuthenticator,
  okta_email: emailAuthenticator,
  google_otp: googleOtpAuthenticator,
  phone_number: phoneAuthenticator,
  security_question: securityQuestionAuthenticator,
};

export function authenticatorFor(key: AuthenticatorKey): Authenticator {
  const a = REGISTRY[key];
  if (!a) throw new Error(`authenticator ${key} is not available in this org`);
  return a;
}

export function amrOf(key: AuthenticatorKey): string {
  return authenticatorFor(key).describe().amr;
}

/** Whether this org has a module for `key` (policy entries for missing modules are ignored). */
export function isAvailable(key: AuthenticatorKey): boolean {
  return REGISTRY[key] !== undefined;
}

/** The authenticator whose `describe().id` is `id` (what the widget sends back when one is chosen). */
export function authenticatorById(id: unknown): AuthenticatorKey | undefined {
  if (typeof id !== 'string') return undefined;
  return (Object.keys(REGISTRY) as AuthenticatorKey[]).find((k) => REGISTRY[k]?.describe().id === id);
}
