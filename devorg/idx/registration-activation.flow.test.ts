/**
 * Self-service registration with "Email verification required before access"
 * (`policies.registrationActivation: "email"`, or the app's): the form and the password, then Okta's
 * terminal "To finish signing in, check your email."; the account waits PROVISIONED until the activation
 * email's link (`/welcome/<token>`) is followed, once, before it expires.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig, type OidcAppConfig } from '../config';
import { begin, remediate, signIn, startHarness, type Harness, type IdxDoc } from '../testing/harness';

const DEFAULTS = defaultConfig();
const PASSWORD = 'Quiet-Lantern-42';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ policies: { ...DEFAULTS.policies, registrationActivation: 'email' }, clockControl: true });
});
afterAll(() => h.close());

let n = 0;
const newEmail = () => `act${++n}.${Date.now().toString(36)}@example.test`;

async function register(org: Harness, email: string) {
  const form = await remediate(org, (await begin(org)).doc, 'select-enroll-profile', {});
  const password = await remediate(org, form.doc, 'enroll-profile', { userProfile: { email, firstName: 'Ada', lastName: 'Pending' } });
  expect(password.doc.currentAuthenticator.value.key).toBe('okta_password');
  return remediate(org, password.doc, 'enroll-authenticator', { credentials: { passcode: PASSWORD } });
}

async function userStatus(org: Harness, login: string): Promise<string | undefined> {
  const res = await org.app.request(`/api/v1/users/${encodeURIComponent(login)}`, {
    headers: { Authorization: `SSWS ${org.config.apiTokens[0]}`, Accept: 'application/json' },
  });
  return res.status === 200 ? ((await res.json()) as IdxDoc).status : undefined;
}

const activationMail = async (org: Harness, to: string) =>
  (await org.ctx.store.outbox({ to, limit: 5 })).find((m) => m.purpose === 'activation');
const follow = (org: Harness, link: string) => org.app.request(new URL(link).pathname);

describe('registration verified by an activation email', () => {
  it('ends on Okta’s "check your email" terminal after the password, with no email code and no tokens', async () => {
    const email = newEmail();
    const done = await register(h, email);
    expect(done.status).toBe(200);
    expect(done.doc.messages.value).toEqual([
      { message: 'To finish signing in, check your email.', i18n: { key: 'idx.email.verification.required' }, class: 'INFO' },
    ]);
    expect(done.doc.user.value.identifier).toBe(email);
    expect(done.doc.remediation).toBeUndefined();
    expect(done.doc.successWithInteractionCode).toBeUndefined();
    expect(await userStatus(h, email)).toBe('PROVISIONED');
    const sent = await h.ctx.store.outbox({ to: email, limit: 5 });
    expect(sent.map((m) => m.purpose)).toEqual(['activation']);
    expect(sent[0]?.link).toMatch(/^http:\/\/localhost:7070\/welcome\/[\w-]{20,}$/);
  });

  it('is not signed in before activation: the account answers as an unknown one does', async () => {
    const email = newEmail();
    await register(h, email);
    const challenge = await remediate(h, (await begin(h)).doc, 'identify', { identifier: email });
    const refused = await remediate(h, challenge.doc, 'challenge-authenticator', { credentials: { passcode: PASSWORD } });
    expect(refused.status).toBe(401);
    expect(refused.doc.messages.value[0].i18n.key).toBe('incorrectPassword');
  });

  it('activates the account once by its link, with the email set up, and then the user signs in', async () => {
    const email = newEmail();
    await register(h, email);
    const link = (await activationMail(h, email))!.link!;
    const page = await follow(h, link);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Your account is activated');
    expect(await userStatus(h, email)).toBe('ACTIVE');
    const user = await h.ctx.store.userByLogin(email);
    expect((await h.ctx.store.enrollments(user!.id)).map((e) => [e.authenticator, e.profile])).toEqual([['okta_email', { email }]]);

    expect((await follow(h, link)).status).toBe(400);
    // The password, then the email code (the email set up by the link): signed in.
    expect((await signIn(h, email, PASSWORD)).code).toBeTruthy();
  });

  it('refuses an expired link and an unknown one, leaving the account waiting', async () => {
    const email = newEmail();
    await register(h, email);
    const link = (await activationMail(h, email))!.link!;
    h.clock.advance(8 * 24 * 60 * 60);
    expect((await follow(h, link)).status).toBe(400);
    expect((await follow(h, `${new URL(link).origin}/welcome/not-a-token`)).status).toBe(400);
    expect(await userStatus(h, email)).toBe('PROVISIONED');
  });
});

describe('an app’s own profile enrollment', () => {
  it('asks for activation by email for that app while the org verifies in the flow', async () => {
    const portal = DEFAULTS.apps[0]!;
    const org = await startHarness({
      policies: DEFAULTS.policies,
      apps: [{ ...portal, registrationActivation: 'email' }, ...DEFAULTS.apps.slice(1)] as OidcAppConfig[],
    });
    try {
      const email = newEmail();
      const done = await register(org, email);
      expect(done.doc.messages.value.map((m: IdxDoc) => m.i18n.key)).toEqual(['idx.email.verification.required']);
      expect(await userStatus(org, email)).toBe('PROVISIONED');
    } finally {
      org.close();
    }
  });
});
