import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totpAt } from '../authenticators/lib/totp';
import {
  begin,
  exchange,
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
const code = (doc: IdxDoc) =>
  doc.successWithInteractionCode?.value.find((f: IdxDoc) => f.name === 'interaction_code').value as string | undefined;
const passcodeMessages = (doc: IdxDoc, remediation: string) =>
  (doc.remediation.value.find((r: IdxDoc) => r.name === remediation).value[0].form.value[0].messages?.value ?? []).map(
    (m: IdxDoc) => m.message,
  );

async function password(login: string) {
  const start = await begin(h);
  const challenge = await remediate(h, start.doc, 'identify', { identifier: login });
  return { start, after: await remediate(h, challenge.doc, 'challenge-authenticator', { credentials: { passcode: PASSWORD } }) };
}

/** First sign-in of an API-created user: email enrollment, then (optionally) Google Authenticator. */
async function firstSignIn(withTotp: boolean) {
  const user = await makeUser(h);
  const { start, after } = await password(user.profile.login);
  expect(after.doc.currentAuthenticator.value.key).toBe('okta_email');
  expect(names(after.doc)).toEqual(['enroll-authenticator', 'select-authenticator-enroll']);
  const offered = await remediate(h, after.doc, 'enroll-authenticator', {
    credentials: { passcode: await latestCode(h, user.profile.email) },
  });
  expect(names(offered.doc)).toEqual(['select-authenticator-enroll', 'skip']);
  if (!withTotp) return { user, start, done: await remediate(h, offered.doc, 'skip', {}) };
  const option = offered.doc.remediation.value[0].value[0].options.find((o: IdxDoc) => o.label === 'Google Authenticator');
  const id = option.value.form.value.find((f: IdxDoc) => f.name === 'id').value;
  const enroll = await remediate(h, offered.doc, 'select-authenticator-enroll', { authenticator: { id } });
  const current = enroll.doc.currentAuthenticator.value;
  expect(current.key).toBe('google_otp');
  expect(current.contextualData.qrcode.href).toMatch(/^data:image\/png;base64,/);
  const secret = current.contextualData.sharedSecret as string;
  const wrong = await remediate(h, enroll.doc, 'enroll-authenticator', {
    credentials: { passcode: totpAt(secret, h.clock.now()) === '000000' ? '111111' : '000000' },
  });
  expect(wrong.status).toBe(401);
  expect(passcodeMessages(wrong.doc, 'enroll-authenticator')).toEqual(['Invalid code. Try again.']);
  const enrolled = await remediate(h, enroll.doc, 'enroll-authenticator', { credentials: { passcode: totpAt(secret, h.clock.now()) } });
  // The remaining optional authenticators are offered again, with "Set up later".
  expect(names(enrolled.doc)).toEqual(['select-authenticator-enroll', 'skip']);
  const done = await remediate(h, enrolled.doc, 'skip', {});
  return { user, start, done, secret };
}

describe('MFA sign-on policy', () => {
  it('a password-only user enrolls email at the first sign-in; amr says pwd + email', async () => {
    const { user, start, done } = await firstSignIn(false);
    expect(done.doc.successWithInteractionCode).toBeDefined();
    expect((await h.ctx.store.enrollments(user.id)).map((e) => e.authenticator)).toEqual(['okta_email']);
    const tokens = await exchange(h, code(done.doc) as string, start.verifier);
    const claims = JSON.parse(Buffer.from(String(tokens.body.id_token).split('.')[1] as string, 'base64url').toString()) as {
      amr: string[];
    };
    expect(claims.amr).toEqual(['pwd', 'email', 'mfa']);
  });

  it('a user with password + email is challenged by email (no list, no optional offer)', async () => {
    const { user } = await firstSignIn(false);
    const { after } = await password(user.profile.login);
    expect(names(after.doc)).toEqual(['challenge-authenticator', 'select-authenticator-authenticate']);
    expect(after.doc.currentAuthenticatorEnrollment.value.key).toBe('okta_email');
    expect(after.doc.currentAuthenticatorEnrollment.value.resend).toBeDefined();
    const [sent] = await h.ctx.store.outbox({ to: user.profile.email, limit: 1 });
    expect(sent?.purpose).toBe('verification');
    const wrong = await remediate(h, after.doc, 'challenge-authenticator', {
      credentials: { passcode: sent?.code === '000000' ? '111111' : '000000' },
    });
    expect(wrong.status).toBe(401);
    expect(passcodeMessages(wrong.doc, 'challenge-authenticator')).toEqual(['Invalid code. Try again.']);
    const right = await remediate(h, after.doc, 'challenge-authenticator', { credentials: { passcode: sent?.code } });
    expect(right.doc.successWithInteractionCode).toBeDefined();
  });

  it('a user with TOTP chooses between email and TOTP; a TOTP code is accepted once (no replay)', async () => {
    const { user, done, secret } = await firstSignIn(true);
    expect(done.doc.successWithInteractionCode).toBeDefined();
    h.clock.advance(30);
    const { after } = await password(user.profile.login);
    expect(names(after.doc)).toEqual(['select-authenticator-authenticate']);
    expect(after.doc.authenticatorEnrollments.value.map((a: IdxDoc) => a.key)).toEqual(['okta_email', 'google_otp']);
    const id = after.doc.authenticatorEnrollments.value[1].authenticatorId;
    const challenge = await remediate(h, after.doc, 'select-authenticator-authenticate', { authenticator: { id } });
    expect(challenge.doc.currentAuthenticatorEnrollment.value.key).toBe('google_otp');
    // "Verify with something else" is on offer.
    expect(names(challenge.doc)).toEqual(['challenge-authenticator', 'select-authenticator-authenticate']);
    const now = totpAt(secret as string, h.clock.now());
    const ok = await remediate(h, challenge.doc, 'challenge-authenticator', { credentials: { passcode: now } });
    expect(ok.doc.successWithInteractionCode).toBeDefined();

    const again = await password(user.profile.login);
    const second = await remediate(h, again.after.doc, 'select-authenticator-authenticate', { authenticator: { id } });
    const replay = await remediate(h, second.doc, 'challenge-authenticator', { credentials: { passcode: now } });
    expect(replay.status).toBe(401);
    // Okta's words for a spent code (authfactor.challenge.soft_token.used_passcode), not "doesn't match".
    expect(passcodeMessages(replay.doc, 'challenge-authenticator')).toEqual([
      'Each code can only be used once. Please wait for a new code and try again.',
    ]);
    const wrong = await remediate(h, second.doc, 'challenge-authenticator', {
      credentials: { passcode: now === '000000' ? '111111' : '000000' },
    });
    expect(passcodeMessages(wrong.doc, 'challenge-authenticator')).toEqual([
      "API error: Your code doesn't match our records. Please try again.",
    ]);
  });

  it('wrong answers are counted on the factor: the N-th locks it, even across transactions, until unlocked', async () => {
    const { user, secret } = await firstSignIn(true);
    const limit = h.config.codes.maxFailures;
    const statuses: number[] = [];
    let last: IdxDoc = {};
    for (let i = 0; i < limit; i++) {
      // A new transaction each time: the count lives on the enrollment, not the transaction.
      const { after } = await password(user.profile.login);
      const otp = after.doc.authenticatorEnrollments.value.find((a: IdxDoc) => a.key === 'google_otp').authenticatorId;
      const challenge = await remediate(h, after.doc, 'select-authenticator-authenticate', { authenticator: { id: otp } });
      const res = await remediate(h, challenge.doc, 'challenge-authenticator', { credentials: { passcode: 'abcdef' } });
      statuses.push(res.status);
      last = res.doc;
    }
    expect(statuses.slice(0, -1).every((s) => s === 401)).toBe(true);
    expect(statuses.at(-1)).toBe(403);
    expect(last.messages.value[0]).toMatchObject({ i18n: { key: 'authfactor.challenge.suspended_factor' } });
    // Even the right code is refused while suspended.
    h.clock.advance(60);
    const { after } = await password(user.profile.login);
    const otp = after.doc.authenticatorEnrollments.value.find((a: IdxDoc) => a.key === 'google_otp').authenticatorId;
    const challenge = await remediate(h, after.doc, 'select-authenticator-authenticate', { authenticator: { id: otp } });
    const right = await remediate(h, challenge.doc, 'challenge-authenticator', {
      credentials: { passcode: totpAt(secret as string, h.clock.now()) },
    });
    expect(right.status).toBe(403);
    await h.ctx.store.resetEnrollmentFailures(user.id);
    const unlocked = await remediate(h, challenge.doc, 'challenge-authenticator', {
      credentials: { passcode: totpAt(secret as string, h.clock.now()) },
    });
    expect(unlocked.doc.successWithInteractionCode).toBeDefined();
  });

  it("the reply names the user's profile and password date once the password is proven, never before (no enumeration)", async () => {
    const user = await makeUser(h);
    const start = await begin(h);
    const challenge = await remediate(h, start.doc, 'identify', { identifier: user.profile.login });
    const unknown = await remediate(h, (await begin(h)).doc, 'identify', { identifier: `nobody.${user.id}@example.test` });
    expect(Object.keys(challenge.doc.user.value).sort()).toEqual(['id', 'identifier']);
    expect(Object.keys(unknown.doc.user.value).sort()).toEqual(['id', 'identifier']);
    const after = await remediate(h, challenge.doc, 'challenge-authenticator', { credentials: { passcode: PASSWORD } });
    expect(after.doc.user.value).toMatchObject({
      id: user.id,
      identifier: user.profile.login,
      profile: { firstName: 'Test', lastName: user.profile.lastName },
      passwordChanged: new Date(user.passwordChangedAt ?? 0).toISOString(),
    });
  });

  it('the way back: an enrollment picked from the optional list offers that list again, and another pick there starts that one', async () => {
    const user = await makeUser(h);
    const { after } = await password(user.profile.login);
    const offered = await remediate(h, after.doc, 'enroll-authenticator', {
      credentials: { passcode: await latestCode(h, user.profile.email) },
    });
    const idOf = (doc: IdxDoc, label: string) =>
      doc.remediation.value
        .find((r: IdxDoc) => r.name === 'select-authenticator-enroll')
        .value[0].options.find((o: IdxDoc) => o.label === label)
        .value.form.value.find((f: IdxDoc) => f.name === 'id').value as string;
    const phone = await remediate(h, offered.doc, 'select-authenticator-enroll', { authenticator: { id: idOf(offered.doc, 'Phone') } });
    expect(phone.doc.authenticators.value.map((a: IdxDoc) => a.displayName)).toEqual(
      offered.doc.authenticators.value.map((a: IdxDoc) => a.displayName),
    );
    // Back at the list (the widget shows it from this reply), Google Authenticator instead.
    const totp = await remediate(h, phone.doc, 'select-authenticator-enroll', {
      authenticator: { id: idOf(phone.doc, 'Google Authenticator') },
    });
    expect(totp.status).toBe(200);
    expect(totp.doc.currentAuthenticator.value.key).toBe('google_otp');
    expect(names(totp.doc)).toEqual(['enroll-authenticator', 'select-authenticator-enroll']);
    // …and back again to the phone: its data form, not a half-finished TOTP set-up.
    const again = await remediate(h, totp.doc, 'select-authenticator-enroll', { authenticator: { id: idOf(totp.doc, 'Phone') } });
    expect(again.doc.currentAuthenticator.value.key).toBe('phone_number');
    expect(names(again.doc)).toEqual(['authenticator-enrollment-data', 'select-authenticator-enroll']);
    // The email enrolled first (required) was not picked from a list: no way back there.
    expect(names(after.doc)).toEqual(['enroll-authenticator', 'select-authenticator-enroll']);
  });

  it("phone (SMS): a bad number gets Okta's error; the code goes to the E.164 number; then SMS verifies sign-in", async () => {
    const user = await makeUser(h);
    const { after } = await password(user.profile.login);
    const offered = await remediate(h, after.doc, 'enroll-authenticator', {
      credentials: { passcode: await latestCode(h, user.profile.email) },
    });
    const option = offered.doc.remediation.value[0].value[0].options.find((o: IdxDoc) => o.label === 'Phone');
    const id = option.value.form.value.find((f: IdxDoc) => f.name === 'id').value;
    const data = await remediate(h, offered.doc, 'select-authenticator-enroll', { authenticator: { id } });
    // Picked from the optional list: the list is offered again beside the form ("Return to authenticator list").
    expect(names(data.doc)).toEqual(['authenticator-enrollment-data', 'select-authenticator-enroll']);
    const bad = await remediate(h, data.doc, 'authenticator-enrollment-data', {
      authenticator: { id, methodType: 'sms', phoneNumber: '+1 555' },
    });
    expect(bad.status).toBe(400);
    expect(bad.doc.messages.value[0]).toMatchObject({
      message: 'Invalid Phone Number.',
      i18n: { key: 'api.factors.error.sms.invalid_phone' },
    });
    const good = await remediate(h, data.doc, 'authenticator-enrollment-data', {
      authenticator: { id, methodType: 'sms', phoneNumber: '+1 (415) 555-0100' },
    });
    expect(good.doc.currentAuthenticator.value.key).toBe('phone_number');
    const [sms] = await h.ctx.store.outbox({ to: '+14155550100', limit: 1 });
    expect(sms).toMatchObject({ kind: 'sms', to: '+14155550100' });
    const enrolled = await remediate(h, good.doc, 'enroll-authenticator', { credentials: { passcode: sms?.code } });
    await remediate(h, enrolled.doc, 'skip', {});
    expect((await h.ctx.store.enrollments(user.id)).find((e) => e.authenticator === 'phone_number')?.profile).toEqual({
      phoneNumber: '+14155550100',
    });

    const next = await password(user.profile.login);
    const phoneId = next.after.doc.authenticatorEnrollments.value.find((a: IdxDoc) => a.key === 'phone_number').authenticatorId;
    const how = await remediate(h, next.after.doc, 'select-authenticator-authenticate', { authenticator: { id: phoneId } });
    const challenge = await remediate(h, how.doc, 'authenticator-verification-data', { authenticator: { id: phoneId, methodType: 'sms' } });
    expect(challenge.doc.currentAuthenticatorEnrollment.value.profile).toEqual({ phoneNumber: '+1 XXX-XXX-0100' });
    const done = await remediate(h, challenge.doc, 'challenge-authenticator', {
      credentials: { passcode: (await h.ctx.store.outbox({ to: '+14155550100', limit: 1 }))[0]?.code },
    });
    const tokens = await exchange(h, code(done.doc) as string, next.start.verifier);
    const claims = JSON.parse(Buffer.from(String(tokens.body.id_token).split('.')[1] as string, 'base64url').toString()) as {
      amr: string[];
    };
    expect(claims.amr).toEqual(['pwd', 'sms', 'mfa']);
  });

  it('an unknown identifier gets the same password error as a known one (MFA reveals nothing)', async () => {
    const start = await begin(h);
    const challenge = await remediate(h, start.doc, 'identify', { identifier: 'nobody.mfa@example.test' });
    const res = await remediate(h, challenge.doc, 'challenge-authenticator', { credentials: { passcode: PASSWORD } });
    expect(res.status).toBe(401);
    expect(res.doc.messages.value[0].i18n.key).toBe('incorrectPassword');
  });

  it('a pick that is not on offer is refused as a malformed request', async () => {
    const { user } = await firstSignIn(false);
    const { after } = await password(user.profile.login);
    for (const authenticator of [{ id: 'autnope' }, {}]) {
      const res = await h.app.request('/idp/idx/challenge', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ authenticator, stateHandle: after.doc.stateHandle }),
      });
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
    }
  });
});

describe('security question', () => {
  async function toQuestionEnrollment() {
    const user = await makeUser(h);
    const { after } = await password(user.profile.login);
    const offered = await remediate(h, after.doc, 'enroll-authenticator', {
      credentials: { passcode: await latestCode(h, user.profile.email) },
    });
    const option = offered.doc.remediation.value[0].value[0].options.find((o: IdxDoc) => o.label === 'Security Question');
    const id = option.value.form.value.find((f: IdxDoc) => f.name === 'id').value;
    return { user, enroll: await remediate(h, offered.doc, 'select-authenticator-enroll', { authenticator: { id } }) };
  }

  it('enrolls a predefined question (answer rules enforced under the field), then verifies sign-in with kba', async () => {
    const { user, enroll } = await toQuestionEnrollment();
    expect(enroll.doc.currentAuthenticator.value.contextualData.questionKeys).toContain('disliked_food');
    const short = await remediate(h, enroll.doc, 'enroll-authenticator', { credentials: { questionKey: 'disliked_food', answer: 'ab' } });
    expect(short.status).toBe(400);
    const answerField = short.doc.remediation.value[0].value[0].options[0].value.form.value.find((f: IdxDoc) => f.name === 'answer');
    expect(answerField.messages.value[0].message).toBe('The security question answer must be at least 4 characters in length');
    const ok = await remediate(h, enroll.doc, 'enroll-authenticator', {
      credentials: { questionKey: 'disliked_food', answer: 'Brussels sprouts' },
    });
    await remediate(h, ok.doc, 'skip', {});
    const stored = (await h.ctx.store.enrollments(user.id)).find((e) => e.authenticator === 'security_question');
    expect(stored?.profile).toMatchObject({ questionKey: 'disliked_food' });
    expect(JSON.stringify(stored)).not.toContain('Brussels');

    const next = await password(user.profile.login);
    const id = next.after.doc.authenticatorEnrollments.value.find((a: IdxDoc) => a.key === 'security_question').authenticatorId;
    const challenge = await remediate(h, next.after.doc, 'select-authenticator-authenticate', { authenticator: { id } });
    expect(challenge.doc.currentAuthenticatorEnrollment.value.profile.questionKey).toBe('disliked_food');
    const wrong = await remediate(h, challenge.doc, 'challenge-authenticator', {
      credentials: { questionKey: 'disliked_food', answer: 'broccoli' },
    });
    expect(wrong.status).toBe(401);
    const right = await remediate(h, challenge.doc, 'challenge-authenticator', {
      credentials: { questionKey: 'disliked_food', answer: '  BRUSSELS   sprouts ' },
    });
    const tokens = await exchange(h, code(right.doc) as string, next.start.verifier);
    const claims = JSON.parse(Buffer.from(String(tokens.body.id_token).split('.')[1] as string, 'base64url').toString()) as {
      amr: string[];
    };
    expect(claims.amr).toEqual(['pwd', 'kba', 'mfa']);
  });

  it('enrolls a custom question', async () => {
    const { user, enroll } = await toQuestionEnrollment();
    const ok = await remediate(h, enroll.doc, 'enroll-authenticator', {
      credentials: { questionKey: 'custom', question: 'Name of my first bicycle?', answer: 'Rosinante' },
    });
    expect(ok.status).toBe(200);
    const stored = (await h.ctx.store.enrollments(user.id)).find((e) => e.authenticator === 'security_question');
    expect(stored?.profile).toEqual({ questionKey: 'custom', question: 'Name of my first bicycle?' });
  });
});
