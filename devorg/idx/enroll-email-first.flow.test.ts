/**
 * Enroll-email-first (`policies.enrollment.sendEmailOnRequest`, or a group rule's enrollment): setting up
 * email first shows Okta's `authenticator-enrollment-data` ("Send me an email"), and the code goes out
 * only when the user asks (the form, or its `resend`); then the usual code form.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig } from '../config';
import { begin, latestCode, makeUser, PASSWORD, remediate, startHarness, type Harness, type IdxDoc } from '../testing/harness';

let h: Harness;
beforeAll(async () => {
  const { policies } = defaultConfig();
  h = await startHarness({ policies: { ...policies, enrollment: { ...policies.enrollment, sendEmailOnRequest: true } } });
});
afterAll(() => h.close());

const names = (doc: IdxDoc) => (doc.remediation?.value ?? []).map((r: IdxDoc) => r.name as string);
const sentTo = async (to: string) => (await h.ctx.store.outbox({ to, limit: 100 })).length;

/** An API-created user's first sign-in, after the password: the email is to be set up. */
async function toEmailData() {
  const user = await makeUser(h);
  const challenge = await remediate(h, (await begin(h)).doc, 'identify', { identifier: user.profile.login });
  const data = await remediate(h, challenge.doc, 'challenge-authenticator', { credentials: { passcode: PASSWORD } });
  return { user, data };
}

describe('enroll-email-first (policies.enrollment.sendEmailOnRequest)', () => {
  it('shows authenticator-enrollment-data for the email in Okta’s shape, and sends nothing until asked', async () => {
    const { user, data } = await toEmailData();
    expect(data.status).toBe(200);
    expect(names(data.doc)).toEqual(['authenticator-enrollment-data', 'select-authenticator-enroll']);
    const form = data.doc.remediation.value[0];
    expect(new URL(form.href).pathname).toBe('/idp/idx/credential/enroll');
    expect(form.relatesTo).toEqual(['$.currentAuthenticator']);
    expect(form.value[0].form.value).toEqual([
      { name: 'id', required: true, value: data.doc.currentAuthenticator.value.id, mutable: false },
      { name: 'methodType', type: 'string', required: false, options: [{ label: 'Email', value: 'email' }] },
    ]);
    expect(data.doc.currentAuthenticator.value).toMatchObject({ key: 'okta_email', resend: { name: 'resend' } });
    expect(await sentTo(user.profile.email)).toBe(0);
  });

  it('sends the code when the user asks, then sets the email up with it', async () => {
    const { user, data } = await toEmailData();
    const id = data.doc.currentAuthenticator.value.id as string;
    const code = await remediate(h, data.doc, 'authenticator-enrollment-data', { authenticator: { id, methodType: 'email' } });
    expect(code.status).toBe(200);
    expect(names(code.doc)).toContain('enroll-authenticator');
    expect(await sentTo(user.profile.email)).toBe(1);
    const done = await remediate(h, code.doc, 'enroll-authenticator', {
      credentials: { passcode: await latestCode(h, user.profile.email) },
    });
    expect(done.status).toBe(200);
    expect((await h.ctx.store.enrollments(user.id)).map((e) => e.authenticator)).toContain('okta_email');
  });

  it('sends it too from the resend the step offers (the widget’s form posts no methodType)', async () => {
    const { user, data } = await toEmailData();
    const resend = await h.app.request(new URL(data.doc.currentAuthenticator.value.resend.href).pathname, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: 'http://localhost:8080' },
      body: JSON.stringify({ stateHandle: data.doc.stateHandle }),
    });
    expect(resend.status).toBe(200);
    expect(names((await resend.json()) as IdxDoc)).toContain('enroll-authenticator');
    expect(await sentTo(user.profile.email)).toBe(1);

    const other = await toEmailData();
    const id = other.data.doc.currentAuthenticator.value.id as string;
    const plain = await remediate(h, other.data.doc, 'authenticator-enrollment-data', { authenticator: { id } });
    expect(names(plain.doc)).toContain('enroll-authenticator');
  });

  it('refuses a method the email does not have, with Okta’s message, and sends nothing', async () => {
    const { user, data } = await toEmailData();
    const id = data.doc.currentAuthenticator.value.id as string;
    const refused = await remediate(h, data.doc, 'authenticator-enrollment-data', { authenticator: { id, methodType: 'sms' } });
    expect(refused.status).toBe(400);
    expect(refused.doc.messages.value.map((m: IdxDoc) => m.i18n.key)).toEqual(['api.authn.error.invalid_method_type']);
    expect(await sentTo(user.profile.email)).toBe(0);
  });
});
