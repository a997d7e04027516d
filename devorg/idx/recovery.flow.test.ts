/**
 * Password recovery through HTTP, as the Sign-In Widget drives it: "Forgot password?" posts the
 * `recover` action of the password challenge, then the usual select/challenge forms, then
 * `reset-authenticator` with the new password.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig, portalApp } from '../config';
import {
  begin,
  exchange,
  json,
  latestCode,
  makeUser,
  ORG_POLICIES,
  PASSWORD,
  remediate,
  signIn,
  startHarness,
  type Harness,
  type IdxDoc,
} from '../testing/harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ ...ORG_POLICIES, passwordPolicy: { ...defaultConfig().passwordPolicy, lockoutAttempts: 3 } });
});
afterAll(() => h.close());

const NEW_PASSWORD = 'Brand-New-Passw0rd';
const names = (doc: IdxDoc) => (doc.remediation?.value ?? []).map((r: IdxDoc) => r.name);
const passcodeMessages = (doc: IdxDoc, remediation: string) =>
  (doc.remediation.value.find((r: IdxDoc) => r.name === remediation).value[0].form.value[0].messages?.value ?? []) as IdxDoc[];

/** Posts an action nested in an authenticator object (`currentAuthenticatorEnrollment.value.recover`), as auth-js does. */
async function action(doc: IdxDoc, holder: 'currentAuthenticatorEnrollment' | 'currentAuthenticator', name: string) {
  const form = doc[holder]?.value?.[name];
  if (!form) throw new Error(`no ${holder}.${name} in the document`);
  const res = await h.app.request(new URL(form.href).pathname, json({ stateHandle: doc.stateHandle }));
  return { status: res.status, doc: (await res.json()) as IdxDoc };
}

/** identify → password challenge → "Forgot password?". */
async function forgotPassword(login: string) {
  const start = await begin(h);
  const challenge = await remediate(h, start.doc, 'identify', { identifier: login });
  expect(challenge.doc.currentAuthenticatorEnrollment.value.recover.href).toMatch(/\/idp\/idx\/recover$/);
  return { start, recovering: await action(challenge.doc, 'currentAuthenticatorEnrollment', 'recover') };
}

async function wrongPassword(login: string) {
  const start = await begin(h);
  const challenge = await remediate(h, start.doc, 'identify', { identifier: login });
  return remediate(h, challenge.doc, 'challenge-authenticator', { credentials: { passcode: 'Not-The-Passw0rd' } });
}

describe('password recovery (Forgot password?)', () => {
  it('email code → new password → signed in; the old password stops working, the new one works', async () => {
    const user = await makeUser(h);
    const login = user.profile.login;
    const { start, recovering } = await forgotPassword(login);
    expect(recovering.status).toBe(200);
    expect(recovering.doc.version).toBe('1.0.0');
    expect(recovering.doc.currentAuthenticatorEnrollment.value.key).toBe('okta_email');
    expect(recovering.doc.recoveryAuthenticator.value).toMatchObject({ key: 'okta_password', settings: { age: { historyCount: 4 } } });
    const [message] = await h.ctx.store.outbox({ to: login, limit: 1 });
    expect(message).toMatchObject({ kind: 'email', purpose: 'recovery' });

    const wrong = await remediate(h, recovering.doc, 'challenge-authenticator', { credentials: { passcode: '000000' } });
    expect(wrong.status).toBe(401);
    expect(passcodeMessages(wrong.doc, 'challenge-authenticator')[0]?.i18n.key).toBe('api.authn.error.PASSCODE_INVALID');

    const reset = await remediate(h, recovering.doc, 'challenge-authenticator', { credentials: { passcode: message?.code } });
    expect(reset.status).toBe(200);
    expect(names(reset.doc)).toEqual(['reset-authenticator']);
    const fields = reset.doc.remediation.value[0].value[0].form.value.map((f: IdxDoc) => f.name);
    expect(fields).toEqual(['passcode', 'revokeSessions']);
    expect(reset.doc.currentAuthenticator.value.settings.complexity.minLength).toBe(8);

    const weak = await remediate(h, reset.doc, 'reset-authenticator', { credentials: { passcode: 'short' } });
    expect(weak.status).toBe(400);
    expect(passcodeMessages(weak.doc, 'reset-authenticator')[0]).toMatchObject({
      i18n: { key: 'password.passwordRequirementsNotMet' },
      class: 'ERROR',
    });

    const same = await remediate(h, reset.doc, 'reset-authenticator', { credentials: { passcode: PASSWORD } });
    expect(same.status).toBe(400);
    expect(passcodeMessages(same.doc, 'reset-authenticator')[0]?.message).toMatch(
      /^Password requirements were not met\. Password requirements: .*\. Your password cannot be any of your last 4 passwords\.$/,
    );

    const done = await remediate(h, reset.doc, 'reset-authenticator', { credentials: { passcode: NEW_PASSWORD } });
    // The email proven here was not set up yet: it is now, so the optional authenticators are offered.
    expect(names(done.doc)).toEqual(['select-authenticator-enroll', 'skip']);
    const success = await remediate(h, done.doc, 'skip', {});
    const code = success.doc.successWithInteractionCode.value.find((f: IdxDoc) => f.name === 'interaction_code').value as string;
    const tokens = await exchange(h, code, start.verifier);
    expect(tokens.status).toBe(200);
    const claims = JSON.parse(Buffer.from(String(tokens.body.id_token).split('.')[1] as string, 'base64url').toString()) as {
      amr: string[];
      sub: string;
    };
    expect(claims.sub).toBe(user.id);
    expect(claims.amr).toEqual(['email', 'pwd', 'mfa']);
    expect((await h.ctx.store.enrollments(user.id)).map((e) => e.authenticator)).toEqual(['okta_email']);

    expect((await wrongPassword(login)).status).toBe(401);
    const old = await begin(h);
    const atPassword = await remediate(h, old.doc, 'identify', { identifier: login });
    expect((await remediate(h, atPassword.doc, 'challenge-authenticator', { credentials: { passcode: PASSWORD } })).status).toBe(401);
    expect((await signIn(h, login, NEW_PASSWORD)).code).toBeTruthy();
  });

  it('history: none of the last 4 passwords may come back; the 5th-oldest may', async () => {
    const user = await makeUser(h, 'History-Passw0rd-0');
    const setPassword = async (password: string) => {
      const { recovering } = await forgotPassword(user.profile.login);
      const reset = await remediate(h, recovering.doc, 'challenge-authenticator', {
        credentials: { passcode: await latestCode(h, user.profile.email) },
      });
      return remediate(h, reset.doc, 'reset-authenticator', { credentials: { passcode: password } });
    };
    for (const n of [1, 2, 3]) expect((await setPassword(`History-Passw0rd-${n}`)).status).toBe(200);
    // Current is 3; 0, 1 and 2 are the previous ones: all four refused.
    expect((await setPassword('History-Passw0rd-0')).status).toBe(400);
    expect((await setPassword('History-Passw0rd-3')).status).toBe(400);
    expect((await setPassword('History-Passw0rd-4')).status).toBe(200);
    expect((await setPassword('History-Passw0rd-0')).status).toBe(200);
  });

  it('the management API applies the same history to an admin-set password', async () => {
    const user = await makeUser(h);
    const api = (body: unknown) =>
      h.app.request(`/api/v1/users/${user.id}`, {
        method: 'POST',
        headers: { Authorization: `SSWS ${h.config.apiTokens[0]}`, Accept: 'application/json', 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
    const reused = await api({ credentials: { password: { value: PASSWORD } } });
    expect(reused.status).toBe(400);
    const body = (await reused.json()) as { errorCode: string; errorCauses: { errorSummary: string }[] };
    expect(body.errorCode).toBe('E0000001');
    expect(body.errorCauses[0]?.errorSummary).toMatch(/^password: Password requirements were not met\. .*last 4 passwords\.$/);
    expect((await api({ credentials: { password: { value: NEW_PASSWORD } } })).status).toBe(200);
    expect((await api({ credentials: { password: { value: PASSWORD } } })).status).toBe(400);
  });

  it('with an enrolled phone the user may choose SMS', async () => {
    const user = await makeUser(h);
    const now = h.clock.now();
    await h.ctx.store.saveEnrollment({
      id: 'smsRECOVERYTEST00001',
      userId: user.id,
      authenticator: 'phone_number',
      profile: { phoneNumber: '+14155550123' },
      secret: null,
      failures: 0,
      lastUsedStep: null,
      createdAt: now,
      lastVerifiedAt: now,
    });
    const { recovering } = await forgotPassword(user.profile.login);
    expect(names(recovering.doc)).toEqual(['select-authenticator-authenticate']);
    const options = recovering.doc.remediation.value[0].value[0].options as IdxDoc[];
    expect(options.map((o) => o.label)).toEqual(['Email', 'Phone']);
    const phoneId = options[1]?.value.form.value.find((f: IdxDoc) => f.name === 'id').value;
    const how = await remediate(h, recovering.doc, 'select-authenticator-authenticate', { authenticator: { id: phoneId } });
    expect(names(how.doc)).toContain('authenticator-verification-data');
    const sms = await remediate(h, how.doc, 'authenticator-verification-data', { authenticator: { id: phoneId, methodType: 'sms' } });
    expect(sms.doc.currentAuthenticatorEnrollment.value.profile.phoneNumber).not.toContain('5550123');
    const [text] = await h.ctx.store.outbox({ to: '+14155550123', limit: 1 });
    expect(text).toMatchObject({ kind: 'sms', purpose: 'recovery' });
    const reset = await remediate(h, sms.doc, 'challenge-authenticator', { credentials: { passcode: text?.code } });
    expect(names(reset.doc)).toEqual(['reset-authenticator']);
  });

  it('an unknown username looks the same and nothing is sent', async () => {
    const login = 'no.such.user@example.test';
    const { recovering } = await forgotPassword(login);
    expect(recovering.status).toBe(200);
    expect(recovering.doc.currentAuthenticatorEnrollment.value.key).toBe('okta_email');
    expect(recovering.doc.user.value.identifier).toBe(login);
    expect(await h.ctx.store.outbox({ to: login, limit: 5 })).toEqual([]);
    const resent = await remediate(h, recovering.doc, 'challenge-authenticator', { credentials: { passcode: '123456' } });
    expect(resent.status).toBe(401);
  });

  it('a locked-out user recovers: the account is ACTIVE again with the new password', async () => {
    const user = await makeUser(h);
    for (let i = 0; i < 3; i++) await wrongPassword(user.profile.login);
    expect((await h.ctx.store.userById(user.id))?.status).toBe('LOCKED_OUT');

    const { start, recovering } = await forgotPassword(user.profile.login);
    const reset = await remediate(h, recovering.doc, 'challenge-authenticator', {
      credentials: { passcode: await latestCode(h, user.profile.email) },
    });
    const done = await remediate(h, reset.doc, 'reset-authenticator', { credentials: { passcode: NEW_PASSWORD, revokeSessions: false } });
    const success = await remediate(h, done.doc, 'skip', {});
    expect(success.doc.successWithInteractionCode).toBeDefined();
    const after = await h.ctx.store.userById(user.id);
    expect(after).toMatchObject({ status: 'ACTIVE', failedLogins: 0 });
    const code = success.doc.successWithInteractionCode.value.find((f: IdxDoc) => f.name === 'interaction_code').value as string;
    expect((await exchange(h, code, start.verifier)).status).toBe(200);
    expect((await signIn(h, user.profile.login, NEW_PASSWORD)).code).toBeTruthy();
  });

  it('"Sign me out of all other devices" revokes the tokens issued before', async () => {
    const user = await makeUser(h);
    const before = await signIn(h, user.profile.login);
    const tokens = await exchange(h, before.code, before.verifier);
    const introspect = async () => {
      const res = await h.app.request('/oauth2/default/v1/introspect', {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ client_id: portalApp(h.config).clientId, token: String(tokens.body.access_token) }).toString(),
      });
      return ((await res.json()) as { active: boolean }).active;
    };
    expect(await introspect()).toBe(true);
    const { recovering } = await forgotPassword(user.profile.login);
    const reset = await remediate(h, recovering.doc, 'challenge-authenticator', {
      credentials: { passcode: await latestCode(h, user.profile.email) },
    });
    const done = await remediate(h, reset.doc, 'reset-authenticator', { credentials: { passcode: NEW_PASSWORD, revokeSessions: true } });
    expect(done.status).toBe(200);
    expect(await introspect()).toBe(false);
  });

  it('bad input gets IDX errors, never a 500', async () => {
    const user = await makeUser(h);
    const { recovering } = await forgotPassword(user.profile.login);
    // Not offered at this step.
    const again = await h.app.request('/idp/idx/recover', json({ stateHandle: recovering.doc.stateHandle }));
    expect(again.status).toBe(400);
    expect(((await again.json()) as IdxDoc).messages.value[0].i18n.key).toBe('api.authn.error.invalid_step');
    const reset = await remediate(h, recovering.doc, 'challenge-authenticator', {
      credentials: { passcode: await latestCode(h, user.profile.email) },
    });
    const badFlag = await remediate(h, reset.doc, 'reset-authenticator', {
      credentials: { passcode: NEW_PASSWORD, revokeSessions: 'yes' },
    });
    expect(badFlag.status).toBe(400);
    expect(badFlag.doc.version).toBe('1.0.0');
    const blank = await remediate(h, reset.doc, 'reset-authenticator', { credentials: { passcode: 42 } });
    expect(blank.status).toBe(400);
    expect(passcodeMessages(blank.doc, 'reset-authenticator')[0]?.i18n.key).toBe('model.validation.field.blank');
    const unknown = await h.app.request('/idp/idx/recover', json({ stateHandle: 'not-a-state-handle' }));
    expect(unknown.status).toBeGreaterThanOrEqual(400);
    expect(unknown.status).toBeLessThan(500);
  });
});

describe('recovery policy switches', () => {
  it('recovery off: Okta\'s "Reset password is not allowed" on the password challenge', async () => {
    const off = await startHarness({ ...ORG_POLICIES, passwordPolicy: { ...defaultConfig().passwordPolicy, recoveryAuthenticators: [] } });
    try {
      const user = await makeUser(off);
      const start = await begin(off);
      const challenge = await remediate(off, start.doc, 'identify', { identifier: user.profile.login });
      const form = challenge.doc.currentAuthenticatorEnrollment.value.recover;
      const res = await off.app.request(new URL(form.href).pathname, json({ stateHandle: challenge.doc.stateHandle }));
      expect(res.status).toBe(403);
      const doc = (await res.json()) as IdxDoc;
      expect(doc.messages.value[0]).toMatchObject({
        message: 'Reset password is not allowed at this time. Please contact support for assistance.',
        i18n: { key: 'oie.selfservice.reset.password.not.allowed' },
      });
      expect(names(doc)).toContain('challenge-authenticator');
    } finally {
      off.close();
    }
  });

  it('password on the identify form: its Forgot password? → identify-recovery → code → reset', async () => {
    const org = await startHarness({ policies: { ...defaultConfig().policies, signOn: { secondFactor: true, passwordOnIdentify: true } } });
    try {
      const user = await makeUser(org);
      const start = await begin(org);
      const identify = start.doc.remediation.value.find((r: IdxDoc) => r.name === 'identify');
      expect(identify.value.map((f: IdxDoc) => f.name)).toEqual(['identifier', 'credentials', 'rememberMe', 'stateHandle']);
      const recover = start.doc.currentAuthenticator.value.recover;
      const res = await org.app.request(new URL(recover.href).pathname, json({ stateHandle: start.doc.stateHandle }));
      const asked = (await res.json()) as IdxDoc;
      expect(names(asked)).toEqual(['identify-recovery', 'select-enroll-profile']); // registration is on: "Sign up" too, as Okta offers it
      const challenge = await remediate(org, asked, 'identify-recovery', { identifier: user.profile.login });
      expect(challenge.doc.currentAuthenticatorEnrollment.value.key).toBe('okta_email');
      const [message] = await org.ctx.store.outbox({ to: user.profile.email, limit: 1 });
      const reset = await remediate(org, challenge.doc, 'challenge-authenticator', { credentials: { passcode: message?.code } });
      const done = await remediate(org, reset.doc, 'reset-authenticator', { credentials: { passcode: NEW_PASSWORD } });
      expect(done.status).toBe(200);
      expect((await org.ctx.store.userById(user.id))?.passwordChangedAt).toBe(org.clock.now());
    } finally {
      org.close();
    }
  });

  it('recoveryUnlocks off: a locked-out account gets the unknown-user path and stays locked', async () => {
    const org = await startHarness({
      ...ORG_POLICIES,
      passwordPolicy: { ...defaultConfig().passwordPolicy, lockoutAttempts: 2, recoveryUnlocks: false },
    });
    try {
      const user = await makeUser(org);
      for (let i = 0; i < 2; i++) {
        const s = await begin(org);
        const c = await remediate(org, s.doc, 'identify', { identifier: user.profile.login });
        await remediate(org, c.doc, 'challenge-authenticator', { credentials: { passcode: 'Not-The-Passw0rd' } });
      }
      const start = await begin(org);
      const challenge = await remediate(org, start.doc, 'identify', { identifier: user.profile.login });
      const recover = challenge.doc.currentAuthenticatorEnrollment.value.recover;
      const res = await org.app.request(new URL(recover.href).pathname, json({ stateHandle: challenge.doc.stateHandle }));
      expect(res.status).toBe(200);
      expect(await org.ctx.store.outbox({ to: user.profile.email, limit: 5 })).toEqual([]);
      expect((await org.ctx.store.userById(user.id))?.status).toBe('LOCKED_OUT');
    } finally {
      org.close();
    }
  });
});
