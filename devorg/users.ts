/**
 * User lifecycle shared by the management API, the demo-user seed and (later) self-service
 * registration: profile validation, password policy, status transitions.
 */
import { passwordProblems, passwordRequirementsMessage } from './authenticators/password';
import { historyRequirements, historyToKeep, reusesRecentPassword } from './authenticators/password/history';
import type { OrgContext } from './context';
import { hashPassword } from './crypto/password';
import { API_ERRORS } from './errors';
import { EMAIL, loginProblem, type LoginProblem } from './login-pattern';
import { DuplicateLoginError, type UserProfile, type UserRecord, type UserStatus } from './store';
const MAX_ATTRIBUTE = 1024;
/** Okta's cause for a login (compared case-insensitively) that another user already has. */
const DUPLICATE_LOGIN = 'login: An object with this field already exists in the current organization';

export interface NewUser {
  profile: Record<string, unknown>;
  password?: string;
  activate: boolean;
}

/** Okta's causes for a username its login pattern refuses. */
const LOGIN_CAUSES: Record<LoginProblem, string> = {
  'not-email': 'login: Username must be in the form of an email address',
  pattern: 'login: Does not match required pattern',
  'too-short': 'login: The field is too short',
  'too-long': 'login: The field is too long',
};

/**
 * Validates and normalises a profile; returns Okta-style causes (`attribute: message`). `loginPattern`
 * is the user schema's (`userSchema.loginPattern`: null, an email address).
 */
export function profileProblems(profile: Record<string, unknown>, loginPattern: string | null): string[] {
  const causes: string[] = [];
  for (const attr of ['login', 'email', 'firstName', 'lastName'] as const) {
    const v = profile[attr];
    if (v === undefined || v === null || (typeof v === 'string' && v.trim() === '')) causes.push(`${attr}: The field cannot be left blank`);
    else if (typeof v !== 'string') causes.push(`${attr}: Must be a string`);
  }
  for (const [attr, v] of Object.entries(profile)) {
    if (typeof v === 'string' && v.length > MAX_ATTRIBUTE) causes.push(`${attr}: The field is too long`);
    else if (v !== null && typeof v === 'object') causes.push(`${attr}: Must be a primitive value`);
  }
  if (typeof profile.email === 'string' && profile.email && !EMAIL.test(profile.email))
    causes.push('email: Does not match required pattern');
  const login = profile.login;
  const problem = typeof login === 'string' && login ? loginProblem(login, loginPattern) : undefined;
  // A login over the attribute limit was told "too long" above already.
  if (problem && !(problem === 'too-long' && (login as string).length > MAX_ATTRIBUTE)) causes.push(LOGIN_CAUSES[problem]);
  return causes;
}

export async function createUser(ctx: OrgContext, input: NewUser): Promise<UserRecord> {
  const causes = profileProblems(input.profile, ctx.config.userSchema.loginPattern);
  if (causes.length) throw API_ERRORS.validation(causes);
  const profile = input.profile as UserProfile;
  if (input.password !== undefined) {
    const problems = passwordProblems(input.password, ctx.config.passwordPolicy, profile);
    if (problems.length) throw API_ERRORS.validation([`password: ${passwordRequirementsMessage(problems)}`]);
  }
  const now = ctx.clock.now();
  const status: UserStatus = input.activate ? (input.password !== undefined ? 'ACTIVE' : 'PROVISIONED') : 'STAGED';
  const user: UserRecord = {
    id: ctx.ids.oktaId('00u'),
    status,
    profile,
    passwordHash: input.password !== undefined ? await hashPassword(input.password, ctx.config.passwordHashCost) : null,
    passwordChangedAt: input.password !== undefined ? now : null,
    failedLogins: 0,
    createdAt: now,
    activatedAt: input.activate ? now : null,
    statusChangedAt: input.activate ? now : null,
    lastLoginAt: null,
    lastUpdatedAt: now,
  };
  try {
    await ctx.store.createUser(user);
  } catch (err) {
    if (err instanceof DuplicateLoginError) throw API_ERRORS.validation([DUPLICATE_LOGIN]);
    throw err;
  }
  return user;
}

export interface UserChanges {
  /** The complete new profile; callers doing a partial update merge it first. */
  profile?: Record<string, unknown>;
  /** A new password set by an admin, checked against the policy like a chosen one. */
  password?: string;
}

/**
 * Saves an admin's change to a user's profile and/or password with the same validation and Okta causes
 * as `createUser`. Setting a password ends a `PASSWORD_EXPIRED` state, as on Okta.
 */
export async function updateUser(ctx: OrgContext, user: UserRecord, changes: UserChanges): Promise<UserRecord> {
  const causes = profileProblems(changes.profile ?? user.profile, ctx.config.userSchema.loginPattern);
  if (causes.length) throw API_ERRORS.validation(causes);
  const profile = (changes.profile ?? user.profile) as UserProfile;
  if (changes.password !== undefined) {
    const problems = passwordProblems(changes.password, ctx.config.passwordPolicy, profile);
    if (problems.length) throw API_ERRORS.validation([`password: ${passwordRequirementsMessage(problems)}`]);
  }
  const policy = ctx.config.passwordPolicy;
  // Password history applies to an admin's new password too: the same cause as a broken rule.
  if (changes.password !== undefined && (await reusesRecentPassword(ctx.store, user, changes.password, policy.historyCount))) {
    throw API_ERRORS.validation([`password: Password requirements were not met. ${historyRequirements(policy)}`]);
  }
  const now = ctx.clock.now();
  const next: UserRecord = { ...user, profile, lastUpdatedAt: now };
  if (changes.password !== undefined) {
    next.passwordHash = await hashPassword(changes.password, ctx.config.passwordHashCost);
    next.passwordChangedAt = now;
    next.failedLogins = 0;
    if (user.status === 'PASSWORD_EXPIRED') {
      next.status = 'ACTIVE';
      next.statusChangedAt = now;
    }
  }
  try {
    if (changes.password !== undefined) await ctx.store.updateUserPassword(next, user.passwordHash, historyToKeep(policy), false, now);
    else await ctx.store.updateUser(next);
  } catch (err) {
    if (err instanceof DuplicateLoginError) throw API_ERRORS.validation([DUPLICATE_LOGIN]);
    throw err;
  }
  return next;
}

/**
 * The user's locale and time zone as Okta tells them (the `locale` and `zoneinfo` claims, the IDX
 * `user.value.profile`): the profile's `locale` and `timezone`, else Okta's defaults.
 */
export function localeOf(profile: Record<string, unknown>): string {
  return typeof profile.locale === 'string' && profile.locale ? profile.locale : 'en_US';
}
export function timeZoneOf(profile: Record<string, unknown>): string {
  return typeof profile.timezone === 'string' && profile.timezone ? profile.timezone : 'America/Los_Angeles';
}

export function displayName(profile: UserProfile): string {
  const name = [profile.firstName, profile.lastName].filter((p) => typeof p === 'string' && p.trim()).join(' ');
  return name || profile.login;
}

/** Creates the configured demo user once; a later start leaves an existing one untouched. */
export async function seedDemoUser(ctx: OrgContext): Promise<UserRecord | undefined> {
  const seed = ctx.config.demoUser;
  if (!seed) return undefined;
  const existing = await ctx.store.userByLogin(seed.login);
  if (existing) return existing;
  const { password, ...profile } = seed;
  return createUser(ctx, { profile, password, activate: true });
}
