/**
 * One named handler per remediation path of the remediation table (`remediations.ts`), each a short
 * list of steps (`steps.ts`): do the I/O the remediation needs (look up the user, let the
 * authenticator judge an answer, hash a new password), turn it into the machine's event, reply. The
 * request arrives with its transaction loaded and the remediation on offer; a handler parses the
 * fields it reads with its schema (`schemas.ts`), so a malformed body is a 400 naming the field.
 */
import type { Context } from 'hono';
import { authenticatorFor, wireOf } from '../authenticators';
import { readJsonObject } from '../http';
import { sessionCounts } from '../oidc/hosted/redirect-sign-in';
import { currentSession, sessionFactors } from '../sessions';
import { parseOr } from '../validation';
import { registrationHookOf, runRegistrationHook } from '../hooks/registration-hook';
import { registrantLogin } from './machine';
import { hookVerdict, loginTakenMessages } from './registration';
import { answerBody, enrollmentDataBody, identifyBody, introspectBody, keepMeSignedInBody, selectIdentifyBody } from './schemas';
import type { IdxRequest, IdxSteps } from './steps';
import { findTransaction } from './transactions';

export type IdxHandler = (s: IdxSteps, c: Context, request: IdxRequest) => Promise<Response>;

/** `/introspect`: the transaction's current state, every time (a reload resumes where it was). Not a remediation. */
export async function introspect(s: IdxSteps, c: Context): Promise<Response> {
  const handle = parseOr(introspectBody, await readJsonObject(c), 'idx');
  return s.reply(c, await findTransaction(s.ctx, handle));
}

/** `identify` (and `identify-recovery`): who is signing in, with the org session if it is theirs. */
export const identify: IdxHandler = async (s, c, { body, tx }) => {
  const { identifier, rememberMe, credentials } = parseOr(identifyBody, body, 'idx');
  const user = await s.identifiedUser(identifier);
  // The browser's org session counts only for the user it belongs to.
  const session = user ? await currentSession(s.ctx, c) : undefined;
  // …and only when the request's `prompt=login` and `max_age` (authorize's, or interact's) let it stand in for signing in.
  const request = tx.data.redirect ?? (tx.data.maxAge !== undefined ? { maxAge: tx.data.maxAge } : undefined);
  const sessionOfUser =
    session?.user.id === user?.id && session && sessionCounts(request, session.record.authTime, s.ctx.clock.now()) ? session : undefined;
  const identified = await s.advance(tx, {
    type: 'identify',
    identifier,
    ...(rememberMe !== undefined ? { rememberMe } : {}),
    user,
    displayUserId: s.ctx.ids.oktaId('00u'),
    ...(sessionOfUser ? { session: { verified: sessionFactors(sessionOfUser), authTime: sessionOfUser.record.authTime } } : {}),
  });
  // "Identifier + password on one form": the widget can send the password with the identifier.
  if (credentials && tx.data.step.name === 'identify' && identified.data.step.name === 'challenge' && !identified.status)
    return s.answer(c, identified, credentials);
  return s.reply(c, identified);
};

/** `select-enroll-profile`: "Sign up" → the registration form. */
export const selectEnrollProfile: IdxHandler = async (s, c, { tx }) => s.reply(c, await s.advance(tx, { type: 'select-enroll-profile' }));

/**
 * `select-identify`: "Already have an account? Sign in" from the registration form, back to identify;
 * with an `identifier` (Okta's form has the field), that user is identified at once.
 */
export const selectIdentify: IdxHandler = async (s, c, { body, tx }) => {
  const back = await s.advance(tx, { type: 'select-identify' });
  const { identifier } = parseOr(selectIdentifyBody, body, 'idx');
  if (!identifier || back.status) return s.reply(c, back);
  return identify(s, c, { body: { identifier }, tx: back });
};

/**
 * `enroll-profile`: the registration form, checked against the profile schema, then (when the profile
 * enrollment policy names one) by the registration inline hook, which may deny it, change the profile
 * or fail (`../hooks/registration-hook.ts`).
 */
export const enrollProfile: IdxHandler = async (s, c, { body, tx }) => {
  const { userProfile, credentials } = parseOr(s.schemas.enrollProfile, body, 'idx');
  // The form judged: its attributes, the password when it carries one, the login's uniqueness.
  let form = await s.registrationForm(userProfile, credentials?.passcode);
  // The profile enrollment policy's registration inline hook judges a form that is right otherwise.
  const hookId = registrationHookOf(s.ctx, tx.data.clientId);
  if (!form.fieldMessages && hookId !== undefined && s.ctx.config.policies.registration) {
    const result = await runRegistrationHook(s.ctx, hookId, form.profile);
    const verdict = result ? hookVerdict(s.ctx.config.policies.profileAttributes, result) : { profile: form.profile };
    if (!('profile' in verdict)) return s.reply(c, await s.advance(tx, { type: 'enroll-profile', profile: {}, ...verdict }));
    // The hook may change the email, which is the login without a Username on the form: taken again?
    const login = registrantLogin(verdict);
    const moved = login !== registrantLogin(form);
    form = { ...form, profile: verdict.profile };
    if (moved && (await s.ctx.store.userByLogin(login)))
      form = {
        type: 'enroll-profile',
        profile: verdict.profile,
        fieldMessages: loginTakenMessages(s.ctx.config.policies.profileAttributes),
      };
  }
  return s.reply(c, await s.advance(tx, form));
};

/**
 * `recover`: "Forgot password?" on the password challenge (`currentAuthenticatorEnrollment-recover`), or
 * on an identify form that asks for the password too. The account is looked up again here: a
 * locked-out one was not resolved at identify, yet recovery may unlock it.
 */
export const recover: IdxHandler = async (s, c, { tx }) => {
  const { identifier, step } = tx.data;
  const user = step.name === 'challenge' && identifier !== undefined ? await s.identifiedUser(identifier) : undefined;
  return s.reply(c, await s.advance(tx, { type: 'recover', user }));
};

/** `challenge-authenticator`, `enroll-authenticator`, `reset-authenticator`: an answer to the current form. */
export const answer: IdxHandler = async (s, c, { body, tx }) => {
  const { credentials } = parseOr(answerBody, body, 'idx');
  return s.answer(c, tx, credentials);
};

/** `select-authenticator-authenticate`: an authenticator picked to verify with. */
export const selectToVerify: IdxHandler = async (s, c, request) => {
  const { body, tx } = request;
  if (tx.data.step.name === 'unlock-identify') return unlockIdentify(s, c, request);
  return s.reply(c, await s.advance(tx, { type: 'select-authenticator', ...s.chosenOption(body) }));
};

/**
 * `select-authenticator-enroll` (an authenticator picked to set up), `authenticator-enrollment-data`
 * (the data its enrollment collects first, judged by it: a phone number) and
 * `enroll-authenticator-promotion` (the answer to the enrollment the promotion after sign-in offers).
 */
export const credentialEnroll: IdxHandler = async (s, c, { body, tx }) => {
  const step = tx.data.step;
  if (step.name === 'enroll' && step.promotion) return s.answer(c, tx, parseOr(answerBody, body, 'idx').credentials);
  // Beside the data form, the list it was picked from: another authenticator picked there is a new choice.
  const other = step.name === 'enroll-data' && step.from !== undefined && pickedId(body) !== wireOf(step.authenticator).id;
  if (step.name === 'enroll-data' && !other) {
    const collect = authenticatorFor(step.authenticator).enrollmentData;
    if (!collect) throw s.wrongStep(tx);
    const { authenticator } = parseOr(enrollmentDataBody, body, 'idx');
    return s.reply(c, await s.advance(tx, { type: 'enrollment-data', result: collect(authenticator ?? undefined) }));
  }
  const chosen = s.chosenAuthenticator(body);
  const picked = await s.advance(tx, { type: 'select-authenticator', authenticator: chosen });
  // Picked with its enrollment's data (auth-js posts a phone number with the pick, as Okta's option
  // offers): judged at once, as the data form would judge it.
  const collect = authenticatorFor(chosen).enrollmentData;
  const { authenticator } = parseOr(enrollmentDataBody, body, 'idx');
  const dataNames = (authenticatorFor(chosen).idx.enrollmentDataFields?.() ?? [])
    .map((f) => f.name)
    .filter((n) => n !== 'id' && n !== 'methodType');
  const named = dataNames.some((n) => authenticator?.[n] !== undefined);
  const withData = named && collect && picked.data.step.name === 'enroll-data' && picked.status === undefined;
  if (!withData) return s.reply(c, picked);
  return s.reply(c, await s.advance(picked, { type: 'enrollment-data', result: collect(authenticator ?? undefined) }));
};

/** The `authenticator.id` a body names, if any (telling a pick from the list apart from enrollment data). */
function pickedId(body: Record<string, unknown>): unknown {
  const authenticator = body.authenticator;
  return authenticator !== null && typeof authenticator === 'object' ? (authenticator as Record<string, unknown>).id : undefined;
}

export const resend: IdxHandler = async (s, c, { tx }) => s.reply(c, await s.advance(tx, { type: 'resend' }));

export const poll: IdxHandler = async (s, c, { tx }) => s.reply(c, await s.advance(tx, { type: 'poll' }));

/** `context`: the registration form's top-level action, answered with the current state (it changes nothing). */
export const context: IdxHandler = async (s, c, { tx }) => s.reply(c, tx);

/** `skip`: "Set up later". */
export const skip: IdxHandler = async (s, c, { tx }) => s.reply(c, await s.advance(tx, { type: 'skip' }));

/** `cancel`: a transition like any other; the machine's restart decides what survives it. */
export const cancel: IdxHandler = async (s, c, { tx }) => s.reply(c, await s.advance(tx, { type: 'cancel' }));

/** `keep-me-signed-in`: the post-sign-in "Stay signed in?" answered. */
export const keepMeSignedIn: IdxHandler = async (s, c, { body, tx }) => {
  const { keepMeSignedIn } = parseOr(keepMeSignedInBody, body, 'idx');
  return s.reply(c, await s.advance(tx, { type: 'keep-me-signed-in', keepMeSignedIn }));
};

/** `unlock-account`: "Unlock account?" on the identify form. */
export const unlockAccount: IdxHandler = async (s, c, { tx }) => s.reply(c, await s.advance(tx, { type: 'unlock-account' }));

/** `select-authenticator-unlock-account`: the identifier and the authenticator to prove the unlock with. */
const unlockIdentify: IdxHandler = async (s, c, { body, tx }) => {
  const { identifier } = parseOr(identifyBody, body, 'idx');
  const authenticator = s.chosenAuthenticator(body);
  const user = await s.identifiedUser(identifier);
  const displayUserId = s.ctx.ids.oktaId('00u');
  return s.reply(c, await s.advance(tx, { type: 'unlock-identify', identifier, authenticator, user, displayUserId }));
};
