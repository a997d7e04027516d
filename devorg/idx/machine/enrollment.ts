/**
 * Setting authenticators up: the answer to the current enrollment (judged by its authenticator), the
 * data some collect first, and "Set up later". Required ones come first by policy (`next`).
 */
import { authenticatorFor } from '../../authenticators';
import type { AuthenticatorKey } from '../../authenticators/types';
import { addVerified, next, refuse, sendCode } from './policy';
import type { EnrollStep, Event, MachineDeps, Outcome, PendingEnrollment, TxData } from './types';

/** The answer to the current enrollment, judged by its authenticator: stored and on by policy, or told what was wrong. */
export function enrollAnswer(data: TxData, event: Extract<Event, { type: 'enroll-answer' }>, now: number, deps: MachineDeps): Outcome {
  const step = data.step;
  if (step.name !== 'enroll') return refuse(data);
  const authenticator = authenticatorFor(step.authenticator);
  const result = event.result;
  if (!result.ok) {
    if ('fieldMessages' in result) return { data, status: 400, fieldMessages: result.fieldMessages };
    // Every wrong answer counts, also against an expired code, so a code can't be probed forever.
    const stay: TxData = step.code ? { ...data, step: { ...step, code: { ...step.code, failures: step.code.failures + 1 } } } : data;
    return { data: stay, status: 401, ...authenticator.wrongAnswer(result.reason, 'enroll') };
  }
  if (result.enrollment.key !== step.authenticator) return refuse(data);
  if (!authenticator.isPassword) return enrollmentDone(data, step.authenticator, result.enrollment, now, deps);
  // The registrant's password: it goes with the registration, created with the user at the end.
  const passwordHash = result.enrollment.secret?.passwordHash;
  if (!data.registration || typeof passwordHash !== 'string') return refuse(data);
  const registration = { ...data.registration, passwordHash };
  return next({ ...data, registration, verified: addVerified(data.verified, step.authenticator), authTime: now }, now, deps);
}

/** The data an enrollment collects first (a phone number): then the code goes out. */
export function enrollmentData(data: TxData, event: Extract<Event, { type: 'enrollment-data' }>, now: number, deps: MachineDeps): Outcome {
  const step = data.step;
  if (step.name !== 'enroll-data') return refuse(data);
  if (!event.result.ok) return { data, status: 400, messages: event.result.messages };
  const enroll: EnrollStep = {
    name: 'enroll',
    authenticator: step.authenticator,
    ...(event.result.target !== undefined ? { target: event.result.target } : {}),
    ...(event.result.method !== undefined ? { method: event.result.method } : {}),
    ...(step.from ? { from: step.from } : {}),
  };
  const sent = sendCode({ ...data, step: enroll }, step.authenticator, now, deps);
  return { status: 200, data: { ...data, step: { ...enroll, code: sent.state } }, effects: [sent.effect] };
}

/** "Set up later" (and the promotion's "Maybe later"): only where the offer is optional. */
export function skip(data: TxData, _event: Extract<Event, { type: 'skip' }>, now: number, deps: MachineDeps): Outcome {
  const step = data.step;
  const optional = (step.name === 'select-enroll' && !step.required) || (step.name === 'enroll' && step.promotion === true);
  if (!optional) return refuse(data);
  return next({ ...data, skippedOptional: true }, now, deps);
}

/** An authenticator set up: recorded (at once for an existing user), then whatever the policy asks next. */
export function enrollmentDone(
  data: TxData,
  key: AuthenticatorKey,
  enrollment: PendingEnrollment,
  now: number,
  deps: MachineDeps,
): Outcome {
  const enrolled: TxData = {
    ...data,
    verified: addVerified(data.verified, key),
    // Set up again replaces the pending one, except where a user may have several (passkeys).
    newEnrollments: [...(data.newEnrollments ?? []).filter((e) => e.key !== key || authenticatorFor(key).multipleEnrollments), enrollment],
    authTime: now,
  };
  const out = next(enrolled, now, deps);
  if (data.registration || !data.userId) return out;
  // An existing user's new authenticator is theirs at once, even if they abandon the rest.
  return { ...out, effects: [{ type: 'save-enrollment', userId: data.userId, enrollment }, ...(out.effects ?? [])] };
}
