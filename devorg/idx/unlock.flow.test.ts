import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig } from '../config';
import { begin, latestCode, makeUser, PASSWORD, remediate, signIn, startHarness, type Harness, type IdxDoc } from '../testing/harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ passwordPolicy: { ...defaultConfig().passwordPolicy, lockoutAttempts: 3, selfServiceUnlock: true } });
});
afterAll(() => h.close());

const names = (doc: IdxDoc) => (doc.remediation?.value ?? []).map((r: IdxDoc) => r.name as string);

async function lockedUser() {
  const user = await makeUser(h);
  const start = await begin(h);
  const challenge = await remediate(h, start.doc, 'identify', { identifier: user.profile.login });
  for (let i = 0; i < 3; i++) await remediate(h, challenge.doc, 'challenge-authenticator', { credentials: { passcode: 'Wrong-Passw0rd' } });
  expect((await h.ctx.store.userById(user.id))?.status).toBe('LOCKED_OUT');
  return user;
}

/** "Unlock account?" from a fresh identify form: the form that asks for the identifier and the authenticator. */
async function toUnlockForm() {
  const start = await begin(h);
  const form = await remediate(h, start.doc, 'unlock-account', {});
  return { start, form };
}

const optionId = (doc: IdxDoc, label: string) =>
  doc.remediation.value[0].value[1].options.find((o: IdxDoc) => o.label === label).value.form.value[0].value as string;

async function logsFor(userId: string, eventType: string) {
  const filter = encodeURIComponent(`eventType eq "${eventType}" and target.id eq "${userId}"`);
  const res = await h.app.request(`/api/v1/logs?filter=${filter}&since=2000-01-01T00:00:00Z`, {
    headers: { Authorization: `SSWS ${h.config.apiTokens[0]}`, Accept: 'application/json' },
  });
  return (await res.json()) as IdxDoc[];
}

describe('self-service unlock (passwordPolicy.selfServiceUnlock)', () => {
  it("the identify form offers unlock-account, and it asks for the identifier and an authenticator in Okta's shape", async () => {
    const start = await begin(h);
    expect(names(start.doc)).toContain('unlock-account');
    const unlock = start.doc.remediation.value.find((r: IdxDoc) => r.name === 'unlock-account');
    expect(new URL(unlock.href).pathname).toBe('/idp/idx/unlock-account');
    const { form } = await toUnlockForm();
    expect(form.status).toBe(200);
    expect(names(form.doc)).toEqual(['select-authenticator-unlock-account']);
    const remediation = form.doc.remediation.value[0];
    expect(new URL(remediation.href).pathname).toBe('/idp/idx/challenge');
    expect(remediation.value[0]).toMatchObject({ name: 'identifier', label: 'Username', required: true });
    const options = remediation.value[1].options as IdxDoc[];
    expect(options.map((o) => o.label)).toEqual(['Email', 'Phone']);
    expect(options[0]?.relatesTo).toBe('$.authenticators.value[0]');
    expect(form.doc.authenticators.value.map((a: IdxDoc) => a.key)).toEqual(['okta_email', 'phone_number']);
  });

  it('a locked-out user proves it by email: the account is ACTIVE again, user.account.unlock is logged, and the password signs in', async () => {
    const user = await lockedUser();
    const { form } = await toUnlockForm();
    const challenge = await remediate(h, form.doc, 'select-authenticator-unlock-account', {
      identifier: user.profile.login,
      authenticator: { id: optionId(form.doc, 'Email'), methodType: 'email' },
    });
    expect(challenge.status).toBe(200);
    expect(names(challenge.doc)).toContain('challenge-authenticator');
    expect(challenge.doc.currentAuthenticatorEnrollment.value.key).toBe('okta_email');
    const wrong = await remediate(h, challenge.doc, 'challenge-authenticator', { credentials: { passcode: '000000' } });
    expect(wrong.status).toBe(401);
    expect((await h.ctx.store.userById(user.id))?.status).toBe('LOCKED_OUT');

    const code = await latestCode(h, user.profile.email);
    const done = await remediate(h, challenge.doc, 'challenge-authenticator', { credentials: { passcode: code } });
    expect(done.status).toBe(200);
    expect(done.doc.remediation).toBeUndefined();
    expect(done.doc.messages.value).toEqual([
      {
        message: 'You can log in using your existing username and password.',
        i18n: { key: 'oie.selfservice.unlock_user.success.message', params: [] },
        class: 'INFO',
      },
    ]);
    expect((await h.ctx.store.userById(user.id))?.status).toBe('ACTIVE');
    expect(await logsFor(user.id, 'user.account.unlock')).toHaveLength(1);
    await expect(signIn(h, user.profile.login, PASSWORD)).resolves.toBeDefined();
  });

  it('an identifier of no locked-out account gets the same screens and no code goes out', async () => {
    const active = await makeUser(h);
    for (const identifier of ['nobody-at-all@example.test', active.profile.login]) {
      const { form } = await toUnlockForm();
      const challenge = await remediate(h, form.doc, 'select-authenticator-unlock-account', {
        identifier,
        authenticator: { id: optionId(form.doc, 'Email'), methodType: 'email' },
      });
      expect(challenge.status).toBe(200);
      expect(names(challenge.doc)).toContain('challenge-authenticator');
      expect(await h.ctx.store.outbox({ to: identifier, limit: 10 })).toHaveLength(0);
      const answer = await remediate(h, challenge.doc, 'challenge-authenticator', { credentials: { passcode: '123456' } });
      expect(answer.status).toBe(401);
    }
  });

  it("bad input is a 400 in Okta's shape: no identifier, an unknown authenticator, one not offered", async () => {
    const { form } = await toUnlockForm();
    const noIdentifier = await remediate(h, form.doc, 'select-authenticator-unlock-account', {
      authenticator: { id: optionId(form.doc, 'Email') },
    });
    expect(noIdentifier.status).toBe(400);
    expect(noIdentifier.doc.messages.value[0].class).toBe('ERROR');
    const unknown = await remediate(h, form.doc, 'select-authenticator-unlock-account', {
      identifier: 'someone@example.test',
      authenticator: { id: 'autNotAnAuthenticator' },
    });
    expect(unknown.status).toBe(400);
    const password = h.ctx.config.passwordPolicy && (await begin(h));
    const pwd = await remediate(h, password.doc, 'identify', { identifier: 'x@example.test' });
    const pwdId = pwd.doc.currentAuthenticatorEnrollment.value.id as string;
    const notOffered = await remediate(h, form.doc, 'select-authenticator-unlock-account', {
      identifier: 'someone@example.test',
      authenticator: { id: pwdId },
    });
    expect(notOffered.status).toBe(400);
  });
});

describe('without the setting', () => {
  it('the identify form offers no unlock-account, and posting it is refused', async () => {
    const plain = await startHarness();
    try {
      const start = await begin(plain);
      expect(names(start.doc)).not.toContain('unlock-account');
      const res = await remediate(
        plain,
        { ...start.doc, remediation: { value: [{ name: 'unlock-account', href: 'http://x/idp/idx/unlock-account' }] } },
        'unlock-account',
        {},
      );
      expect(res.status).toBe(403);
      expect(res.doc.messages.value[0].i18n.key).toBe('errors.E0000032');
    } finally {
      plain.close();
    }
  });
});
