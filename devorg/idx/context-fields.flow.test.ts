/**
 * Context fields Okta sends beside the forms: `rememberMe` on the identify form (ticked by the org's
 * keep-me-signed-in-by-default), `step` on the identifier screens, `minLength` on the registration form's
 * required attributes and its `context` action, the registrant's `user.value.profile`, `required`/`visible`
 * on the TOTP code field.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { passwordEnrollmentId } from '../authenticators/password';
import { defaultConfig } from '../config';
import { begin, json, makeUser, ORG_POLICIES, PASSWORD, remediate, startHarness, type Harness, type IdxDoc } from '../testing/harness';

let h: Harness;
let ticked: Harness;
beforeAll(async () => {
  h = await startHarness(ORG_POLICIES);
  const { policies } = defaultConfig();
  ticked = await startHarness({ policies: { ...policies, signOn: { ...policies.signOn, keepMeSignedInByDefault: true } } });
});
afterAll(() => {
  h.close();
  ticked.close();
});

const remediationOf = (doc: IdxDoc, name: string) => doc.remediation.value.find((r: IdxDoc) => r.name === name);
const fieldOf = (fields: IdxDoc[], name: string) => fields.find((f) => f.name === name);

describe('context fields as Okta sends them', () => {
  it('rememberMe: unset on a fresh identify form, as Okta sends it', async () => {
    const start = await begin(h);
    expect(fieldOf(remediationOf(start.doc, 'identify').value, 'rememberMe')).toEqual({
      name: 'rememberMe',
      label: 'Keep me signed in',
      type: 'boolean',
    });
  });

  it('the registration form: minLength 1 on each required attribute, beside maxLength', async () => {
    const start = await begin(h);
    const form = await remediate(h, start.doc, 'select-enroll-profile', {});
    const attributes: IdxDoc[] = remediationOf(form.doc, 'enroll-profile').value[0].form.value;
    expect(attributes.length).toBeGreaterThan(0);
    for (const a of attributes) {
      if (a.required) expect(a).toMatchObject({ minLength: 1, maxLength: expect.any(Number) });
      else expect(a.minLength).toBeUndefined();
    }
  });

  it("rememberMe: ticked (value true) with the org's keep-me-signed-in-by-default, on every identify form", async () => {
    const start = await begin(ticked);
    expect(fieldOf(remediationOf(start.doc, 'identify').value, 'rememberMe')).toEqual({
      name: 'rememberMe',
      label: 'Keep me signed in',
      type: 'boolean',
      value: true,
    });
    // Unticked by the user, then cancelled: the next attempt's form is the org's default again.
    const user = await makeUser(ticked);
    const unticked = await remediate(ticked, start.doc, 'identify', { identifier: user.profile.login, rememberMe: false });
    expect(unticked.status).toBe(200);
    const res = await ticked.app.request(
      new URL(unticked.doc.cancel.href as string).pathname,
      json({ stateHandle: unticked.doc.stateHandle }),
    );
    const cancelled = { doc: (await res.json()) as IdxDoc };
    expect(fieldOf(remediationOf(cancelled.doc, 'identify').value, 'rememberMe')?.value).toBe(true);
  });

  it('step IDENTIFY on the identifier screens, as Okta names them; not on the others', async () => {
    const start = await begin(h);
    expect(start.doc.step).toBe('IDENTIFY');
    const form = await remediate(h, start.doc, 'select-enroll-profile', {});
    expect(form.doc.step).toBeUndefined();
  });

  it("the registration form carries Okta's `context` action; posting it answers the current state and changes nothing", async () => {
    const start = await begin(h);
    const form = await remediate(h, start.doc, 'select-enroll-profile', {});
    expect(form.doc.context).toMatchObject({ rel: ['create-form'], name: 'context', method: 'POST' });
    const res = await h.app.request(new URL(form.doc.context.href as string).pathname, json({ stateHandle: form.doc.stateHandle }));
    expect(res.status).toBe(200);
    const again = (await res.json()) as IdxDoc;
    expect(again.stateHandle).toBe(form.doc.stateHandle);
    expect(again.remediation.value.map((r: IdxDoc) => r.name)).toEqual(form.doc.remediation.value.map((r: IdxDoc) => r.name));
    // Still the registration form: the transaction did not move.
    const registered = await remediate(h, again, 'enroll-profile', {
      userProfile: { email: 'ctx-' + Date.now() + '@example.test', firstName: 'Ada', lastName: 'Lovelace' },
    });
    expect(registered.status).toBe(200);
  });

  it("a registrant's user.value.profile is what they typed (the email as login) with the account's defaults", async () => {
    const start = await begin(h);
    const form = await remediate(h, start.doc, 'select-enroll-profile', {});
    const email = `profile-${Date.now()}@example.test`;
    const next = await remediate(h, form.doc, 'enroll-profile', { userProfile: { email, firstName: 'Ada', lastName: 'Lovelace' } });
    expect(next.doc.user.value).toMatchObject({
      identifier: email,
      profile: { login: email, firstName: 'Ada', lastName: 'Lovelace', locale: 'en_US', timeZone: 'America/Los_Angeles' },
    });
    expect(next.doc.user.value.passwordChanged).toBeUndefined();
  });

  it("beside an enrollment, the user's password is among authenticatorEnrollments, under its enrollment's id", async () => {
    const user = await makeUser(h);
    const start = await begin(h);
    const challenge = await remediate(h, start.doc, 'identify', { identifier: user.profile.login });
    const email = await remediate(h, challenge.doc, 'challenge-authenticator', { credentials: { passcode: PASSWORD } });
    expect(email.doc.currentAuthenticator.value.key).toBe('okta_email');
    const entries: IdxDoc[] = email.doc.authenticatorEnrollments.value;
    const password = entries.find((e) => e.key === 'okta_password');
    expect(password).toMatchObject({ type: 'password', id: passwordEnrollmentId(user), authenticatorId: expect.stringMatching(/^aut/) });
    expect(password?.id).not.toBe(password?.authenticatorId);
  });
});
