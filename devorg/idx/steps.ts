/**
 * The steps every IDX handler is made of: parse and load the transaction and check the remediation is
 * on offer (`begin`), let the step's authenticator judge an answer (`answer`), feed the facts to the
 * state machine and carry out its effects, saving with compare-and-set (`advance`), render the
 * resulting state (`reply`). The handlers (`handlers.ts`) are short lists of these.
 */
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { authenticatorFor, isAvailable, knownKey, wireOf } from '../authenticators';
import { issueCode } from '../authenticators/lib/code-state';
import { newTotpSecret } from '../authenticators/lib/totp';
import { checkNewPassword } from '../authenticators/password';
import { historyRequirements, historyToKeep, reusesRecentPassword } from '../authenticators/password/history';
import type { AuthenticatorKey } from '../authenticators/types';
import type { OrgContext } from '../context';
import { hashPassword } from '../crypto/password';
import { BadRequest, IdxError, idxJson, type IdxMessage } from '../errors';
import { readJsonObject } from '../http';
import { DuplicateLoginError, type EnrollmentRecord, type UserRecord } from '../store';
import {
  transition,
  type Effect,
  type Event,
  type FlowPolicy,
  type IdentifiedUser,
  type MachineDeps,
  type Outcome,
  type PendingEnrollment,
  type TxData,
  type UserContext,
  registrantLogin,
} from './machine';
import { newActivation } from './activation';
import { magicLink } from './magic-link';
import { unlockUser } from './unlock';
import { MESSAGES } from './messages';
import { remediation, remediationsAt, type RemediationName } from './remediations';
import {
  checkProfile,
  checkRegistrationPassword,
  loginTakenMessages,
  passwordOnRegistrationForm,
  type FieldMessages,
} from './registration';
import { idxLogEvents, txUser } from '../log/idx-events';
import { userEntity } from '../log/entities';
import { establishSession } from '../sessions';
import { localeOf, timeZoneOf } from '../users';
import { parseOr } from '../validation';
import { chosenAuthenticatorBody, enrollProfileBody, newPasswordBody, remediationBody } from './schemas';
import { findTransaction, renderTransaction, saveTransaction, type Tx } from './transactions';

export type Answered = Tx & {
  status?: ContentfulStatusCode;
  messages?: IdxMessage[];
  fieldMessages?: FieldMessages;
  /** Answered with the envelope and its messages alone (Okta's SMS and call limits). */
  formless?: true;
  /** This request completed the sign-in: its reply carries the org session cookie. */
  completed?: boolean;
};

/**
 * The org's policies as the machine sees them for a member of `groups` (group names): each policy's
 * first rule by priority whose groups include one of them, else its default (keys without a module in
 * this org are dropped).
 */
export function flowPolicy(ctx: OrgContext, groups: readonly string[] = []): FlowPolicy {
  const { policies, codes } = ctx.config;
  const member = new Set(groups);
  const rules = [...policies.rules].sort((a, b) => a.priority - b.priority).filter((r) => r.groups.some((g) => member.has(g)));
  const enrollment = rules.find((r) => r.enrollment)?.enrollment ?? policies.enrollment;
  const signOn = rules.find((r) => r.signOn)?.signOn ?? policies.signOn;
  return {
    registration: policies.registration,
    requiredEnrollments: enrollment.required.filter(isAvailable),
    optionalEnrollments: enrollment.optional.filter(isAvailable),
    secondFactor: signOn.secondFactor,
    passwordOnIdentify: policies.signOn.passwordOnIdentify ?? false,
    passwordless: signOn.passwordless ?? false,
    passkeyPromotion: signOn.passkeyPromotion ?? false,
    keepMeSignedInPrompt: signOn.keepMeSignedInPrompt ?? false,
    sendEmailOnRequest: signOn.sendEmailOnRequest ?? false,
    enrollEmailOnRequest: enrollment.sendEmailOnRequest ?? false,
    ...(signOn.userVerification ? { userVerification: signOn.userVerification } : {}),
    ...(signOn.access === 'DENY' ? { accessDenied: true } : {}),
    ...(policies.userEnumerationPrevention === false ? { revealUnknownUsers: true } : {}),
    maxCodeSends: codes.maxSends,
    maxCodeFailures: codes.maxFailures,
    ...(ctx.config.passwordPolicy.selfServiceUnlock
      ? { unlock: { authenticators: ctx.config.passwordPolicy.recoveryAuthenticators.filter(isAvailable) } }
      : {}),
    recovery: {
      authenticators: ctx.config.passwordPolicy.recoveryAuthenticators.filter(isAvailable),
      unlocks: ctx.config.passwordPolicy.recoveryUnlocks,
      ...(ctx.config.passwordPolicy.signInAfterRecovery === false ? { endsAtReset: true as const } : {}),
    },
  };
}

/** The registration form, judged: the machine's `enroll-profile` event. */
export type RegistrationForm = Extract<Event, { type: 'enroll-profile' }>;

/** A remediation posted: its body and the transaction it names. */
export interface IdxRequest {
  body: Record<string, unknown>;
  tx: Tx;
}

export type IdxSteps = ReturnType<typeof idxSteps>;

/** The policies for this user, by their groups (no user yet, or no rules: the defaults, without a lookup). */
export async function userPolicy(ctx: OrgContext, userId: string | undefined): Promise<FlowPolicy> {
  if (!userId || !ctx.config.policies.rules.length) return flowPolicy(ctx);
  return flowPolicy(
    ctx,
    (await ctx.store.groupsOfUser(userId)).map((g) => g.profile.name),
  );
}

export function idxSteps(ctx: OrgContext) {
  const deps = (policy: FlowPolicy): MachineDeps => ({
    newInteractionCode: () => ctx.ids.secret(),
    newCode: (now, previous) => issueCode(now, previous, ctx.config.codes.format ?? 'numeric'),
    newUserId: () => ctx.ids.oktaId('00u'),
    newSharedSecret: () => newTotpSecret(),
    policy,
  });
  /** The user the event is about: the transaction's, or the one an identify or recovery resolves now. */
  const subjectOf = (tx: Tx, event: Event): string | undefined =>
    tx.data.userId ?? ((event.type === 'identify' || event.type === 'recover') && event.user ? event.user.id : undefined);
  /** Schemas that depend on the org's settings, built once. */
  const schemas = { enrollProfile: enrollProfileBody(ctx.config.policies.profileAttributes) };

  /**
   * Reads the body and its state handle, loads the transaction and checks that a remediation posted
   * to `path` (the remediation table's) is one its current state offers.
   */
  async function begin(c: Context, path: string): Promise<IdxRequest> {
    const body = await readJsonObject(c);
    const { stateHandle } = parseOr(remediationBody, body, 'idx');
    const tx = await findTransaction(ctx, { stateHandle });
    const accepted = (name: RemediationName) => remediation(name).reportsOnly === true || remediation(name).offered(tx.data.step, tx.data);
    if (!remediationsAt(path).some(accepted)) throw wrongStep(tx);
    return { body, tx };
  }

  /**
   * Runs the machine, carries out `create-user` before saving (so success is only recorded for a user
   * that exists), saves with compare-and-set, then records sent codes. A lost race returns the
   * winner's state instead.
   */
  async function advance(tx: Tx, event: Event): Promise<Answered> {
    const now = ctx.clock.now();
    const policy = withProfileEnrollment(await userPolicy(ctx, subjectOf(tx, event)), tx.data.clientId);
    let outcome = transition(tx.data, event, now, deps(policy));
    for (const effect of outcome.effects ?? []) {
      // A recovery's success is only recorded once the new password is in place.
      if (effect.type === 'set-password') await setRecoveredPassword(tx, effect, now);
      if (effect.type === 'unlock-user') await unlockUser(ctx, tx.id, effect.userId, now);
      if (effect.type !== 'create-user') continue;
      try {
        await createRegisteredUser(effect, now);
      } catch (err) {
        // A double submit already created this user: whoever advanced the transaction first won.
        const current = await findTransaction(ctx, { stateHandle: tx.stateHandle });
        if (current.version !== tx.version) return current;
        if (!(err instanceof DuplicateLoginError)) throw err;
        const fieldMessages = loginTakenMessages(ctx.config.policies.profileAttributes);
        outcome = transition(tx.data, { type: 'registration-conflict', fieldMessages }, now, deps(policy));
      }
    }
    outcome = await withAppAccess(tx.data, outcome);
    const extra = {
      ...(outcome.status !== 200 ? { status: outcome.status } : {}),
      ...(outcome.messages ? { messages: outcome.messages } : {}),
      ...(outcome.fieldMessages ? { fieldMessages: outcome.fieldMessages } : {}),
      ...(outcome.formless ? { formless: outcome.formless } : {}),
    };
    // Logged once the outcome stands (a request that lost the race below logs nothing).
    const log = () => {
      for (const input of idxLogEvents(tx.id, tx.data, event, outcome)) ctx.log.record(input);
    };
    if (outcome.data === tx.data) {
      log();
      return { ...tx, ...extra };
    }
    const saved = await saveTransaction(ctx, tx, outcome.data);
    if (!saved.won) return saved.tx;
    log();
    for (const effect of outcome.effects ?? []) {
      if (effect.type === 'send-code')
        await ctx.store.recordOutbox({
          id: ctx.ids.oktaId('msg'),
          to: effect.to,
          kind: effect.kind,
          code: effect.code,
          link: magicLink(ctx, saved.tx, effect),
          purpose: effect.purpose,
          createdAt: now,
        });
      if (effect.type === 'save-enrollment') await ctx.store.saveEnrollment(enrollmentRecord(effect.userId, effect.enrollment, now));
    }
    const completed = outcome.data.step.name === 'success' && tx.data.step.name !== 'success';
    return { ...saved.tx, ...extra, ...(completed ? { completed } : {}) };
  }

  /**
   * The app's sign-on check, after the user has proven everything the policy asks (so it tells an
   * outsider nothing about which accounts exist): an app assigned to chosen users only lets them in;
   * anyone else ends on Okta's terminal "You do not have permission to perform the requested action."
   */
  async function withAppAccess(before: TxData, outcome: Outcome): Promise<Outcome> {
    const { data } = outcome;
    if (data.step.name !== 'success' || before.step.name === 'success' || !data.userId) return outcome;
    const app = ctx.apps.byId(data.clientId);
    if (app?.assignment !== 'assigned' || (await ctx.store.appAssignment(app.clientId, data.userId))) return outcome;
    return { ...outcome, status: 403, data: { ...data, step: { name: 'terminal', messages: [MESSAGES.accessDenied()] } } };
  }

  /** The app's profile enrollment policy, where it has its own: how a registrant's email is verified. */
  function withProfileEnrollment(policy: FlowPolicy, clientId: string): FlowPolicy {
    const activation = ctx.apps.byId(clientId)?.registrationActivation ?? ctx.config.policies.registrationActivation;
    return activation === 'email' ? { ...policy, activationByEmail: true } : policy;
  }

  /**
   * The registered user, with what was set up. Awaiting activation by email: PROVISIONED, stored with its
   * activation token, and the activation email (its link) in the outbox.
   */
  async function createRegisteredUser(effect: Extract<Effect, { type: 'create-user' }>, now: number): Promise<void> {
    const { registration } = effect;
    const email = registration.profile.email ?? '';
    const pending = effect.activation === true;
    const user: UserRecord = {
      id: registration.userId,
      status: pending ? 'PROVISIONED' : 'ACTIVE',
      profile: { ...registration.profile, login: registrantLogin(registration), email },
      passwordHash: registration.passwordHash,
      passwordChangedAt: now,
      failedLogins: 0,
      createdAt: now,
      activatedAt: pending ? null : now,
      statusChangedAt: now,
      lastLoginAt: pending ? null : now,
      lastUpdatedAt: now,
    };
    const activation = pending ? newActivation(ctx, user.id, now) : undefined;
    await ctx.store.createUserWithEnrollments(
      user,
      effect.enrollments.map((e) => enrollmentRecord(user.id, e, now)),
      activation?.record,
    );
    if (activation)
      await ctx.store.recordOutbox({
        id: ctx.ids.oktaId('msg'),
        to: email,
        kind: 'email',
        code: '',
        link: activation.link,
        purpose: 'activation',
        createdAt: now,
      });
  }

  /**
   * Stores a recovery's new password: the old hash joins the history, the failed-login count restarts,
   * and the account ends LOCKED_OUT (when recovery unlocks), PASSWORD_EXPIRED or RECOVERY.
   */
  async function setRecoveredPassword(tx: Tx, effect: Extract<Effect, { type: 'set-password' }>, now: number): Promise<void> {
    const policy = ctx.config.passwordPolicy;
    const user = await ctx.store.userById(effect.userId);
    const unlock = user?.status === 'LOCKED_OUT' && policy.recoveryUnlocks;
    // Deactivated or suspended meanwhile: the recovery no longer applies.
    if (!user || !(unlock || ['ACTIVE', 'PASSWORD_EXPIRED', 'RECOVERY'].includes(user.status))) throw wrongStep(tx);
    const next: UserRecord = {
      ...user,
      status: 'ACTIVE',
      passwordHash: effect.passwordHash,
      passwordChangedAt: now,
      failedLogins: 0,
      lastLoginAt: now,
      lastUpdatedAt: now,
      ...(user.status !== 'ACTIVE' ? { statusChangedAt: now } : {}),
    };
    await ctx.store.updateUserPassword(next, user.passwordHash, historyToKeep(policy), effect.revokeSessions, now);
    if (unlock)
      ctx.log.record({ eventType: 'user.account.unlock', actor: userEntity(user), target: [userEntity(user)], externalSessionId: tx.id });
  }

  /**
   * The registration form judged, as the machine's event: the profile against the profile schema (and a
   * Username against the login pattern), the password when the form carries it (the password policy, with
   * the rest of the form so every problem shows at once), then whether the login is someone's already
   * (checked here for the message; the unique login index decides races when the user is created). The
   * password is hashed only for a form that passed.
   */
  async function registrationForm(userProfile: Record<string, unknown>, passcode: string | null | undefined): Promise<RegistrationForm> {
    const { policies, userSchema, passwordPolicy } = ctx.config;
    const checked = checkProfile(policies.profileAttributes, userProfile, userSchema.loginPattern);
    // Unreachable after the schema (its values are strings or absent); kept so the rules stay total.
    if (!checked) throw new BadRequest('userProfile: values must be strings');
    const onForm = passwordOnRegistrationForm(ctx.config);
    const weak = onForm ? checkRegistrationPassword(passcode, passwordPolicy, userProfile) : undefined;
    if (!checked.ok || weak)
      return { type: 'enroll-profile', profile: {}, fieldMessages: { ...(checked.ok ? {} : checked.fieldMessages), ...weak } };
    const taken = await ctx.store.userByLogin(registrantLogin(checked));
    if (taken) return { type: 'enroll-profile', profile: checked.profile, fieldMessages: loginTakenMessages(policies.profileAttributes) };
    if (!onForm || !passcode) return { type: 'enroll-profile', profile: checked.profile };
    return { type: 'enroll-profile', profile: checked.profile, passwordHash: await hashPassword(passcode, ctx.config.passwordHashCost) };
  }

  /** What identify would learn about the account `identifier` names (any status); undefined when none. */
  async function identifiedUser(identifier: string): Promise<IdentifiedUser | undefined> {
    const found = await ctx.store.userWithEnrollmentsByLogin(identifier);
    if (!found) return undefined;
    const { user, enrollments } = found;
    const profiles: Partial<Record<AuthenticatorKey, Record<string, unknown>>> = {};
    const enrollmentIds: Partial<Record<AuthenticatorKey, string>> = {};
    const enrolled: AuthenticatorKey[] = [];
    for (const e of enrollments) {
      const key = knownKey(e.authenticator);
      if (!key || !isAvailable(key)) continue;
      enrolled.push(key);
      profiles[key] = e.profile;
      enrollmentIds[key] ??= e.id;
    }
    const profile: UserContext['profile'] = {};
    for (const attr of ['login', 'firstName', 'lastName'] as const) {
      const value = user.profile[attr];
      if (typeof value === 'string' && value) profile[attr] = value;
    }
    // As the tokens claim them (`locale`, `zoneinfo`): the profile's, else Okta's defaults.
    profile.locale = localeOf(user.profile);
    profile.timeZone = timeZoneOf(user.profile);
    const context: UserContext = { profile, ...(user.passwordChangedAt !== null ? { passwordChanged: user.passwordChangedAt } : {}) };
    return { id: user.id, status: user.status, email: user.profile.email, enrolled, profiles, enrollmentIds, context };
  }

  /**
   * A recovery's new password: blank, the policy's rules, then the history (Okta's requirements
   * message with "…cannot be any of your last N passwords."), then hashed.
   */
  async function newPasswordEvent(tx: Tx, credentials: Record<string, unknown>): Promise<Event> {
    const { passcode: given, revokeSessions } = parseOr(newPasswordBody, { credentials }, 'idx').credentials;
    const user = tx.data.userId ? await ctx.store.userById(tx.data.userId) : undefined;
    if (!user) throw wrongStep(tx);
    const policy = ctx.config.passwordPolicy;
    const names: Record<string, string> = {};
    for (const attr of ['firstName', 'lastName'] as const) {
      const value = user.profile[attr];
      if (typeof value === 'string') names[attr] = value;
    }
    const problems = checkNewPassword(given, policy, { ...names, email: user.profile.login });
    if (problems.length) return { type: 'reset-password', fieldMessages: { 'credentials.passcode': problems } };
    const passcode = given as string;
    if (await reusesRecentPassword(ctx.store, user, passcode, policy.historyCount)) {
      const reused = MESSAGES.passwordRequirements(historyRequirements(policy));
      return { type: 'reset-password', fieldMessages: { 'credentials.passcode': [reused] } };
    }
    const passwordHash = await hashPassword(passcode, ctx.config.passwordHashCost);
    return { type: 'reset-password', passwordHash, ...(revokeSessions !== undefined ? { revokeSessions } : {}) };
  }

  function enrollmentRecord(userId: string, e: PendingEnrollment, now: number): EnrollmentRecord {
    return {
      id: e.id ?? newEnrollmentId(e.key),
      userId,
      authenticator: e.key,
      profile: e.profile,
      secret: e.secret ?? null,
      failures: 0,
      lastUsedStep: e.lastUsedStep ?? null,
      createdAt: now,
      lastVerifiedAt: now,
    };
  }

  /** An enrollment's own id (`sms…`, `eml…`), never the authenticator's. */
  function newEnrollmentId(key: AuthenticatorKey): string {
    return ctx.ids.oktaId(wireOf(key).enrollmentPrefix);
  }

  /** `authenticator.id` of a picked option → its key; anything else is a malformed request. */
  function chosenAuthenticator(body: Record<string, unknown>): AuthenticatorKey {
    return parseOr(chosenAuthenticatorBody, body, 'idx').authenticator.id;
  }

  /** The option picked with its method, if the body names one (`authenticator.methodType`: a phone's `sms` or `voice`). */
  function chosenOption(body: Record<string, unknown>): { authenticator: AuthenticatorKey; methodType?: string } {
    const { id, methodType } = parseOr(chosenAuthenticatorBody, body, 'idx').authenticator;
    return { authenticator: id, ...(methodType !== undefined ? { methodType } : {}) };
  }

  /**
   * An answer to the current form: the authenticator of the step judges it (its `enroll` or `verify`:
   * codes, secrets, hashes, lockout), the machine decides what follows. A recovery's new password is
   * the recovery flow's.
   */
  async function answer(c: Context, tx: Tx, credentials: Record<string, unknown>): Promise<Response> {
    return reply(c, await judge(tx, credentials));
  }

  /** `answer` without the reply: what the transaction became (an email's magic link answers this way too). */
  async function judge(tx: Tx, credentials: Record<string, unknown>): Promise<Answered> {
    const step = tx.data.step;
    const now = ctx.clock.now();
    if (step.name === 'enroll') {
      const result = await authenticatorFor(step.authenticator).enroll({ ctx, tx: tx.data, step, credentials, now });
      // Its id is drawn now, so the replies that follow name it as they will once it is stored.
      if (result.ok) result.enrollment.id ??= newEnrollmentId(result.enrollment.key);
      return advance(tx, { type: 'enroll-answer', result });
    }
    if (step.name === 'reset-password') return advance(tx, await newPasswordEvent(tx, credentials));
    if (step.name !== 'challenge') throw wrongStep(tx);
    const user = tx.data.userId ? await ctx.store.userById(tx.data.userId) : undefined;
    const result = await authenticatorFor(step.authenticator).verify({ ctx, tx: tx.data, step, user, credentials, now });
    if (!result.ok && user?.status === 'ACTIVE' && authenticatorFor(step.authenticator).isPassword) await logLockout(tx, user.id);
    return advance(tx, { type: 'answer', authenticator: step.authenticator, result });
  }

  /** A wrong password of an active account: when it was the one that locked the account, `user.account.lock`. */
  async function logLockout(tx: Tx, userId: string): Promise<void> {
    if (!ctx.config.passwordPolicy.lockoutAttempts) return;
    const after = await ctx.store.userById(userId);
    if (after?.status !== 'LOCKED_OUT') return;
    const user = userEntity(after);
    ctx.log.record({
      eventType: 'user.account.lock',
      actor: user,
      target: [user],
      outcome: { result: 'SUCCESS', reason: 'LOCKED_OUT' },
      externalSessionId: tx.id,
    });
  }

  async function reply(c: Context, tx: Answered): Promise<Response> {
    const step = tx.data.step;
    if (tx.completed && tx.data.userId) {
      const { userId, verified, authTime, rememberMe } = tx.data;
      const sessionId = await establishSession(ctx, c, {
        userId,
        verified,
        ...(authTime !== undefined ? { authTime } : {}),
        ...(rememberMe !== undefined ? { rememberMe } : {}),
      });
      const user = txUser(tx.data);
      const debugData = { authenticators: verified, clientId: tx.data.clientId };
      ctx.log.record({
        eventType: 'policy.evaluate_sign_on',
        actor: user,
        target: [user],
        outcome: { result: 'ALLOW' },
        externalSessionId: sessionId,
        debugData,
      });
      ctx.log.record({ eventType: 'user.session.start', actor: user, target: [user], externalSessionId: sessionId, debugData });
    }
    // Drawn per response by the step's authenticator (the TOTP QR code, derived from the secret in the step;
    // the org's relying party for a passkey).
    const media =
      step.name === 'enroll' || step.name === 'challenge'
        ? await authenticatorFor(step.authenticator).idx.media?.(ctx, tx.data)
        : undefined;
    const doc = renderTransaction(ctx, tx, tx.messages, tx.fieldMessages, media);
    // Okta's SMS and call limits: the envelope and the message, no form (the widget shows it with "Back to sign in").
    const body = tx.formless ? pick(doc, ['version', 'stateHandle', 'expiresAt', 'intent', 'messages']) : doc;
    return idxJson(c, body, tx.status ?? 200);
  }

  function wrongStep(tx: Tx): IdxError {
    const message = MESSAGES.wrongStep();
    return new IdxError(400, [message], renderTransaction(ctx, tx, [message]));
  }

  return {
    ctx,
    schemas,
    begin,
    advance,
    reply,
    answer,
    judge,
    identifiedUser,
    registrationForm,
    newPasswordEvent,
    chosenAuthenticator,
    chosenOption,
    wrongStep,
  };
}

function pick(doc: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(keys.filter((k) => k in doc).map((k) => [k, doc[k]]));
}
