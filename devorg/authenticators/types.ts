/**
 * The small interface every authenticator module implements. The IDX layer asks an authenticator
 * to describe itself (for `authenticators`/`authenticatorEnrollments` and `currentAuthenticator*`),
 * which fields its challenge form has, and to verify an answer. Email, TOTP, phone and security
 * question modules plug in here.
 */
import type { OrgContext } from '../context';
import type { UserRecord } from '../store';

export type AuthenticatorKey = 'okta_password' | 'okta_email' | 'google_otp' | 'phone_number' | 'security_question';

export interface IdxField {
  name: string;
  label?: string;
  type?: 'string' | 'boolean' | 'object' | 'number';
  required?: boolean;
  secret?: boolean;
  maxLength?: number;
  value?: unknown;
  visible?: boolean;
  mutable?: boolean;
  form?: { value: IdxField[] };
  options?: unknown[];
  messages?: { type: 'array'; value: unknown[] };
}

export interface AuthenticatorDescription {
  /** Authenticator id (`aut…`), stable for the org. */
  id: string;
  key: AuthenticatorKey;
  type: string;
  displayName: string;
  methods: { type: string }[];
  /** `amr` value recorded when this authenticator is verified. */
  amr: string;
}

export type VerifyResult = { ok: true } | { ok: false; reason: 'invalid' | 'expired' | 'locked' };

export interface Authenticator {
  describe(): AuthenticatorDescription;
  /** Fields of the `credentials` object in the challenge form. */
  challengeFields(): IdxField[];
  /** Fields of the `credentials` object in the enrollment form (defaults to the challenge fields). */
  enrollFields?(): IdxField[];
  /** Whether this authenticator sends a one-time code (email, SMS): its forms carry `resend` and `poll`. */
  sendsCode?: { kind: 'email' | 'sms' };
  /**
   * Checks an answer. `user` is undefined for an unknown identifier: the module must still spend the
   * same effort and answer `invalid`, so responses don't reveal whether an account exists.
   */
  verify(ctx: OrgContext, user: UserRecord | undefined, credentials: Record<string, unknown>): Promise<VerifyResult>;
}
