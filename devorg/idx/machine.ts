/**
 * The Identity Engine sign-in flow as a pure state machine: (transaction, event, clock, ids) → next
 * transaction + how to answer. No I/O: route handlers look users up and verify answers, then feed the
 * facts in as events. Rendering a state as IDX JSON lives in `render.ts`.
 */
import type { AuthenticatorKey, VerifyResult } from '../authenticators/types';
import type { IdxMessage } from '../errors';
import type { UserStatus } from '../store';

export type Step =
  | { name: 'identify' }
  | { name: 'challenge'; authenticator: AuthenticatorKey }
  | { name: 'success'; interactionCode: string }
  | { name: 'terminal'; messages: IdxMessage[] };

/** The transaction as stored (JSON) between requests. */
export interface TxData {
  clientId: string;
  redirectUri: string;
  scopes: string[];
  codeChallenge: string;
  state: string;
  nonce?: string;
  createdAt: number;
  step: Step;
  /** What the user typed on the identify form, shown back under the form title. */
  identifier?: string;
  /** The resolved user; undefined while unidentified or when the identifier matched no usable account. */
  userId?: string;
  /** Shown instead of a real id for an unknown identifier, so responses look alike. */
  displayUserId?: string;
  rememberMe?: boolean;
  /** Authenticators verified in this transaction, in order (→ `amr`). */
  verified: AuthenticatorKey[];
  /** When the last factor was verified, ms since the epoch (→ `auth_time`). */
  authTime?: number;
}

/** Remediation names a step accepts; anything else is refused without changing state. */
export function acceptedRemediations(step: Step): string[] {
  switch (step.name) {
    case 'identify':
      return ['identify'];
    case 'challenge':
      return ['challenge-authenticator'];
    case 'success':
    case 'terminal':
      return [];
  }
}

export type Event =
  | {
      type: 'identify';
      identifier: string;
      rememberMe?: boolean;
      /** undefined when no account has this login. */
      user: { id: string; status: UserStatus } | undefined;
      /** Fake user id to display for an unknown identifier. */
      displayUserId: string;
    }
  | { type: 'answer'; authenticator: AuthenticatorKey; result: VerifyResult };

export interface Outcome {
  data: TxData;
  /** HTTP status for the reply; 200 unless the request failed in a recoverable way. */
  status: 200 | 400 | 401 | 403;
  /** Top-level messages shown above the form. */
  messages?: IdxMessage[];
}

export interface MachineDeps {
  newInteractionCode(): string;
}

/** The sign-on policy of the walking skeleton: a password is required; more factors come with MFA. */
const REQUIRED_FACTORS: readonly AuthenticatorKey[] = ['okta_password'];

export const MESSAGES = {
  incorrectPassword: (): IdxMessage => ({ message: 'Password is incorrect', i18n: { key: 'incorrectPassword' }, class: 'ERROR' }),
  wrongStep: (): IdxMessage => ({
    message: 'The request is not valid for the current step of sign-in. Please try again.',
    i18n: { key: 'api.authn.error.invalid_step' },
    class: 'ERROR',
  }),
} as const;

/**
 * Statuses that may sign in. Anything else takes the same path as an unknown user, so the response
 * never reveals that an account exists but is deactivated or staged.
 */
const CAN_SIGN_IN: ReadonlySet<UserStatus> = new Set(['ACTIVE']);

export function transition(data: TxData, event: Event, now: number, deps: MachineDeps): Outcome {
  const step = data.step;
  switch (event.type) {
    case 'identify': {
      if (step.name !== 'identify') return { data, status: 400, messages: [MESSAGES.wrongStep()] };
      const usable = event.user && CAN_SIGN_IN.has(event.user.status) ? event.user : undefined;
      return {
        status: 200,
        data: {
          ...data,
          identifier: event.identifier,
          userId: usable?.id,
          displayUserId: usable?.id ?? event.displayUserId,
          ...(event.rememberMe !== undefined ? { rememberMe: event.rememberMe } : {}),
          step: { name: 'challenge', authenticator: 'okta_password' },
        },
      };
    }
    case 'answer': {
      if (step.name !== 'challenge' || step.authenticator !== event.authenticator) {
        return { data, status: 400, messages: [MESSAGES.wrongStep()] };
      }
      if (!event.result.ok || !data.userId) {
        return { data, status: 401, messages: [MESSAGES.incorrectPassword()] };
      }
      const verified = data.verified.includes(event.authenticator) ? data.verified : [...data.verified, event.authenticator];
      const next = nextRequiredFactor(verified);
      const advanced: TxData = { ...data, verified, authTime: now };
      if (next) return { status: 200, data: { ...advanced, step: { name: 'challenge', authenticator: next } } };
      return { status: 200, data: { ...advanced, step: { name: 'success', interactionCode: deps.newInteractionCode() } } };
    }
  }
}

function nextRequiredFactor(verified: readonly AuthenticatorKey[]): AuthenticatorKey | undefined {
  return REQUIRED_FACTORS.find((f) => !verified.includes(f));
}

/** `amr` values for the verified authenticators, plus `mfa` when more than one kind was used. */
export function amrFor(verified: readonly AuthenticatorKey[], amrOf: (key: AuthenticatorKey) => string): string[] {
  const amr = [...new Set(verified.map(amrOf))];
  return amr.length > 1 ? [...amr, 'mfa'] : amr;
}
