/**
 * The phone authenticator as Okta's replies show it: SMS or a voice call chosen at enrollment and at
 * each challenge (`methodType`), the masked number on its enrollment, enrollment ids distinct from the
 * authenticator's (`enrollmentId`, `authenticatorEnrollments[].id` beside `authenticatorId`), and the
 * SMS and call limits (`errors.E0000150` / `E0000151`, no form).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json } from '../testing/harness';
import {
  begin,
  latestCode,
  makeUser,
  ORG_POLICIES,
  PASSWORD,
  remediate,
  startHarness,
  type Harness,
  type IdxDoc,
} from '../testing/harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness(ORG_POLICIES);
});
afterAll(() => h.close());

const names = (doc: IdxDoc) => (doc.remediation?.value ?? []).map((r: IdxDoc) => r.name);
const remediationOf = (doc: IdxDoc, name: string) => doc.remediation.value.find((r: IdxDoc) => r.name === name);
const fieldOf = (fields: IdxDoc[], name: string) => fields.find((f) => f.name === name);

/** The `resend` form of the current authenticator (enrollment or challenge), posted as the widget does. */
async function resend(doc: IdxDoc) {
  const form = (doc.currentAuthenticator ?? doc.currentAuthenticatorEnrollment).value.resend;
  const res = await h.app.request(new URL(form.href).pathname, json({ stateHandle: doc.stateHandle }));
  return { status: res.status, doc: (await res.json()) as IdxDoc };
}

async function password(login: string) {
  const start = await begin(h);
  const challenge = await remediate(h, start.doc, 'identify', { identifier: login });
  return remediate(h, challenge.doc, 'challenge-authenticator', { credentials: { passcode: PASSWORD } });
}

/** First sign-in: the email, then the phone picked from the optional list, its data form answered with `methodType`. */
async function enrollPhone(number: string, methodType: string) {
  const user = await makeUser(h);
  const after = await password(user.profile.login);
  const offered = await remediate(h, after.doc, 'enroll-authenticator', {
    credentials: { passcode: await latestCode(h, user.profile.email) },
  });
  const option = remediationOf(offered.doc, 'select-authenticator-enroll').value[0].options.find((o: IdxDoc) => o.label === 'Phone');
  const id = fieldOf(option.value.form.value, 'id')?.value as string;
  const data = await remediate(h, offered.doc, 'select-authenticator-enroll', { authenticator: { id } });
  const sent = await remediate(h, data.doc, 'authenticator-enrollment-data', { authenticator: { id, methodType, phoneNumber: number } });
  return { user, id, data, sent };
}

describe('phone: the number with the pick (auth-js posts it from the option Okta offers)', () => {
  it('the option carries an optional phoneNumber; posted with the pick, the code goes out at once; a bad one stays on the data form', async () => {
    const user = await makeUser(h);
    const after = await password(user.profile.login);
    const offered = await remediate(h, after.doc, 'enroll-authenticator', {
      credentials: { passcode: await latestCode(h, user.profile.email) },
    });
    const option = remediationOf(offered.doc, 'select-authenticator-enroll').value[0].options.find((o: IdxDoc) => o.label === 'Phone');
    expect(fieldOf(option.value.form.value, 'phoneNumber')).toEqual({
      name: 'phoneNumber',
      label: 'Phone number',
      required: false,
      type: 'string',
    });
    const id = fieldOf(option.value.form.value, 'id')?.value as string;

    const bad = await remediate(h, offered.doc, 'select-authenticator-enroll', {
      authenticator: { id, methodType: 'sms', phoneNumber: '+1 555' },
    });
    expect(bad.status).toBe(400);
    expect(bad.doc.messages.value[0].i18n.key).toBe('api.factors.error.sms.invalid_phone');
    expect(names(bad.doc)).toContain('authenticator-enrollment-data');

    const number = '+14155550177';
    const sent = await remediate(h, bad.doc, 'select-authenticator-enroll', {
      authenticator: { id, methodType: 'voice', phoneNumber: number },
    });
    expect(sent.status).toBe(200);
    expect(names(sent.doc)).toContain('enroll-authenticator');
    const [message] = await h.ctx.store.outbox({ limit: 1 });
    expect(message).toMatchObject({ to: number, kind: 'voice' });
  });
});

describe('phone: SMS and voice', () => {
  it('the data form offers SMS and a voice call; a call reads the code out (outbox kind voice)', async () => {
    const number = '+14155550142';
    const { user, id, data, sent } = await enrollPhone(number, 'voice');
    const methodType = fieldOf(remediationOf(data.doc, 'authenticator-enrollment-data').value[0].form.value, 'methodType');
    expect(methodType?.options).toEqual([
      { label: 'SMS', value: 'sms' },
      { label: 'Voice call', value: 'voice' },
    ]);
    expect(sent.status).toBe(200);
    // The enrollment names the method chosen, as Okta's enroll-authenticator does, and what is being set up.
    expect(sent.doc.currentAuthenticator.value).toMatchObject({ key: 'phone_number', id, methods: [{ type: 'voice' }] });
    expect(sent.doc.enrollmentAuthenticator.value).toMatchObject({ key: 'phone_number', id, methods: [{ type: 'voice' }] });
    // The email set up before it is among the enrollments, under its own id.
    const email = sent.doc.authenticatorEnrollments.value.find((e: IdxDoc) => e.key === 'okta_email');
    expect(email.id).toMatch(/^eml/);
    expect(email.id).not.toBe(email.authenticatorId);
    const [call] = await h.ctx.store.outbox({ to: number, limit: 1 });
    expect(call).toMatchObject({ kind: 'voice', to: number, purpose: 'enrollment' });
    // A resend calls again.
    expect((await resend(sent.doc)).status).toBe(200);
    const [again] = await h.ctx.store.outbox({ to: number, limit: 1 });
    expect(again?.kind).toBe('voice');
    const done = await remediate(h, sent.doc, 'enroll-authenticator', { credentials: { passcode: again?.code } });
    expect(names(done.doc)).toContain('select-authenticator-enroll');
    const stored = (await h.ctx.store.enrollments(user.id)).find((e) => e.authenticator === 'phone_number');
    expect(stored?.profile).toEqual({ phoneNumber: number });
  });

  it('an unknown methodType is refused with a message, the form kept', async () => {
    const { sent: bad } = await enrollPhone('+14155550143', 'carrier-pigeon');
    expect(bad.status).toBe(400);
    expect(await h.ctx.store.outbox({ to: '+14155550143', limit: 1 })).toEqual([]);
    expect(names(bad.doc)).toContain('authenticator-enrollment-data');
  });

  it('at sign-in: the enrollment under its own id with the masked number; the option carries methodType choices and enrollmentId', async () => {
    const number = '+14155550144';
    const { user, id, sent } = await enrollPhone(number, 'sms');
    await remediate(h, sent.doc, 'enroll-authenticator', { credentials: { passcode: await latestCode(h, number) } });
    const stored = (await h.ctx.store.enrollments(user.id)).find((e) => e.authenticator === 'phone_number');
    expect(stored?.id).toMatch(/^sms/);

    const after = await password(user.profile.login);
    const entries: IdxDoc[] = after.doc.authenticatorEnrollments.value;
    const phone = entries.find((e) => e.key === 'phone_number');
    expect(phone).toMatchObject({
      id: stored?.id,
      authenticatorId: id,
      profile: { phoneNumber: '+1 XXX-XXX-0144' },
      methods: [{ type: 'sms' }, { type: 'voice' }],
    });
    // No enrollment is listed under its authenticator's id.
    for (const e of entries) expect(e.id).not.toBe(e.authenticatorId);
    const select = remediationOf(after.doc, 'select-authenticator-authenticate').value[0];
    const index = entries.indexOf(phone as IdxDoc);
    const option = select.options.find((o: IdxDoc) => o.relatesTo === `$.authenticatorEnrollments.value[${index}]`);
    expect(option.value.form.value).toEqual([
      { name: 'id', required: true, value: id, mutable: false, visible: false },
      {
        name: 'methodType',
        type: 'string',
        required: false,
        options: [
          { label: 'SMS', value: 'sms' },
          { label: 'Voice call', value: 'voice' },
        ],
      },
      { name: 'enrollmentId', required: true, value: stored?.id, mutable: false },
    ]);

    // A call picked with the option: the code is read out, and the challenge says so.
    const challenge = await remediate(h, after.doc, 'select-authenticator-authenticate', {
      authenticator: { id, methodType: 'voice', enrollmentId: stored?.id },
    });
    expect(challenge.doc.currentAuthenticatorEnrollment.value).toMatchObject({
      id: stored?.id,
      key: 'phone_number',
      profile: { phoneNumber: '+1 XXX-XXX-0144' },
      methods: [{ type: 'voice' }],
    });
    const [call] = await h.ctx.store.outbox({ to: number, limit: 1 });
    expect(call).toMatchObject({ kind: 'voice', purpose: 'verification' });
    const done = await remediate(h, challenge.doc, 'challenge-authenticator', { credentials: { passcode: call?.code } });
    expect(done.doc.successWithInteractionCode).toBeDefined();
  });

  it('picked without a method (as the widget picks it): "SMS or a call?" first, nothing sent until chosen', async () => {
    const number = '+14155550148';
    const { user, id, sent } = await enrollPhone(number, 'sms');
    await remediate(h, sent.doc, 'enroll-authenticator', { credentials: { passcode: await latestCode(h, number) } });
    const stored = (await h.ctx.store.enrollments(user.id)).find((e) => e.authenticator === 'phone_number');
    const after = await password(user.profile.login);
    await h.ctx.store.clearOutbox(number);
    const how = await remediate(h, after.doc, 'select-authenticator-authenticate', { authenticator: { id, enrollmentId: stored?.id } });
    expect(names(how.doc)).toEqual(['authenticator-verification-data', 'select-authenticator-authenticate']);
    expect(await h.ctx.store.outbox({ to: number, limit: 1 })).toEqual([]);
    expect(how.doc.currentAuthenticatorEnrollment.value).toMatchObject({
      id: stored?.id,
      key: 'phone_number',
      profile: { phoneNumber: '+1 XXX-XXX-0148' },
      methods: [{ type: 'sms' }, { type: 'voice' }],
    });
    const data = remediationOf(how.doc, 'authenticator-verification-data');
    expect(data.relatesTo).toEqual(['$.currentAuthenticatorEnrollment']);
    expect(fieldOf(data.value[0].form.value, 'methodType')?.options.map((o: IdxDoc) => o.value)).toEqual(['sms', 'voice']);
    expect(fieldOf(data.value[0].form.value, 'enrollmentId')?.value).toBe(stored?.id);
    const call = await remediate(h, how.doc, 'authenticator-verification-data', { authenticator: { id, methodType: 'voice' } });
    expect(call.doc.currentAuthenticatorEnrollment.value.methods).toEqual([{ type: 'voice' }]);
    expect((await h.ctx.store.outbox({ to: number, limit: 1 }))[0]).toMatchObject({ kind: 'voice', purpose: 'verification' });
  });

  it('Okta\'s resend beside "SMS or a call?": posted before either, a text goes out (the form\'s first way)', async () => {
    const number = '+14155550149';
    const { user, id, sent } = await enrollPhone(number, 'sms');
    await remediate(h, sent.doc, 'enroll-authenticator', { credentials: { passcode: await latestCode(h, number) } });
    const stored = (await h.ctx.store.enrollments(user.id)).find((e) => e.authenticator === 'phone_number');
    const after = await password(user.profile.login);
    await h.ctx.store.clearOutbox(number);
    const how = await remediate(h, after.doc, 'select-authenticator-authenticate', { authenticator: { id, enrollmentId: stored?.id } });
    const resend = how.doc.currentAuthenticatorEnrollment.value.resend;
    expect(resend).toMatchObject({ name: 'resend', method: 'POST' });
    const res = await h.app.request(new URL(resend.href as string).pathname, json({ stateHandle: how.doc.stateHandle }));
    expect(res.status).toBe(200);
    const challenge = (await res.json()) as IdxDoc;
    expect(names(challenge)).toContain('challenge-authenticator');
    expect((await h.ctx.store.outbox({ to: number, limit: 1 }))[0]).toMatchObject({ kind: 'sms', purpose: 'verification' });
  });

  it('a methodType the authenticator lacks is refused', async () => {
    const number = '+14155550145';
    const { user, id, sent } = await enrollPhone(number, 'sms');
    await remediate(h, sent.doc, 'enroll-authenticator', { credentials: { passcode: await latestCode(h, number) } });
    const after = await password(user.profile.login);
    const res = await remediate(h, after.doc, 'select-authenticator-authenticate', { authenticator: { id, methodType: 'push' } });
    expect(res.status).toBe(400);
    expect(res.doc.messages.value[0].i18n.key).toBe('api.authn.error.invalid_step');
  });

  it("too many texts: Okta's E0000150 with no form; too many calls: E0000151", async () => {
    for (const [methodType, key, message] of [
      ['sms', 'errors.E0000150', 'You have reached the limit of sms requests, please try again later.'],
      ['voice', 'errors.E0000151', 'You have reached the limit of call requests, please try again later.'],
    ] as const) {
      const { sent } = await enrollPhone(methodType === 'sms' ? '+14155550146' : '+14155550147', methodType);
      for (let i = 1; i < h.ctx.config.codes.maxSends; i++) expect((await resend(sent.doc)).status).toBe(200);
      const limited = await resend(sent.doc);
      expect(limited.status).toBe(429);
      expect(limited.doc.messages.value).toEqual([{ message, i18n: { key }, class: 'ERROR' }]);
      expect(limited.doc.remediation).toBeUndefined();
      expect(Object.keys(limited.doc).sort()).toEqual(['expiresAt', 'intent', 'messages', 'stateHandle', 'version']);
    }
  });
});
