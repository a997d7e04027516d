import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { begin, exchange, makeUser, PASSWORD, remediate, signIn, startHarness, type Harness, type IdxDoc } from '../testing/harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

const names = (doc: IdxDoc) => (doc.remediation?.value ?? []).map((r: IdxDoc) => r.name as string);
const passcodeMessages = (doc: IdxDoc) =>
  (doc.remediation.value[0].value[0].form.value[0].messages?.value ?? []).map((m: IdxDoc) => m.message as string);

async function expire(userId: string) {
  const res = await h.app.request(`/api/v1/users/${userId}/lifecycle/expire_password`, {
    method: 'POST',
    headers: { Authorization: `SSWS ${h.config.apiTokens[0]}`, Accept: 'application/json' },
  });
  expect(res.status).toBe(200);
}

async function toPassword(login: string) {
  const start = await begin(h);
  const challenge = await remediate(h, start.doc, 'identify', { identifier: login });
  return { start, challenge };
}

describe('an expired password (lifecycle/expire_password)', () => {
  it('is checked first, then replaced through reenroll-authenticator; the sign-in then goes on and the user is ACTIVE again', async () => {
    const user = await makeUser(h);
    await expire(user.id);
    const { start, challenge } = await toPassword(user.profile.login);
    expect(challenge.doc.currentAuthenticatorEnrollment.value.key).toBe('okta_password');
    const wrong = await remediate(h, challenge.doc, 'challenge-authenticator', { credentials: { passcode: 'Not-The-Passw0rd' } });
    expect(wrong.status).toBe(401);

    const expired = await remediate(h, challenge.doc, 'challenge-authenticator', { credentials: { passcode: PASSWORD } });
    expect(expired.status).toBe(200);
    expect(names(expired.doc)).toEqual(['reenroll-authenticator']);
    expect(expired.doc.currentAuthenticator.value.key).toBe('okta_password');
    const fields = expired.doc.remediation.value[0].value[0].form.value.map((f: IdxDoc) => f.name);
    expect(fields).toEqual(['passcode']);

    // The old password again is refused by the history rule; a weak one by the policy.
    const same = await remediate(h, expired.doc, 'reenroll-authenticator', { credentials: { passcode: PASSWORD } });
    expect(same.status).toBe(400);
    expect(passcodeMessages(same.doc).join(' ')).toMatch(/last \d+ passwords/);
    const weak = await remediate(h, expired.doc, 'reenroll-authenticator', { credentials: { passcode: 'short' } });
    expect(weak.status).toBe(400);

    const done = await remediate(h, expired.doc, 'reenroll-authenticator', { credentials: { passcode: 'Brand-New-Passw0rd' } });
    expect(done.doc.successWithInteractionCode).toBeDefined();
    const code = done.doc.successWithInteractionCode.value.find((f: IdxDoc) => f.name === 'interaction_code').value as string;
    expect((await exchange(h, code, start.verifier)).status).toBe(200);
    expect((await h.ctx.store.userById(user.id))?.status).toBe('ACTIVE');

    // The new password is the password now.
    await expect(signIn(h, user.profile.login, PASSWORD)).rejects.toThrow(/did not succeed/);
    await expect(signIn(h, user.profile.login, 'Brand-New-Passw0rd')).resolves.toBeDefined();
    const filter = encodeURIComponent(`eventType eq "user.account.update_password" and target.id eq "${user.id}"`);
    const logs = await h.app.request(`/api/v1/logs?filter=${filter}&since=2000-01-01T00:00:00Z`, {
      headers: { Authorization: `SSWS ${h.config.apiTokens[0]}`, Accept: 'application/json' },
    });
    expect(((await logs.json()) as IdxDoc[]).length).toBe(1);
  });

  it('the new-password step is the only way on: other remediations are refused', async () => {
    const user = await makeUser(h);
    await expire(user.id);
    const { challenge } = await toPassword(user.profile.login);
    const expired = await remediate(h, challenge.doc, 'challenge-authenticator', { credentials: { passcode: PASSWORD } });
    const res = await h.app.request('/idp/idx/skip', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ stateHandle: expired.doc.stateHandle }),
    });
    expect(res.status).toBe(400);
    expect((await h.ctx.store.userById(user.id))?.status).toBe('PASSWORD_EXPIRED');
  });
});
