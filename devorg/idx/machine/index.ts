/**
 * The Identity Engine flow as a pure state machine: (transaction, event, clock, ids) → next
 * transaction + how to answer + what the caller must do (effects). No I/O: route handlers look users
 * up and verify answers, feed the facts in as events, then carry out the effects (record a message in
 * the outbox, create the registered user). Rendering a state as IDX JSON lives in `../render.ts`.
 *
 * Split by flow, as okta-auth-js's `lib/idx/flow/`: `sign-in.ts`, `registration.ts`, `enrollment.ts`,
 * `recovery.ts`; what the sign-on policy still owes after every step, and the moves the flows share,
 * in `policy.ts`; the shapes in `types.ts`. This module only dispatches each event to its flow.
 */
import * as enrollment from './enrollment';
import { keepMeSignedIn } from './keep-me-signed-in';
import { unlockAccount, unlockIdentify } from './unlock';
import * as recovery from './recovery';
import * as registration from './registration';
import * as signIn from './sign-in';
import type { Event, MachineDeps, Outcome, TxData } from './types';

export * from './types';
export { registrantLogin } from './registrant';
export { alternativeFactors, amrFor, challengeOptions, owedFactor, verifyOptions } from './policy';
export { acceptedRemediations } from '../remediations';
export { MESSAGES } from '../messages';

type Handler<T extends Event['type']> = (data: TxData, event: Extract<Event, { type: T }>, now: number, deps: MachineDeps) => Outcome;

/** Every event, and the flow that answers it. */
const FLOWS: { [T in Event['type']]: Handler<T> } = {
  identify: signIn.identify,
  answer: signIn.answer,
  'select-authenticator': signIn.selectAuthenticator,
  resend: signIn.resend,
  poll: signIn.poll,
  cancel: (data) => signIn.cancel(data),
  'select-enroll-profile': registration.selectEnrollProfile,
  'select-identify': registration.selectIdentify,
  'enroll-profile': registration.enrollProfile,
  'registration-conflict': registration.registrationConflict,
  'enroll-answer': enrollment.enrollAnswer,
  'enrollment-data': enrollment.enrollmentData,
  skip: enrollment.skip,
  recover: recovery.recover,
  'reset-password': recovery.resetPassword,
  'keep-me-signed-in': keepMeSignedIn,
  'unlock-account': unlockAccount,
  'unlock-identify': unlockIdentify,
};

export function transition(data: TxData, event: Event, now: number, deps: MachineDeps): Outcome {
  // The table is keyed by the event's own type, so the handler matches it.
  return (FLOWS[event.type] as Handler<Event['type']>)(data, event, now, deps);
}
