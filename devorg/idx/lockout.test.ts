import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig } from '../config';
import { begin, makeUser, PASSWORD, remediate, startHarness, type Harness } from '../testing/harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ passwordPolicy: { ...defaultConfig().passwordPolicy, lockoutAttempts: 3 } });
});
afterAll(() => h.close());

async function answer(login: string, password: string) {
  const start = await begin(h);
  const challenge = await remediate(h, start.doc, 'identify', { identifier: login });
  return remediate(h, challenge.doc, 'challenge-authenticator', { credentials: { passcode: password } });
}

const api = (path: string, init: RequestInit = {}) =>
  h.app.request(`/api/v1${path}`, {
    ...init,
    headers: { Authorization: `SSWS ${h.config.apiTokens[0]}`, Accept: 'application/json', ...init.headers },
  });

describe('password lockout', () => {
  it('locks after N consecutive wrong passwords, refuses the right one, and an admin unlock restores sign-in', async () => {
    const user = await makeUser(h);
    expect((await answer(user.profile.login, 'Wrong-Passw0rd-1')).doc.messages.value[0].i18n.key).toBe('incorrectPassword');
    expect((await answer(user.profile.login, 'Wrong-Passw0rd-2')).status).toBe(401);
    const third = await answer(user.profile.login, 'Wrong-Passw0rd-3');
    expect(third.status).toBe(403);
    expect(third.doc.messages.value[0]).toMatchObject({
      message: 'Your account is locked. Please contact your administrator.',
      class: 'ERROR',
    });
    expect(third.doc.version).toBe('1.0.0');

    const right = await answer(user.profile.login, PASSWORD);
    expect(right.status).toBe(403);
    expect(right.doc.successWithInteractionCode).toBeUndefined();
    expect(((await (await api(`/users/${user.id}`)).json()) as { status: string }).status).toBe('LOCKED_OUT');

    expect((await api(`/users/${user.id}/lifecycle/unlock`, { method: 'POST' })).status).toBe(200);
    expect((await answer(user.profile.login, PASSWORD)).doc.successWithInteractionCode).toBeDefined();
  });

  it('the right password is refused in the very form that just locked the account', async () => {
    const user = await makeUser(h);
    const start = await begin(h);
    const challenge = await remediate(h, start.doc, 'identify', { identifier: user.profile.login });
    const submit = (passcode: string) => remediate(h, challenge.doc, 'challenge-authenticator', { credentials: { passcode } });
    expect((await submit('Wrong-Passw0rd-1')).status).toBe(401);
    expect((await submit('Wrong-Passw0rd-2')).status).toBe(401);
    expect((await submit('Wrong-Passw0rd-3')).status).toBe(403);
    const right = await submit(PASSWORD);
    expect(right.status).toBe(403);
    expect(right.doc.messages.value[0].i18n.key).toBe('errors.E0000119');
    expect(right.doc.successWithInteractionCode).toBeUndefined();
  });

  it('a success resets the count: failures must be consecutive', async () => {
    const user = await makeUser(h);
    await answer(user.profile.login, 'Wrong-Passw0rd-1');
    await answer(user.profile.login, 'Wrong-Passw0rd-2');
    expect((await answer(user.profile.login, PASSWORD)).doc.successWithInteractionCode).toBeDefined();
    await answer(user.profile.login, 'Wrong-Passw0rd-3');
    expect((await answer(user.profile.login, 'Wrong-Passw0rd-4')).status).toBe(401);
    expect((await h.ctx.store.userById(user.id))?.status).toBe('ACTIVE');
  });

  it('an unknown username is never "locked" (nothing to enumerate)', async () => {
    for (let i = 0; i < 4; i++) expect((await answer('nobody.here@example.test', 'Wrong-Passw0rd-1')).status).toBe(401);
  });
});
