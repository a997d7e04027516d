import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig } from '../config';
import {
  begin,
  exchange,
  json,
  latestCode,
  makeUser,
  PASSWORD,
  remediate,
  signIn,
  startHarness,
  type Harness,
  type IdxDoc,
} from '../testing/harness';

let h: Harness;
beforeAll(async () => {
  const { policies } = defaultConfig();
  h = await startHarness({ policies: { ...policies, signOn: { ...policies.signOn, sendEmailOnRequest: true } } });
});
afterAll(() => h.close());

const names = (doc: IdxDoc) => (doc.remediation?.value ?? []).map((r: IdxDoc) => r.name as string);

/** A user with the email authenticator set up (a first sign-in), at the email step of the next one. */
async function toEmailStep() {
  const user = await makeUser(h);
  await signIn(h, user.profile.login);
  const sent = (await h.ctx.store.outbox({ to: user.profile.email, limit: 100 })).length;
  const start = await begin(h);
  const challenge = await remediate(h, start.doc, 'identify', { identifier: user.profile.login });
  const data = await remediate(h, challenge.doc, 'challenge-authenticator', { credentials: { passcode: PASSWORD } });
  return { user, start, data, sent };
}

describe('"Send me an email" first (signOn.sendEmailOnRequest)', () => {
  it("shows authenticator-verification-data in Okta's shape and sends nothing until asked", async () => {
    const { user, data, sent } = await toEmailStep();
    expect(data.status).toBe(200);
    expect(names(data.doc)).toEqual(['authenticator-verification-data', 'select-authenticator-authenticate']);
    const form = data.doc.remediation.value[0];
    expect(new URL(form.href).pathname).toBe('/idp/idx/challenge');
    expect(form.relatesTo).toEqual(['$.currentAuthenticatorEnrollment']);
    const [id, methodType] = form.value[0].form.value;
    // The authenticator's id (as Okta's "aut…"), not the enrollment's.
    expect(id).toMatchObject({
      name: 'id',
      required: true,
      mutable: false,
      value: data.doc.currentAuthenticatorEnrollment.value.authenticatorId ?? expect.stringMatching(/^aut/),
    });
    expect(id.value).not.toBe(data.doc.currentAuthenticatorEnrollment.value.id);
    expect(methodType).toMatchObject({ name: 'methodType', type: 'string', required: true, options: [{ label: 'Email', value: 'email' }] });
    expect(data.doc.currentAuthenticatorEnrollment.value).toMatchObject({ key: 'okta_email', type: 'email' });
    expect(data.doc.currentAuthenticatorEnrollment.value.profile.email).toMatch(/\*/);
    // Okta's `resend` is there already (every recorded verification-data reply has it), yet nothing went out.
    expect(data.doc.currentAuthenticatorEnrollment.value.resend).toMatchObject({ rel: ['create-form'], name: 'resend', method: 'POST' });
    expect((await h.ctx.store.outbox({ to: user.profile.email, limit: 100 })).length).toBe(sent);
  });

  it('resend posted before "Send me an email" sends the code, as the form would', async () => {
    const { user, data, sent } = await toEmailStep();
    const href = new URL(data.doc.currentAuthenticatorEnrollment.value.resend.href as string).pathname;
    const res = await h.app.request(href, json({ stateHandle: data.doc.stateHandle }));
    expect(res.status).toBe(200);
    const challenge = (await res.json()) as IdxDoc;
    expect(names(challenge)).toContain('challenge-authenticator');
    expect((await h.ctx.store.outbox({ to: user.profile.email, limit: 100 })).length).toBe(sent + 1);
    const code = await latestCode(h, user.profile.email);
    const done = await remediate(h, challenge, 'challenge-authenticator', { credentials: { passcode: code } });
    expect(done.status).toBe(200);
  });

  it('"Send me an email" sends the code; the challenge then goes on to success', async () => {
    const { user, start, data, sent } = await toEmailStep();
    const id = data.doc.remediation.value[0].value[0].form.value[0].value as string;
    const challenge = await remediate(h, data.doc, 'authenticator-verification-data', { authenticator: { id, methodType: 'email' } });
    expect(challenge.status).toBe(200);
    expect(names(challenge.doc)).toContain('challenge-authenticator');
    expect(challenge.doc.currentAuthenticatorEnrollment.value.resend).toBeDefined();
    expect((await h.ctx.store.outbox({ to: user.profile.email, limit: 100 })).length).toBe(sent + 1);
    const code = await latestCode(h, user.profile.email);
    let done = await remediate(h, challenge.doc, 'challenge-authenticator', { credentials: { passcode: code } });
    if (names(done.doc).includes('skip')) done = await remediate(h, done.doc, 'skip', {});
    const interaction = done.doc.successWithInteractionCode.value.find((f: IdxDoc) => f.name === 'interaction_code').value as string;
    expect((await exchange(h, interaction, start.verifier)).status).toBe(200);
  });

  it('a code answered before it was asked for is refused; an unknown authenticator id is a 400', async () => {
    const { data } = await toEmailStep();
    const early = await remediate(h, data.doc, 'authenticator-verification-data', { authenticator: { id: 'autNotAnAuthenticator' } });
    expect(early.status).toBe(400);
    expect(early.doc.messages.value[0].class).toBe('ERROR');
    const answer = await h.app.request('/idp/idx/challenge/answer', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ credentials: { passcode: '123456' }, stateHandle: data.doc.stateHandle }),
    });
    expect(answer.status).toBe(400);
  });
});
