/**
 * The password on the registration form (`policies.enrollAuthenticatorTypes: ["password"]`, Okta's
 * profile enrollment "Password" setting): `enroll-profile` carries `credentials.passcode` related to the
 * password authenticator, the password policy judges it with the rest of the form, and the separate
 * password enrollment is skipped. Through the org's public routes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig } from '../config';
import { begin, exchange, makeUser, remediate, signIn, startHarness, type Harness, type IdxDoc } from '../testing/harness';

const DEFAULTS = defaultConfig();
const NEW_PASSWORD = 'Quiet-Lantern-42';

let h: Harness;
let withUsername: Harness;
beforeAll(async () => {
  h = await startHarness({ policies: { ...DEFAULTS.policies, enrollAuthenticatorTypes: ['password'] } });
  withUsername = await startHarness({
    policies: {
      ...DEFAULTS.policies,
      enrollAuthenticatorTypes: ['password'],
      profileAttributes: [...DEFAULTS.policies.profileAttributes, { name: 'login', label: 'Username', required: true, maxLength: 100 }],
    },
    userSchema: { loginPattern: '.+' },
  });
});
afterAll(() => {
  h.close();
  withUsername.close();
});

let n = 0;
const newEmail = () => `pw${++n}.${Date.now().toString(36)}@example.test`;
const names = (doc: IdxDoc) => (doc.remediation?.value ?? []).map((r: IdxDoc) => r.name as string);

function field(doc: IdxDoc, parent: string, child: string): IdxDoc {
  const form = doc.remediation.value.find((r: IdxDoc) => r.name === 'enroll-profile');
  return form.value.find((f: IdxDoc) => f.name === parent).form.value.find((f: IdxDoc) => f.name === child);
}
const messagesOf = (doc: IdxDoc, parent: string, child: string): string[] =>
  (field(doc, parent, child).messages?.value ?? []).map((m: IdxDoc) => m.message);

async function profileForm(org: Harness) {
  return remediate(org, (await begin(org)).doc, 'select-enroll-profile', {});
}

describe('the password on the registration form', () => {
  it('is offered as Okta sends it: credentials.passcode related to the password authenticator and its policy', async () => {
    const form = await profileForm(h);
    const enroll = form.doc.remediation.value.find((r: IdxDoc) => r.name === 'enroll-profile');
    expect(enroll.value.map((f: IdxDoc) => f.name)).toEqual(['userProfile', 'credentials', 'stateHandle']);
    const credentials = enroll.value.find((f: IdxDoc) => f.name === 'credentials');
    expect(credentials).toEqual({
      name: 'credentials',
      type: 'object',
      required: true,
      form: { value: [{ name: 'passcode', label: 'Enter Password', required: true, secret: true }] },
      relatesTo: '$.currentAuthenticator',
    });
    const current = form.doc.currentAuthenticator.value;
    expect(current).toMatchObject({ key: 'okta_password', type: 'password', methods: [{ type: 'password' }] });
    expect(current.settings.complexity).toMatchObject({ minLength: 8, minLowerCase: 1, minUpperCase: 1, minNumber: 1 });
    expect(current.settings.age).toMatchObject({ historyCount: expect.any(Number) });
  });

  it('is not on the form of an org without the setting', async () => {
    const other = await startHarness({ policies: DEFAULTS.policies });
    try {
      const form = await profileForm(other);
      expect(form.doc.remediation.value[0].value.map((f: IdxDoc) => f.name)).toEqual(['userProfile', 'stateHandle']);
      expect(form.doc.currentAuthenticator).toBeUndefined();
    } finally {
      other.close();
    }
  });

  it('signs up with the password set on the form: the email comes next, never the password form, and the password signs in', async () => {
    const email = newEmail();
    const form = await profileForm(h);
    const submitted = await remediate(h, form.doc, 'enroll-profile', {
      userProfile: { email, firstName: 'Ida', lastName: 'Noddack' },
      credentials: { passcode: NEW_PASSWORD },
    });
    expect(submitted.status).toBe(200);
    expect(submitted.doc.currentAuthenticator.value.key).toBe('okta_email');
    expect(names(submitted.doc)).toContain('enroll-authenticator');
    expect(await h.ctx.store.userByLogin(email)).toBeUndefined();

    const [sent] = await h.ctx.store.outbox({ to: email, limit: 1 });
    const listed = await remediate(h, submitted.doc, 'enroll-authenticator', { credentials: { passcode: sent!.code } });
    // The password is not among what is left to set up.
    expect(JSON.stringify(listed.doc.authenticators?.value ?? [])).not.toContain('okta_password');
    const done = await remediate(h, listed.doc, 'skip', {});
    expect(done.doc.successWithInteractionCode).toBeDefined();

    const again = await signIn(h, email, NEW_PASSWORD);
    expect((await exchange(h, again.code, again.verifier)).status).toBe(200);
  });

  it("refuses a password the policy doesn't allow under the field, with the profile's problems at once, and stores nothing", async () => {
    const form = await profileForm(h);
    const weak = await remediate(h, form.doc, 'enroll-profile', {
      userProfile: { email: 'not-an-email', firstName: 'Ida', lastName: 'Noddack' },
      credentials: { passcode: 'short' },
    });
    expect(weak.status).toBe(400);
    expect(names(weak.doc)).toEqual(['enroll-profile', 'select-identify']);
    const [message] = field(weak.doc, 'credentials', 'passcode').messages.value;
    expect(message.i18n.key).toBe('password.passwordRequirementsNotMet');
    expect(message.message).toMatch(/^Password requirements were not met\. Password requirements: at least 8 characters, .*uppercase/);
    expect(messagesOf(weak.doc, 'userProfile', 'email')).toEqual([
      "'Email' must be in the form of an email address",
      "Provided value for property 'Email' does not match required pattern",
    ]);
    // Still the form, still with the password authenticator it relates to.
    expect(weak.doc.currentAuthenticator.value.key).toBe('okta_password');

    const common = await remediate(h, weak.doc, 'enroll-profile', {
      userProfile: { email: newEmail(), firstName: 'Ida', lastName: 'Noddack' },
      credentials: { passcode: 'Password123' },
    });
    expect(messagesOf(common.doc, 'credentials', 'passcode')).toEqual([
      'This password was found in a list of commonly used passwords. Please try another password.',
    ]);
    const named = await remediate(h, weak.doc, 'enroll-profile', {
      userProfile: { email: newEmail(), firstName: 'Ida', lastName: 'Noddack' },
      credentials: { passcode: 'Noddack-Rhenium-75' },
    });
    expect(messagesOf(named.doc, 'credentials', 'passcode')[0]).toMatch(/last name/);
  });

  it('calls a missing password a blank field, and a non-string one a malformed request', async () => {
    const form = await profileForm(h);
    const profile = { email: newEmail(), firstName: 'Ida', lastName: 'Noddack' };
    const missing = await remediate(h, form.doc, 'enroll-profile', { userProfile: profile });
    expect(missing.status).toBe(400);
    expect(messagesOf(missing.doc, 'credentials', 'passcode')).toEqual(['This field cannot be left blank']);
    const malformed = await remediate(h, form.doc, 'enroll-profile', { userProfile: profile, credentials: { passcode: 12345678 } });
    expect(malformed.status).toBe(400);
    expect(malformed.doc.messages.value[0]).toMatchObject({ message: 'Bad request.', i18n: { key: 'E0000020' } });
  });

  it('with email verification by an activation email, ends at "check your email" right after the form', async () => {
    const org = await startHarness({
      policies: { ...DEFAULTS.policies, enrollAuthenticatorTypes: ['password'], registrationActivation: 'email' },
    });
    try {
      const email = newEmail();
      const submitted = await remediate(org, (await profileForm(org)).doc, 'enroll-profile', {
        userProfile: { email, firstName: 'Ida', lastName: 'Noddack' },
        credentials: { passcode: NEW_PASSWORD },
      });
      expect(submitted.status).toBe(200);
      expect(submitted.doc.messages.value.map((m: IdxDoc) => m.i18n.key)).toEqual(['idx.email.verification.required']);
      expect(submitted.doc.remediation).toBeUndefined();
      const user = await org.ctx.store.userByLogin(email);
      expect(user?.status).toBe('PROVISIONED');
      expect(user?.passwordHash).toBeTruthy();
      const [mail] = await org.ctx.store.outbox({ to: email, limit: 1 });
      expect(mail).toMatchObject({ purpose: 'activation' });
    } finally {
      org.close();
    }
  });

  it('keeps the password away from the Username when the form has one, and reports a taken login without keeping the password', async () => {
    const form = await profileForm(withUsername);
    const login = `noether${Date.now().toString(36)}`;
    const weak = await remediate(withUsername, form.doc, 'enroll-profile', {
      userProfile: { email: newEmail(), firstName: 'Emmy', lastName: 'N', login },
      credentials: { passcode: `Xy1-${login}` },
    });
    expect(messagesOf(weak.doc, 'credentials', 'passcode')[0]).toMatch(/no parts of your username/);

    const existing = await makeUser(withUsername);
    const taken = await remediate(withUsername, form.doc, 'enroll-profile', {
      userProfile: { email: newEmail(), firstName: 'Emmy', lastName: 'N', login: existing.profile.login },
      credentials: { passcode: NEW_PASSWORD },
    });
    expect(taken.status).toBe(400);
    expect(messagesOf(taken.doc, 'userProfile', 'login')).toEqual(['A user with this Username already exists']);
    expect(messagesOf(taken.doc, 'credentials', 'passcode')).toEqual([]);
    // Corrected: the same form goes on to the email, with the password set.
    const email = newEmail();
    const fixed = await remediate(withUsername, taken.doc, 'enroll-profile', {
      userProfile: { email, firstName: 'Emmy', lastName: 'N', login },
      credentials: { passcode: NEW_PASSWORD },
    });
    expect(fixed.status).toBe(200);
    expect(fixed.doc.currentAuthenticator.value.key).toBe('okta_email');
    expect(fixed.doc.user.value.identifier).toBe(login);
  });
});
