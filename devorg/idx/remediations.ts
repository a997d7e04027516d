/**
 * The one remediation table: every IDX remediation devorg serves, the path under `/idp/idx/` it is
 * posted to, and the steps it is on offer in. The renderer takes each form's href from here, the
 * routes mount one handler per path and refuse a remediation its step doesn't offer, and the step
 * check (`acceptedRemediations`) is this table read for one state — so the three can't disagree.
 * The event each remediation becomes is its handler's (`handlers.ts`), named after it.
 */
import { authenticatorFor } from '../authenticators';
import type { Step, TxData } from './machine/types';

export type RemediationName =
  | 'identify'
  | 'select-enroll-profile'
  | 'identify-recovery'
  | 'reset-authenticator'
  | 'reenroll-authenticator'
  | 'enroll-profile'
  | 'select-identify'
  | 'challenge-authenticator'
  | 'enroll-authenticator'
  | 'enroll-authenticator-promotion'
  | 'resend'
  | 'poll'
  | 'select-authenticator-authenticate'
  | 'select-authenticator-enroll'
  | 'authenticator-enrollment-data'
  | 'authenticator-verification-data'
  | 'skip'
  | 'recover'
  | 'keep-me-signed-in'
  | 'context'
  | 'unlock-account'
  | 'select-authenticator-unlock-account'
  | 'cancel';

export interface Remediation {
  name: RemediationName;
  /** Posted to `/idp/idx/<path>`; several remediations may share one path (one handler tells them apart by step). */
  path: string;
  /** Whether a state offers it (`data`: the whole transaction, for a rule that needs more than the step). */
  offered(step: Step, data?: TxData): boolean;
  /**
   * It changes nothing, only reports the current state (as `/introspect` does), so it is accepted in
   * any state, offered or not: a poll that arrives after the state moved on (an email's magic link
   * answered the challenge elsewhere) gets the new state, as on Okta.
   */
  reportsOnly?: true;
}

const at =
  (...names: Step['name'][]) =>
  (step: Step): boolean =>
    names.includes(step.name);

/** A one-time code is out for the step's authenticator. */
const codeOut = (step: Step) => (step.name === 'challenge' || step.name === 'enroll') && step.code !== undefined;

/** An email enrollment waiting for "Send me an email" (enroll-email-first). */
const emailFirst = (step: Step) => step.name === 'enroll-data' && authenticatorFor(step.authenticator).delivery?.kind === 'email';

/** In the order a step lists them (tests and the widget read `remediation` in order). */
export const REMEDIATIONS: readonly Remediation[] = [
  { name: 'identify', path: 'identify', offered: at('identify') },
  { name: 'select-enroll-profile', path: 'enroll', offered: at('identify', 'identify-recovery') },
  { name: 'identify-recovery', path: 'identify', offered: at('identify-recovery') },
  { name: 'reset-authenticator', path: 'challenge/answer', offered: (step) => step.name === 'reset-password' && !step.expired },
  // An expired password, replaced before the sign-in goes on.
  { name: 'reenroll-authenticator', path: 'challenge/answer', offered: (step) => step.name === 'reset-password' && step.expired === true },
  { name: 'enroll-profile', path: 'enroll/new', offered: at('enroll-profile') },
  { name: 'select-identify', path: 'identify/select', offered: at('enroll-profile') },
  { name: 'challenge-authenticator', path: 'challenge/answer', offered: at('challenge') },
  { name: 'enroll-authenticator', path: 'challenge/answer', offered: (step) => step.name === 'enroll' && !step.promotion },
  // The promotion after sign-in posts its answer where Okta's does (the widget renders it as the enrollment).
  {
    name: 'enroll-authenticator-promotion',
    path: 'credential/enroll',
    offered: (step) => step.name === 'enroll' && step.promotion === true,
  },
  // A new code while one is out, and, as Okta offers it, before the first one: beside "how should it go
  // out?" (`challenge-data`) and an email enrollment's "Send me an email" (posted there, it sends).
  {
    name: 'resend',
    path: 'challenge/resend',
    offered: (step) =>
      codeOut(step) || emailFirst(step) || (step.name === 'challenge-data' && authenticatorFor(step.authenticator).delivery !== undefined),
  },
  // Only where a code can be confirmed out of band (email), as the renderer offers it.
  {
    name: 'poll',
    path: 'challenge/poll',
    offered: (step) => codeOut(step) && 'authenticator' in step && authenticatorFor(step.authenticator).delivery?.poll === true,
    reportsOnly: true,
  },
  // "Verify with something else": from a list, or beside a challenge. Okta lists the authenticator being
  // verified there too, alternatives or not (the widget shows the link only with more than one option).
  { name: 'select-authenticator-authenticate', path: 'challenge', offered: at('select-authenticate', 'challenge', 'challenge-data') },
  // From the list, and beside an enrollment picked from it (the widget's "Return to authenticator list").
  {
    name: 'select-authenticator-enroll',
    path: 'credential/enroll',
    offered: (step) =>
      step.name === 'select-enroll' || ((step.name === 'enroll' || step.name === 'enroll-data') && step.from !== undefined),
  },
  { name: 'authenticator-enrollment-data', path: 'credential/enroll', offered: at('enroll-data') },
  // How a code goes out (a phone's text or call; by policy "Send me an email"), posted where Okta's is (the
  // select handler tells them apart).
  { name: 'authenticator-verification-data', path: 'challenge', offered: at('challenge-data') },
  {
    name: 'skip',
    path: 'skip',
    offered: (step) => (step.name === 'select-enroll' && !step.required) || (step.name === 'enroll' && step.promotion === true),
  },
  // "Forgot password?" on the password challenge; on the identify form too (the machine then checks
  // that the org puts the password there, and answers the policy's refusal itself).
  {
    name: 'recover',
    path: 'recover',
    offered: (step) => step.name === 'identify' || (step.name === 'challenge' && authenticatorFor(step.authenticator).isPassword === true),
  },
  // "Unlock account?" (the machine answers the password policy's refusal), then its identifier and authenticator.
  { name: 'unlock-account', path: 'unlock-account', offered: at('identify') },
  { name: 'select-authenticator-unlock-account', path: 'challenge', offered: at('unlock-identify') },
  // The registration form's `context` action (Okta's, beside `enroll-profile`): the current state again, as
  // `/introspect` gives it (auth-js leaves it out of its actions; an href must still answer).
  { name: 'context', path: 'context', offered: at('enroll-profile'), reportsOnly: true },
  // Okta's post-sign-in "Stay signed in?".
  { name: 'keep-me-signed-in', path: 'keep-me-signed-in', offered: at('keep-me-signed-in') },
  // Abandoning the attempt is always possible: the transaction starts over at identify.
  { name: 'cancel', path: 'cancel', offered: () => true },
];

const BY_NAME = new Map(REMEDIATIONS.map((r) => [r.name, r]));

export function remediation(name: RemediationName): Remediation {
  const r = BY_NAME.get(name);
  if (!r) throw new Error(`no remediation ${name}`);
  return r;
}

/** The distinct paths the routes mount. */
export const REMEDIATION_PATHS: readonly string[] = [...new Set(REMEDIATIONS.map((r) => r.path))];

/** The remediations posted to `path`. */
export function remediationsAt(path: string): RemediationName[] {
  return REMEDIATIONS.filter((r) => r.path === path).map((r) => r.name);
}

/**
 * Remediation names a state accepts; anything else is refused without changing state. Which
 * authenticators a select accepts is the machine's (`alternativeFactors`). Cancel, always accepted, is left out: it is the transaction's, not a step's.
 */
export function acceptedRemediations(step: Step, data?: TxData): string[] {
  if (step.name === 'success' || step.name === 'terminal') return [];
  return REMEDIATIONS.filter((r) => r.name !== 'cancel' && r.offered(step, data)).map((r) => r.name);
}
