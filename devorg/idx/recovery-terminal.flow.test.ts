/**
 * A recovery that ends at its new password (`passwordPolicy.signInAfterRecovery: false`): Okta's terminal
 * `idx.recovery.completed`, the password changed, no org session and no interaction code; the user then
 * signs in afresh with the new password.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig, loadConfig } from '../config';
import { begin, latestCode, makeUser, remediate, signIn, startHarness, type Harness, type IdxDoc } from '../testing/harness';

const DEFAULTS = defaultConfig();
let h: Harness;
beforeAll(async () => {
  h = await startHarness({ policies: DEFAULTS.policies, passwordPolicy: { ...DEFAULTS.passwordPolicy, signInAfterRecovery: false } });
});
afterAll(() => h.close());

const NEW_PASSWORD = 'Fresh-Meadow-73';

describe('a recovery that does not sign in (passwordPolicy.signInAfterRecovery: false)', () => {
  it('ends on Okta’s terminal after the new password, which then signs in', async () => {
    const user = await makeUser(h);
    const challenge = await remediate(h, (await begin(h)).doc, 'identify', { identifier: user.profile.login });
    const recover = challenge.doc.currentAuthenticatorEnrollment.value.recover;
    const res = await h.app.request(new URL(recover.href).pathname, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: 'http://localhost:8080' },
      body: JSON.stringify({ stateHandle: challenge.doc.stateHandle }),
    });
    const recovering = (await res.json()) as IdxDoc;
    const code = await latestCode(h, user.profile.email);
    const reset = await remediate(h, recovering, 'challenge-authenticator', { credentials: { passcode: code } });
    const done = await remediate(h, reset.doc, 'reset-authenticator', { credentials: { passcode: NEW_PASSWORD } });
    expect(done.status).toBe(200);
    expect(done.doc.messages.value).toEqual([
      {
        message: 'You can now sign in with your existing username and new password.',
        i18n: { key: 'idx.recovery.completed' },
        class: 'INFO',
      },
    ]);
    expect(done.doc.remediation).toBeUndefined();
    expect(done.doc.successWithInteractionCode).toBeUndefined();
    expect(done.headers.get('set-cookie') ?? '').not.toMatch(/\bidx=/);
    expect((await signIn(h, user.profile.login, NEW_PASSWORD)).code).toBeTruthy();
  });

  it('is checked strictly in the config', () => {
    expect(() =>
      loadConfig({}, { passwordPolicy: { ...DEFAULTS.passwordPolicy, signInAfterRecovery: 'no' as unknown as boolean } }),
    ).toThrow(/passwordPolicy\.signInAfterRecovery/);
  });
});
