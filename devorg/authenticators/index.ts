/**
 * The org's authenticators: one line each. Everything else asks this registry (by key, by the id the
 * widget sends back, or for the password) and names no authenticator.
 */
import { emailAuthenticator } from './email';
import { googleOtpAuthenticator } from './google-otp';
import { passwordAuthenticator } from './password';
import { phoneAuthenticator } from './phone';
import { securityQuestionAuthenticator } from './security-question';
import type { Authenticator, AuthenticatorKey, WireNames } from './types';
import { webauthnAuthenticator } from './webauthn';

const REGISTRY: Partial<Record<AuthenticatorKey, Authenticator>> = {
  okta_password: passwordAuthenticator,
  okta_email: emailAuthenticator,
  google_otp: googleOtpAuthenticator,
  phone_number: phoneAuthenticator,
  security_question: securityQuestionAuthenticator,
  webauthn: webauthnAuthenticator,
};

/** The password's key: the factor every sign-on policy owes first. */
export const PASSWORD: AuthenticatorKey = passwordAuthenticator.wire.key;

export function authenticatorFor(key: AuthenticatorKey): Authenticator {
  const a = REGISTRY[key];
  if (!a) throw new Error(`authenticator ${key} is not available in this org`);
  return a;
}

export function wireOf(key: AuthenticatorKey): WireNames {
  return authenticatorFor(key).wire;
}

export function amrOf(key: AuthenticatorKey): string {
  return wireOf(key).amr;
}

/** Whether this org has a module for `key` (policy entries for missing modules are ignored). */
export function isAvailable(key: AuthenticatorKey): boolean {
  return REGISTRY[key] !== undefined;
}

/** The authenticator whose wire `id` is `id` (what the widget sends back when one is chosen). */
export function authenticatorById(id: unknown): AuthenticatorKey | undefined {
  if (typeof id !== 'string') return undefined;
  return (Object.keys(REGISTRY) as AuthenticatorKey[]).find((k) => REGISTRY[k]?.wire.id === id);
}

/** The authenticator a stored enrollment or factor belongs to, if this org has it. */
export function knownKey(value: string): AuthenticatorKey | undefined {
  return (Object.keys(REGISTRY) as AuthenticatorKey[]).find((k) => k === value);
}

/** Authenticators that deliver codes (and so may prove a password recovery). */
export function deliveringKeys(): AuthenticatorKey[] {
  return (Object.keys(REGISTRY) as AuthenticatorKey[]).filter((k) => REGISTRY[k]?.delivery);
}

/** Whether `key` proves the user alone where the policy allows passwordless sign-in. */
export function signsInAlone(key: AuthenticatorKey): boolean {
  return REGISTRY[key]?.signsInAlone === true;
}

/** Authenticators that may sign a user in on their own (passwordless), in registry order. */
export function passwordlessKeys(): AuthenticatorKey[] {
  return (Object.keys(REGISTRY) as AuthenticatorKey[]).filter(signsInAlone);
}
