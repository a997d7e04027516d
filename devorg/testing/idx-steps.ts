/**
 * Every IDX step devorg emits, reached through its real routes in-process, one named entry each: the
 * contract test (`devorg/idx/contract.test.ts`) asserts what the widget reads on each reply, and
 * `npm run idx:coverage` compares each reply with a recorded Okta reply for the same step. A new step
 * is one entry here (how to get there) plus one in the contract table (what it must carry).
 */
import { totpAt } from '../authenticators/lib/totp';
import { SoftAuthenticator } from '../authenticators/webauthn/soft-authenticator';
import { defaultConfig, portalApp } from '../config';
import {
  begin,
  json,
  latestCode,
  makeUser,
  PASSWORD,
  pkce,
  PORTAL,
  REDIRECT_URI,
  remediate,
  signIn,
  startHarness,
  type Harness,
  type IdxDoc,
} from './harness';
import { emailDomainRule, startHookServer, type HookServer } from './hook-server';

export interface StepReply {
  status: number;
  doc: IdxDoc;
}

/** The org settings a step needs; one harness per variant, shared by the steps that use it. */
export type OrgVariant =
  | 'default'
  | 'password-on-identify'
  | 'no-recovery'
  | 'no-registration'
  | 'mfa-choice'
  | 'clock-control'
  | 'send-email-first'
  | 'stay-signed-in'
  | 'unlock'
  | 'keep-me-signed-in-by-default'
  | 'assigned-app'
  | 'deny-rule'
  | 'activation-email'
  | 'enroll-email-first'
  | 'alphanumeric-codes'
  | 'no-enumeration-prevention'
  | 'reset-then-sign-in'
  | 'username-on-form'
  | 'password-on-form'
  | 'shown-lockout'
  | 'registration-hook';

const DEFAULTS = defaultConfig();
const DENIED_GROUP = 'Denied';
/** The registration form with Okta's Username (a `login` attribute), any username allowed (login pattern `.+`). */
const WITH_USERNAME = [...DEFAULTS.policies.profileAttributes, { name: 'login', label: 'Username', required: true, maxLength: 100 }];
const ORG: Record<Exclude<OrgVariant, 'registration-hook'>, Parameters<typeof startHarness>[0]> = {
  // The org's own default policies: password + email required, every other authenticator optional.
  default: { policies: DEFAULTS.policies },
  'password-on-identify': { policies: { ...DEFAULTS.policies, signOn: { ...DEFAULTS.policies.signOn, passwordOnIdentify: true } } },
  'no-recovery': { policies: DEFAULTS.policies, passwordPolicy: { ...DEFAULTS.passwordPolicy, recoveryAuthenticators: [] } },
  'no-registration': { policies: { ...DEFAULTS.policies, registration: false } },
  // Only a password required, a second factor at sign-in: a new user must pick one to set up (no skip).
  'mfa-choice': {
    policies: {
      ...DEFAULTS.policies,
      enrollment: { required: ['okta_password'], optional: ['google_otp', 'phone_number', 'security_question'] },
    },
  },
  'clock-control': { policies: DEFAULTS.policies, clockControl: true },
  'send-email-first': { policies: { ...DEFAULTS.policies, signOn: { ...DEFAULTS.policies.signOn, sendEmailOnRequest: true } } },
  'stay-signed-in': { policies: { ...DEFAULTS.policies, signOn: { ...DEFAULTS.policies.signOn, keepMeSignedInPrompt: true } } },
  unlock: { policies: DEFAULTS.policies, passwordPolicy: { ...DEFAULTS.passwordPolicy, selfServiceUnlock: true } },
  // Okta's "Show lock out failures", three wrong passwords to a lockout.
  'shown-lockout': {
    policies: DEFAULTS.policies,
    passwordPolicy: { ...DEFAULTS.passwordPolicy, lockoutAttempts: 3, showLockoutFailures: true },
  },
  'keep-me-signed-in-by-default': {
    policies: { ...DEFAULTS.policies, signOn: { ...DEFAULTS.policies.signOn, keepMeSignedInByDefault: true } },
  },
  // The portal app for assigned users only, password-only sign-on: an unassigned user's password ends on access denied.
  'assigned-app': {
    apps: DEFAULTS.apps.map((app, i) => (i === 0 ? { ...app, assignment: 'assigned' as const } : app)),
    policies: { ...DEFAULTS.policies, enrollment: { required: ['okta_password'], optional: [] }, signOn: { secondFactor: false } },
  },
  // A recovery ends at the new password (the user signs in afresh).
  'reset-then-sign-in': { policies: DEFAULTS.policies, passwordPolicy: { ...DEFAULTS.passwordPolicy, signInAfterRecovery: false } },
  // User enumeration prevention off: an unknown username is told at identify.
  'no-enumeration-prevention': { policies: { ...DEFAULTS.policies, userEnumerationPrevention: false } },
  // Email, SMS and voice codes of letters and digits (codes.format).
  'alphanumeric-codes': { policies: DEFAULTS.policies, codes: { ...DEFAULTS.codes, format: 'alphanumeric' } },
  // Setting up email first shows "Send me an email" (the enrollment policy's sendEmailOnRequest).
  'enroll-email-first': {
    policies: { ...DEFAULTS.policies, enrollment: { ...DEFAULTS.policies.enrollment, sendEmailOnRequest: true } },
  },
  // The registration form asks for a Username besides the email (the profile enrollment form's `login`).
  'username-on-form': { policies: { ...DEFAULTS.policies, profileAttributes: WITH_USERNAME }, userSchema: { loginPattern: '.+' } },
  // The registration form carries the password (profile enrollment `enrollAuthenticatorTypes: ["password"]`).
  'password-on-form': { policies: { ...DEFAULTS.policies, enrollAuthenticatorTypes: ['password'] } },
  // Registration verifies the email by an activation email before access (profile enrollment).
  'activation-email': { policies: { ...DEFAULTS.policies, registrationActivation: 'email' } },
  // A sign-on rule denying the members of one group (Okta's "Access is: Denied").
  'deny-rule': {
    policies: {
      ...DEFAULTS.policies,
      rules: [{ name: 'Denied', priority: 1, groups: [DENIED_GROUP], signOn: { secondFactor: false, access: 'DENY' } }],
    },
  },
};

export interface IdxStep {
  /** devorg's name for the step (the contract table and the coverage map use it). */
  id: string;
  org: OrgVariant;
  reach(h: Harness): Promise<StepReply>;
}

const names = (doc: IdxDoc): string[] => (doc.remediation?.value ?? []).map((r: IdxDoc) => r.name as string);

function expectStatus(reply: StepReply, status: number, what: string): StepReply {
  if (reply.status !== status)
    throw new Error(`${what}: expected ${status}, got ${reply.status} ${JSON.stringify(reply.doc.messages ?? names(reply.doc))}`);
  return reply;
}

/** The `authenticator.id` of the option for `key` in a select remediation (found through its `relatesTo`). */
export function optionId(doc: IdxDoc, remediation: string, key: string): string {
  const list = remediation === 'select-authenticator-enroll' ? 'authenticators' : 'authenticatorEnrollments';
  const i = ((doc[list]?.value ?? []) as IdxDoc[]).findIndex((a) => a.key === key);
  const r = ((doc.remediation?.value ?? []) as IdxDoc[]).find((x) => x.name === remediation);
  const option = ((r?.value[0].options ?? []) as IdxDoc[]).find((o) => o.relatesTo === `$.${list}.value[${i}]`);
  const id = option?.value.form.value.find((f: IdxDoc) => f.name === 'id')?.value as string | undefined;
  if (!id) throw new Error(`no ${key} option in ${remediation}`);
  return id;
}

/** Posts an action nested in an authenticator object (`currentAuthenticatorEnrollment.value.recover`), as auth-js does. */
async function action(h: Harness, doc: IdxDoc, holder: string, name: string): Promise<StepReply> {
  const form = doc[holder]?.value?.[name];
  if (!form) throw new Error(`no ${holder}.${name} in the document`);
  const res = await h.app.request(new URL(form.href as string).pathname, json({ stateHandle: doc.stateHandle }));
  return { status: res.status, doc: (await res.json()) as IdxDoc };
}

/**
 * The Okta-hosted sign-in: `/v1/authorize` (a full page, as the client says with `display=page`) → the
 * hosted page → its transaction, introspected by the page's state token as its widget does.
 */
async function beginHosted(h: Harness): Promise<{ doc: IdxDoc }> {
  const query = new URLSearchParams({
    client_id: portalApp(h.config).clientId,
    response_type: 'code',
    scope: 'openid profile email',
    redirect_uri: REDIRECT_URI,
    state: `st-${Date.now().toString(36)}`,
    code_challenge: pkce().challenge,
    code_challenge_method: 'S256',
    nonce: `n-${Date.now().toString(36)}`,
    display: 'page',
  });
  const page = await h.app.request(`/oauth2/default/v1/authorize?${query}`);
  if (page.status !== 200) throw new Error(`authorize: ${page.status}`);
  const block = /<script type="application\/json" id="okta-hosted-config">(.*?)<\/script>/s.exec(await page.text())?.[1] ?? '{}';
  const { stateToken } = JSON.parse(block) as { stateToken?: string };
  if (!stateToken) throw new Error('no state token on the hosted page');
  const res = await h.app.request('/idp/idx/introspect', json({ stateToken }));
  return { doc: (await res.json()) as IdxDoc };
}

/** The org's management API, as an admin's script calls it. */
async function manage(h: Harness, method: string, path: string, body?: unknown): Promise<IdxDoc | undefined> {
  const res = await h.app.request(`/api/v1${path}`, {
    method,
    headers: { Authorization: `SSWS ${h.config.apiTokens[0]}`, 'Content-Type': 'application/json', Accept: 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return res.status === 204 ? undefined : ((await res.json()) as IdxDoc);
}

/** Puts the user in the group named `name` (made if the org lacks it). */
async function joinGroup(h: Harness, userId: string, name: string): Promise<void> {
  const found = ((await manage(h, 'GET', `/groups?q=${encodeURIComponent(name)}`)) as IdxDoc[]).find((g) => g.profile.name === name);
  const group = found ?? (await manage(h, 'POST', '/groups', { profile: { name } }))!;
  await manage(h, 'PUT', `/groups/${group.id}/users/${userId}`);
}

const identified = async (h: Harness, login: string) => remediate(h, (await begin(h)).doc, 'identify', { identifier: login });
const afterPassword = async (h: Harness, login: string) =>
  remediate(h, (await identified(h, login)).doc, 'challenge-authenticator', { credentials: { passcode: PASSWORD } });
/** The same through the Okta-hosted sign-in page (`/v1/authorize`, `display=page`), as Okta's redirect-model recordings. */
const afterPasswordHosted = async (h: Harness, login: string) =>
  remediate(h, (await remediate(h, (await beginHosted(h)).doc, 'identify', { identifier: login })).doc, 'challenge-authenticator', {
    credentials: { passcode: PASSWORD },
  });

let phones = 0;
/** A distinct E.164 number per enrollment, so one user's code is never another's. */
const nextPhone = () => `+1415555${String(1000 + (phones++ % 9000))}`;

/** An API-created user's first sign-in, after the password: the email enrollment form. */
async function toEmailEnrollment(h: Harness) {
  const user = await makeUser(h);
  const reply = await afterPassword(h, user.profile.login);
  if (reply.doc.currentAuthenticator?.value.key !== 'okta_email') throw new Error('expected the email enrollment');
  return { user, reply };
}

/** …then the code answered: the optional authenticators, with "Set up later". */
async function toOptionalList(h: Harness) {
  const { user, reply } = await toEmailEnrollment(h);
  const list = await remediate(h, reply.doc, 'enroll-authenticator', {
    credentials: { passcode: await latestCode(h, user.profile.email) },
  });
  return { user, reply: expectStatus(list, 200, 'optional list') };
}

const pickToEnroll = (h: Harness, doc: IdxDoc, key: string) =>
  remediate(h, doc, 'select-authenticator-enroll', { authenticator: { id: optionId(doc, 'select-authenticator-enroll', key) } });

/** Answers an enrollment form of `key` the way a person would; returns the next reply. */
async function completeEnrollment(h: Harness, doc: IdxDoc, key: string, soft: SoftAuthenticator): Promise<StepReply> {
  const form = await pickToEnroll(h, doc, key);
  switch (key) {
    case 'google_otp': {
      const secret = form.doc.currentAuthenticator.value.contextualData.sharedSecret as string;
      return remediate(h, form.doc, 'enroll-authenticator', { credentials: { passcode: totpAt(secret, h.clock.now()) } });
    }
    case 'security_question':
      return remediate(h, form.doc, 'enroll-authenticator', { credentials: { questionKey: 'disliked_food', answer: 'Brussels sprouts' } });
    case 'phone_number': {
      const phoneNumber = nextPhone();
      const id = optionId(doc, 'select-authenticator-enroll', key);
      const sent = await remediate(h, form.doc, 'authenticator-enrollment-data', { authenticator: { id, methodType: 'sms', phoneNumber } });
      return remediate(h, sent.doc, 'enroll-authenticator', { credentials: { passcode: await latestCode(h, phoneNumber) } });
    }
    case 'webauthn': {
      const { answer } = soft.create(form.doc.currentAuthenticator.value.contextualData.activationData, { origin: PORTAL });
      return remediate(h, form.doc, 'enroll-authenticator', { credentials: answer });
    }
    default:
      throw new Error(`no way to enroll ${key}`);
  }
}

/** A user with email and `keys` enrolled (through the widget's own steps), signed out again. */
async function userWith(h: Harness, keys: string[]) {
  const soft = new SoftAuthenticator();
  const { user, reply } = await toOptionalList(h);
  let doc = reply.doc;
  for (const key of keys) doc = expectStatus(await completeEnrollment(h, doc, key, soft), 200, `enrolling ${key}`).doc;
  expectStatus(await remediate(h, doc, 'skip', {}), 200, 'set up later');
  return user;
}

/**
 * The optional list again after `keys` were set up from it: a user with more than password and email (as
 * Okta's recorded Google Authenticator enrollments, whose user had a security question too).
 */
async function toOptionalListWith(h: Harness, keys: string[]) {
  const soft = new SoftAuthenticator();
  let { reply } = await toOptionalList(h);
  for (const key of keys) reply = expectStatus(await completeEnrollment(h, reply.doc, key, soft), 200, `enrolling ${key}`);
  return reply;
}

/** Password, then `key` picked from "Verify it's you with a security method". */
async function toChallenge(h: Harness, key: string, others: string[] = []) {
  const user = await userWith(
    h,
    [key, ...others].filter((k) => k !== 'okta_email'),
  );
  const list = await afterPassword(h, user.profile.login);
  const picked = await remediate(h, list.doc, 'select-authenticator-authenticate', {
    authenticator: { id: optionId(list.doc, 'select-authenticator-authenticate', key) },
  });
  // A phone asks "SMS or a voice call?" first (authenticator-verification-data): the text, as most pick.
  const data = picked.doc.remediation?.value.find((r: { name: string }) => r.name === 'authenticator-verification-data');
  if (!data) return { user, reply: picked, data: undefined };
  const id = (data.value[0].form.value as { name: string; value?: string }[]).find((f) => f.name === 'id')?.value;
  const reply = await remediate(h, picked.doc, 'authenticator-verification-data', { authenticator: { id, methodType: 'sms' } });
  return { user, reply, data: picked };
}

/** identify → password challenge → "Forgot password?". */
async function forgotPassword(h: Harness, login: string) {
  return action(h, (await identified(h, login)).doc, 'currentAuthenticatorEnrollment', 'recover');
}

async function toResetPassword(h: Harness) {
  const user = await makeUser(h);
  const recovering = await forgotPassword(h, user.profile.login);
  const code = await latestCode(h, user.profile.email);
  return { user, reply: await remediate(h, recovering.doc, 'challenge-authenticator', { credentials: { passcode: code } }) };
}

async function toProfileForm(h: Harness) {
  return remediate(h, (await begin(h)).doc, 'select-enroll-profile', {});
}

let registrants = 0;
const newEmail = () => `contract${++registrants}.${Date.now().toString(36)}@example.test`;

async function toRegistrationPassword(h: Harness) {
  const form = await toProfileForm(h);
  return remediate(h, form.doc, 'enroll-profile', { userProfile: { email: newEmail(), firstName: 'Ada', lastName: 'Contract' } });
}

const wrongCode = (code: string) => (code === '000000' ? '111111' : '000000');

/** The steps, in the order a sign-in meets them. */
export const IDX_STEPS: readonly IdxStep[] = [
  // --- identify --------------------------------------------------------------------------------
  { id: 'identify', org: 'default', reach: async (h) => ({ status: 200, doc: (await begin(h)).doc }) },
  { id: 'identify-with-password', org: 'password-on-identify', reach: async (h) => ({ status: 200, doc: (await begin(h)).doc }) },
  // "Keep me signed in" ticked by the org's default.
  { id: 'identify-remember-me', org: 'keep-me-signed-in-by-default', reach: async (h) => ({ status: 200, doc: (await begin(h)).doc }) },
  {
    id: 'registration-unavailable',
    org: 'no-registration',
    reach: async (h) => {
      const { doc } = await begin(h);
      const res = await h.app.request('/idp/idx/enroll', json({ stateHandle: doc.stateHandle }));
      return { status: res.status, doc: (await res.json()) as IdxDoc };
    },
  },
  {
    id: 'identify-unknown-user',
    org: 'no-enumeration-prevention',
    reach: async (h) => identified(h, `nobody.${Date.now().toString(36)}@example.test`),
  },
  {
    id: 'identify-access-denied',
    org: 'deny-rule',
    reach: async (h) => {
      const user = await makeUser(h);
      await joinGroup(h, user.id, DENIED_GROUP);
      return identified(h, user.profile.login);
    },
  },
  // --- password ---------------------------------------------------------------------------------
  { id: 'challenge-password', org: 'default', reach: async (h) => identified(h, (await makeUser(h)).profile.login) },
  {
    id: 'challenge-password-wrong',
    org: 'default',
    reach: async (h) =>
      remediate(h, (await identified(h, (await makeUser(h)).profile.login)).doc, 'challenge-authenticator', {
        credentials: { passcode: 'Not-The-Passw0rd' },
      }),
  },
  {
    id: 'reenroll-password',
    org: 'default',
    reach: async (h) => {
      const user = await makeUser(h);
      const res = await h.app.request(`/api/v1/users/${user.id}/lifecycle/expire_password`, {
        method: 'POST',
        headers: { Authorization: `SSWS ${h.config.apiTokens[0]}`, Accept: 'application/json' },
      });
      if (res.status !== 200) throw new Error(`expire_password: ${res.status}`);
      return afterPassword(h, user.profile.login);
    },
  },
  // --- registration ---------------------------------------------------------------------------
  { id: 'enroll-profile', org: 'default', reach: toProfileForm },
  {
    id: 'enroll-profile-invalid-email',
    org: 'default',
    reach: async (h) =>
      remediate(h, (await toProfileForm(h)).doc, 'enroll-profile', {
        userProfile: { email: 'not-an-email', firstName: 'A', lastName: 'B' },
      }),
  },
  {
    id: 'enroll-profile-email-exists',
    org: 'default',
    reach: async (h) => {
      const taken = (await makeUser(h)).profile.email;
      return remediate(h, (await toProfileForm(h)).doc, 'enroll-profile', { userProfile: { email: taken, firstName: 'A', lastName: 'B' } });
    },
  },
  { id: 'enroll-profile-with-username', org: 'username-on-form', reach: toProfileForm },
  {
    id: 'enroll-profile-username-exists',
    org: 'username-on-form',
    reach: async (h) => {
      const login = `taken.${Date.now().toString(36)}.${++registrants}`;
      await manage(h, 'POST', '/users?activate=false', { profile: { login, email: newEmail(), firstName: 'A', lastName: 'B' } });
      return remediate(h, (await toProfileForm(h)).doc, 'enroll-profile', {
        userProfile: { email: newEmail(), firstName: 'A', lastName: 'B', login },
      });
    },
  },
  { id: 'enroll-profile-with-password', org: 'password-on-form', reach: toProfileForm },
  {
    id: 'enroll-profile-password-weak',
    org: 'password-on-form',
    reach: async (h) =>
      remediate(h, (await toProfileForm(h)).doc, 'enroll-profile', {
        userProfile: { email: newEmail(), firstName: 'Ada', lastName: 'Contract' },
        credentials: { passcode: 'short' },
      }),
  },
  {
    // The password set on the form: the email is next (the password enrollment is skipped).
    id: 'enroll-email-after-profile-password',
    org: 'password-on-form',
    reach: async (h) =>
      remediate(h, (await toProfileForm(h)).doc, 'enroll-profile', {
        userProfile: { email: newEmail(), firstName: 'Ada', lastName: 'Contract' },
        credentials: { passcode: 'Registr-Passw0rd-9' },
      }),
  },
  { id: 'enroll-password', org: 'default', reach: toRegistrationPassword },
  {
    id: 'enroll-password-common',
    org: 'default',
    reach: async (h) =>
      remediate(h, (await toRegistrationPassword(h)).doc, 'enroll-authenticator', { credentials: { passcode: 'Password123' } }),
  },
  // The registration inline hook denies the registrant, with a cause on the email field (Okta's errorCauses).
  {
    id: 'enroll-profile-hook-denied',
    org: 'registration-hook',
    reach: async (h) =>
      expectStatus(
        await remediate(h, (await toProfileForm(h)).doc, 'enroll-profile', {
          userProfile: { email: newEmail().replace('example.test', 'denied.example'), firstName: 'Ada', lastName: 'Denied' },
        }),
        400,
        'denied by the registration inline hook',
      ),
  },
  // The registration inline hook fails (a 500): Okta's error-account-creation terminal, registration.error.generic.
  {
    id: 'registration-failed',
    org: 'registration-hook',
    reach: async (h) =>
      expectStatus(
        await remediate(h, (await toProfileForm(h)).doc, 'enroll-profile', {
          userProfile: { email: newEmail().replace('example.test', 'broken.example'), firstName: 'Ada', lastName: 'Broken' },
        }),
        200,
        'a failing registration inline hook',
      ),
  },
  {
    id: 'terminal-registration',
    org: 'activation-email',
    reach: async (h) =>
      remediate(h, (await toRegistrationPassword(h)).doc, 'enroll-authenticator', { credentials: { passcode: 'Registr-Passw0rd-9' } }),
  },
  // --- choosing what to set up ------------------------------------------------------------------
  { id: 'select-authenticator-enroll-optional', org: 'default', reach: async (h) => (await toOptionalList(h)).reply },
  {
    id: 'select-authenticator-enroll-required',
    org: 'mfa-choice',
    reach: async (h) => afterPassword(h, (await makeUser(h)).profile.login),
  },
  // --- enrollments ------------------------------------------------------------------------------
  { id: 'enroll-email', org: 'default', reach: async (h) => (await toEmailEnrollment(h)).reply },
  {
    id: 'enroll-email-wrong',
    org: 'default',
    reach: async (h) => {
      const { user, reply } = await toEmailEnrollment(h);
      const code = await latestCode(h, user.profile.email);
      return remediate(h, reply.doc, 'enroll-authenticator', { credentials: { passcode: wrongCode(code) } });
    },
  },
  { id: 'enroll-email-alphanumeric', org: 'alphanumeric-codes', reach: async (h) => (await toEmailEnrollment(h)).reply },
  // An API-created user's first sign-in, after the password, with enroll-email-first: "Send me an email".
  // Recorded on the Okta-hosted page (its `authentication.value.request` has `display` and `response_mode`).
  { id: 'enroll-email-data', org: 'enroll-email-first', reach: async (h) => afterPasswordHosted(h, (await makeUser(h)).profile.login) },
  {
    id: 'enroll-google-otp',
    org: 'default',
    reach: async (h) => pickToEnroll(h, (await toOptionalListWith(h, ['security_question'])).doc, 'google_otp'),
  },
  {
    id: 'enroll-google-otp-wrong',
    org: 'default',
    reach: async (h) => {
      const form = await pickToEnroll(h, (await toOptionalListWith(h, ['security_question'])).doc, 'google_otp');
      const right = totpAt(form.doc.currentAuthenticator.value.contextualData.sharedSecret as string, h.clock.now());
      return remediate(h, form.doc, 'enroll-authenticator', { credentials: { passcode: wrongCode(right) } });
    },
  },
  {
    id: 'enroll-security-question',
    org: 'default',
    reach: async (h) => pickToEnroll(h, (await toOptionalList(h)).reply.doc, 'security_question'),
  },
  {
    id: 'enroll-security-question-short',
    org: 'default',
    reach: async (h) => {
      const form = await pickToEnroll(h, (await toOptionalList(h)).reply.doc, 'security_question');
      return remediate(h, form.doc, 'enroll-authenticator', { credentials: { questionKey: 'disliked_food', answer: 'ab' } });
    },
  },
  { id: 'enroll-phone-data', org: 'default', reach: async (h) => pickToEnroll(h, (await toOptionalList(h)).reply.doc, 'phone_number') },
  {
    id: 'enroll-phone-data-invalid',
    org: 'default',
    reach: async (h) => {
      const list = (await toOptionalList(h)).reply.doc;
      const form = await pickToEnroll(h, list, 'phone_number');
      const id = optionId(list, 'select-authenticator-enroll', 'phone_number');
      return remediate(h, form.doc, 'authenticator-enrollment-data', { authenticator: { id, methodType: 'sms', phoneNumber: '+1 555' } });
    },
  },
  {
    id: 'enroll-phone',
    org: 'default',
    reach: async (h) => {
      const list = (await toOptionalList(h)).reply.doc;
      const form = await pickToEnroll(h, list, 'phone_number');
      const id = optionId(list, 'select-authenticator-enroll', 'phone_number');
      return remediate(h, form.doc, 'authenticator-enrollment-data', {
        authenticator: { id, methodType: 'sms', phoneNumber: nextPhone() },
      });
    },
  },
  { id: 'enroll-webauthn', org: 'default', reach: async (h) => pickToEnroll(h, (await toOptionalList(h)).reply.doc, 'webauthn') },
  // --- challenges -------------------------------------------------------------------------------
  {
    id: 'select-authenticator-authenticate',
    org: 'default',
    reach: async (h) => afterPassword(h, (await userWith(h, ['google_otp', 'phone_number', 'security_question'])).profile.login),
  },
  { id: 'challenge-email', org: 'default', reach: async (h) => afterPassword(h, (await userWith(h, [])).profile.login) },
  { id: 'challenge-data-email', org: 'send-email-first', reach: async (h) => afterPassword(h, (await userWith(h, [])).profile.login) },
  {
    id: 'keep-me-signed-in',
    org: 'stay-signed-in',
    reach: async (h) => {
      const user = await userWith(h, []);
      const challenge = await afterPassword(h, user.profile.login);
      const code = await latestCode(h, user.profile.email);
      return remediate(h, challenge.doc, 'challenge-authenticator', { credentials: { passcode: code } });
    },
  },
  {
    // The same, on the Okta-hosted page (`/v1/authorize`): its `authentication` echoes the redirect request.
    id: 'keep-me-signed-in-hosted',
    org: 'stay-signed-in',
    reach: async (h) => {
      const user = await userWith(h, []);
      const challenge = await remediate(h, (await beginHosted(h)).doc, 'identify', { identifier: user.profile.login });
      const email = await remediate(h, challenge.doc, 'challenge-authenticator', { credentials: { passcode: PASSWORD } });
      const code = await latestCode(h, user.profile.email);
      return remediate(h, email.doc, 'challenge-authenticator', { credentials: { passcode: code } });
    },
  },
  { id: 'unlock-account', org: 'unlock', reach: async (h) => remediate(h, (await begin(h)).doc, 'unlock-account', {}) },
  {
    id: 'challenge-email-wrong',
    org: 'default',
    reach: async (h) => {
      const user = await userWith(h, []);
      const challenge = await afterPassword(h, user.profile.login);
      const code = await latestCode(h, user.profile.email);
      return remediate(h, challenge.doc, 'challenge-authenticator', { credentials: { passcode: wrongCode(code) } });
    },
  },
  {
    // The password's too many attempts, told ("Show lock out failures"): the factor suspended, the form kept.
    id: 'challenge-password-locked',
    org: 'shown-lockout',
    reach: async (h) => {
      const challenge = await identified(h, (await makeUser(h)).profile.login);
      const wrong = (n: number) =>
        remediate(h, challenge.doc, 'challenge-authenticator', { credentials: { passcode: `Wrong-Passw0rd-${n}` } });
      expectStatus(await wrong(1), 401, 'first wrong password');
      expectStatus(await wrong(2), 401, 'second wrong password');
      return expectStatus(await wrong(3), 403, 'the lockout');
    },
  },
  { id: 'challenge-google-otp', org: 'default', reach: async (h) => (await toChallenge(h, 'google_otp')).reply },
  {
    id: 'challenge-google-otp-wrong',
    org: 'default',
    reach: async (h) => {
      const { reply } = await toChallenge(h, 'google_otp');
      return remediate(h, reply.doc, 'challenge-authenticator', { credentials: { passcode: 'abcdef' } });
    },
  },
  {
    id: 'challenge-suspended',
    org: 'default',
    reach: async (h) => {
      const { reply } = await toChallenge(h, 'google_otp');
      let last: StepReply = reply;
      for (let i = 0; i < h.config.codes.maxFailures; i++) {
        last = await remediate(h, reply.doc, 'challenge-authenticator', { credentials: { passcode: 'abcdef' } });
      }
      return last;
    },
  },
  { id: 'challenge-security-question', org: 'default', reach: async (h) => (await toChallenge(h, 'security_question')).reply },
  { id: 'challenge-phone', org: 'default', reach: async (h) => (await toChallenge(h, 'phone_number')).reply },
  {
    id: 'challenge-phone-wrong',
    org: 'default',
    reach: async (h) => {
      const { reply } = await toChallenge(h, 'phone_number');
      const phone = (await h.ctx.store.outbox({ limit: 1 }))[0];
      return remediate(h, reply.doc, 'challenge-authenticator', { credentials: { passcode: wrongCode(phone?.code ?? '') } });
    },
  },
  { id: 'challenge-webauthn', org: 'default', reach: async (h) => (await toChallenge(h, 'webauthn')).reply },
  {
    id: 'too-many-requests',
    org: 'default',
    reach: async (h) => {
      const challenge = await afterPassword(h, (await userWith(h, [])).profile.login);
      let last: StepReply = challenge;
      for (let i = 0; i <= h.config.codes.maxSends && last.status !== 429; i++) {
        last = await action(h, challenge.doc, 'currentAuthenticatorEnrollment', 'resend');
      }
      return last;
    },
  },
  // --- recovery ---------------------------------------------------------------------------------
  {
    id: 'identify-recovery',
    org: 'password-on-identify',
    reach: async (h) => action(h, (await begin(h)).doc, 'currentAuthenticator', 'recover'),
  },
  { id: 'recovery-challenge-email', org: 'default', reach: async (h) => forgotPassword(h, (await makeUser(h)).profile.login) },
  {
    id: 'recovery-select-authenticator',
    org: 'default',
    reach: async (h) => forgotPassword(h, (await userWith(h, ['phone_number'])).profile.login),
  },
  { id: 'recovery-not-allowed', org: 'no-recovery', reach: async (h) => forgotPassword(h, (await makeUser(h)).profile.login) },
  { id: 'reset-password', org: 'default', reach: async (h) => (await toResetPassword(h)).reply },
  {
    id: 'reset-password-weak',
    org: 'default',
    reach: async (h) => remediate(h, (await toResetPassword(h)).reply.doc, 'reset-authenticator', { credentials: { passcode: 'short' } }),
  },
  {
    id: 'reset-password-done',
    org: 'reset-then-sign-in',
    reach: async (h) =>
      remediate(h, (await toResetPassword(h)).reply.doc, 'reset-authenticator', { credentials: { passcode: 'Fresh-Meadow-73' } }),
  },
  // --- the end ----------------------------------------------------------------------------------
  {
    id: 'success',
    org: 'default',
    reach: async (h) => {
      const user = await makeUser(h);
      const done = await signIn(h, user.profile.login);
      return { status: 200, doc: done.doc };
    },
  },
  {
    // The Okta-hosted page's ending: `success-redirect` to `/login/token/redirect`, no interaction code.
    id: 'success-hosted',
    org: 'default',
    reach: async (h) => {
      const user = await userWith(h, []);
      const email = await afterPasswordHosted(h, user.profile.login);
      return remediate(h, email.doc, 'challenge-authenticator', { credentials: { passcode: await latestCode(h, user.profile.email) } });
    },
  },
  // An app for assigned users only: everything proven, then Okta's terminal.
  { id: 'access-denied', org: 'assigned-app', reach: async (h) => afterPassword(h, (await makeUser(h)).profile.login) },
  {
    id: 'session-expired',
    org: 'clock-control',
    reach: async (h) => {
      const { interactionHandle } = await begin(h);
      const expired = await h.app.request('/dev/api/clock/expire-transaction', {
        method: 'POST',
        headers: { Authorization: `SSWS ${h.config.apiTokens[0]}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ interactionHandle }),
      });
      if (expired.status !== 200) throw new Error(`expire-transaction: ${expired.status}`);
      const res = await h.app.request('/idp/idx/introspect', json({ interactionHandle }));
      return { status: res.status, doc: (await res.json()) as IdxDoc };
    },
  },
  {
    id: 'bad-request',
    org: 'default',
    reach: async (h) => {
      const { doc } = await begin(h);
      const res = await h.app.request('/idp/idx/identify', json({ stateHandle: doc.stateHandle, identifier: { not: 'a string' } }));
      return { status: res.status, doc: (await res.json()) as IdxDoc };
    },
  },
];

export function idxStep(id: string): IdxStep {
  const step = IDX_STEPS.find((s) => s.id === id);
  if (!step) throw new Error(`no IDX step ${id}`);
  return step;
}

/** One in-process org per variant, started when first needed. */
/** The inline hook of the 'registration-hook' org: a real external service (devorg/testing/hook-server.ts). */
const REGISTRATION_HOOK_ID = 'calidxstepsregist001';

/** An org whose registration inline hook is a local service judging registrants by email domain (`emailDomainRule`). */
async function registrationHookOrg(server: HookServer): Promise<Harness> {
  return startHarness({
    policies: { ...DEFAULTS.policies, registrationInlineHook: REGISTRATION_HOOK_ID },
    // No retry: a failing service fails at once (the retry is the flow test's).
    inlineHookCalls: { timeoutMs: 3000, maxAttempts: 1 },
    inlineHooks: [
      {
        id: REGISTRATION_HOOK_ID,
        name: 'Registration rules',
        type: 'com.okta.user.pre-registration',
        version: '1.0.0',
        channel: { type: 'HTTP', version: '1.0.0', config: { uri: `${server.origin}/registration` } },
      },
    ],
  });
}

export class StepDriver {
  private readonly orgs = new Map<OrgVariant, Promise<Harness>>();
  private hookServer: Promise<HookServer> | undefined;

  harness(variant: OrgVariant): Promise<Harness> {
    let h = this.orgs.get(variant);
    if (!h) {
      if (variant === 'registration-hook') {
        this.hookServer ??= startHookServer(emailDomainRule);
        h = this.hookServer.then(registrationHookOrg);
      } else h = startHarness(ORG[variant]);
      this.orgs.set(variant, h);
    }
    return h;
  }

  async reach(id: string): Promise<StepReply> {
    const step = idxStep(id);
    return step.reach(await this.harness(step.org));
  }

  async close(): Promise<void> {
    for (const h of this.orgs.values()) (await h).close();
    this.orgs.clear();
    if (this.hookServer) await (await this.hookServer).close();
    this.hookServer = undefined;
  }
}
