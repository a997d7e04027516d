/**
 * Self-service registration: "Sign up", the profile form, back to sign-in, and a concurrent
 * registration that took the login first. The password (unless the form carried it) and the required
 * authenticators are then set up through the enrollment flow; the user is created only at success.
 */
import { PASSWORD } from '../../authenticators';
import { MESSAGES } from '../messages';
import { next, refuse, restart } from './policy';
import type { Event, MachineDeps, Outcome, Registration, TxData } from './types';

/** "Sign up" on the identify form (or the "Reset your password" one, as Okta offers it) → the registration form, when the org allows it. */
export function selectEnrollProfile(
  data: TxData,
  _event: Extract<Event, { type: 'select-enroll-profile' }>,
  _now: number,
  deps: MachineDeps,
): Outcome {
  const step = data.step;
  if (step.name !== 'identify' && step.name !== 'identify-recovery') return refuse(data);
  if (!deps.policy.registration) return { data, status: 403, messages: [MESSAGES.registrationUnavailable()] };
  return { status: 200, data: { ...data, step: { name: 'enroll-profile' } } };
}

/** "Already have an account? Sign in" from the registration form. */
export function selectIdentify(
  data: TxData,
  _event: Extract<Event, { type: 'select-identify' }>,
  _now: number,
  _deps: MachineDeps,
): Outcome {
  const step = data.step;
  if (step.name !== 'enroll-profile') return refuse(data);
  return { status: 200, data: restart(data) };
}

/** The registration form, already checked against the profile schema. */
export function enrollProfile(data: TxData, event: Extract<Event, { type: 'enroll-profile' }>, now: number, deps: MachineDeps): Outcome {
  const step = data.step;
  if (step.name !== 'enroll-profile') return refuse(data);
  if (!deps.policy.registration) return { data, status: 403, messages: [MESSAGES.registrationUnavailable()] };
  // The registration inline hook failed: the registration ends here, on Okta's terminal (200, as the
  // widget's own scenario of it answers: its terminal view, "Back to sign in").
  if (event.failed) return { status: 200, data: { ...data, step: { name: 'terminal', messages: [MESSAGES.registrationFailed()] } } };
  const fieldMessages = event.fieldMessages && Object.keys(event.fieldMessages).length ? event.fieldMessages : undefined;
  if (fieldMessages || event.messages?.length)
    return {
      data,
      status: 400,
      ...(fieldMessages ? { fieldMessages } : {}),
      ...(event.messages?.length ? { messages: event.messages } : {}),
    };
  const { passwordHash } = event;
  const registration: Registration = { userId: deps.newUserId(), profile: event.profile, ...(passwordHash ? { passwordHash } : {}) };
  // A password set on the form counts as set up: its separate enrollment is skipped.
  const verified = passwordHash ? { verified: [PASSWORD], authTime: now } : { verified: [] };
  return next({ ...data, registration, ...verified, newEnrollments: [] }, now, deps);
}

/** The final insert found the login taken meanwhile: back to the form with the message. */
export function registrationConflict(
  data: TxData,
  event: Extract<Event, { type: 'registration-conflict' }>,
  _now: number,
  _deps: MachineDeps,
): Outcome {
  if (!data.registration) return refuse(data);
  const fresh: TxData = { ...restart(data), step: { name: 'enroll-profile' } };
  return { data: fresh, status: 400, fieldMessages: event.fieldMessages };
}
