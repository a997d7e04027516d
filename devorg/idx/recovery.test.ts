import { describe, expect, it } from 'vitest';
import { acceptedRemediations, transition, type Effect, type IdentifiedUser, type MachineDeps, type TxData } from './machine';
import { baseTx, machineDeps } from './machine.fixtures';

const base = baseTx;
const deps = machineDeps({ secondFactor: true, recovery: { authenticators: ['okta_email', 'phone_number'], unlocks: true } });
const withPolicy = (policy: Partial<MachineDeps['policy']>): MachineDeps => ({ ...deps, policy: { ...deps.policy, ...policy } });

const alice: IdentifiedUser = { id: '00uALICE', status: 'ACTIVE', email: 'alice@example.test', enrolled: ['okta_email'] };

/** The password challenge after identify, for `user` (undefined: an unknown identifier). */
function atPassword(user: IdentifiedUser | undefined, identifier = 'alice@example.test'): TxData {
  const out = transition(base, { type: 'identify', identifier, user, displayUserId: '00uDECOY' }, 1000, deps);
  expect(out.data.step).toEqual({ name: 'challenge', authenticator: 'okta_password' });
  return out.data;
}

const sent = (effects: Effect[] | undefined) => (effects ?? []).filter((e) => e.type === 'send-code');

describe('password recovery state machine', () => {
  it('"Forgot password?" on the password challenge sends an email code for recovery', () => {
    const challenge = atPassword(alice);
    expect(acceptedRemediations(challenge.step)).toContain('recover');
    const out = transition(challenge, { type: 'recover', user: alice }, 2000, deps);
    expect(out.status).toBe(200);
    expect(out.data.step).toMatchObject({ name: 'challenge', authenticator: 'okta_email', code: { sends: 1 } });
    expect(out.data.recovery).toEqual({ options: ['okta_email'] });
    expect(out.data.userId).toBe('00uALICE');
    expect(sent(out.effects)).toEqual([
      { type: 'send-code', kind: 'email', to: 'alice@example.test', code: '123456', purpose: 'recovery' },
    ]);
    // Not offered on other steps.
    expect(acceptedRemediations(out.data.step)).not.toContain('recover');
    expect(transition(out.data, { type: 'recover', user: alice }, 2000, deps).status).toBe(400);
  });

  it('with an enrolled phone the user picks email or SMS, and only those', () => {
    const both: IdentifiedUser = {
      ...alice,
      profiles: { phone_number: { phoneNumber: '+14155550100' } },
      enrolled: ['okta_email', 'phone_number'],
    };
    const out = transition(atPassword(both), { type: 'recover', user: both }, 2000, deps);
    expect(out.data.step).toEqual({ name: 'select-authenticate', options: ['okta_email', 'phone_number'] });
    expect(out.effects).toBeUndefined();
    // A phone asks first how to send the code (text or call): SMS.
    const how = transition(out.data, { type: 'select-authenticator', authenticator: 'phone_number' }, 3000, deps);
    expect(how.data.step).toEqual({ name: 'challenge-data', authenticator: 'phone_number' });
    expect(how.effects).toBeUndefined();
    const sms = transition(how.data, { type: 'select-authenticator', authenticator: 'phone_number', methodType: 'sms' }, 3000, deps);
    expect(sms.data.step).toMatchObject({ name: 'challenge', authenticator: 'phone_number' });
    expect(sent(sms.effects)).toMatchObject([{ kind: 'sms', to: '+14155550100', purpose: 'recovery' }]);
    expect(transition(out.data, { type: 'select-authenticator', authenticator: 'google_otp' }, 3000, deps).status).toBe(400);
  });

  it('the right code leads to the new-password form; the new password signs in with a set-password effect', () => {
    const challenged = transition(atPassword(alice), { type: 'recover', user: alice }, 2000, deps).data;
    const wrong = transition(
      challenged,
      { type: 'answer', authenticator: 'okta_email', result: { ok: false, reason: 'invalid' } },
      2500,
      deps,
    );
    expect(wrong.status).toBe(401);
    expect(wrong.data.step).toMatchObject({ name: 'challenge', code: { failures: 1 } });

    const proven = transition(challenged, { type: 'answer', authenticator: 'okta_email', result: { ok: true } }, 3000, deps);
    expect(proven.data.step).toEqual({ name: 'reset-password' });
    expect(proven.data.verified).toEqual(['okta_email']);
    expect(acceptedRemediations(proven.data.step)).toEqual(['reset-authenticator']);

    const refused = transition(proven.data, { type: 'reset-password', fieldMessages: { 'credentials.passcode': [] } }, 4000, deps);
    expect(refused.status).toBe(400);
    expect(refused.data).toBe(proven.data);

    const done = transition(proven.data, { type: 'reset-password', passwordHash: 'scrypt$new', revokeSessions: true }, 5000, deps);
    expect(done.data.step).toEqual({ name: 'success', interactionCode: 'code-1' });
    expect(done.data.verified).toEqual(['okta_email', 'okta_password']);
    expect(done.data.authTime).toBe(5000);
    expect(done.data.recovery).toBeUndefined();
    expect(done.effects).toEqual([{ type: 'set-password', userId: '00uALICE', passwordHash: 'scrypt$new', revokeSessions: true }]);
  });

  it('a profile email never set up as an authenticator becomes one once its code is answered', () => {
    const fresh: IdentifiedUser = { ...alice, enrolled: [] };
    const challenged = transition(atPassword(fresh), { type: 'recover', user: fresh }, 2000, deps).data;
    const proven = transition(challenged, { type: 'answer', authenticator: 'okta_email', result: { ok: true } }, 3000, deps);
    expect(proven.effects).toEqual([
      { type: 'save-enrollment', userId: '00uALICE', enrollment: { key: 'okta_email', profile: { email: 'alice@example.test' } } },
    ]);
  });

  it('an unknown identifier gets the same screens, but no code is sent and none is accepted', () => {
    const challenge = atPassword(undefined, 'nobody@example.test');
    const out = transition(challenge, { type: 'recover', user: undefined }, 2000, deps);
    expect(out.status).toBe(200);
    expect(out.data.step).toMatchObject({ name: 'challenge', authenticator: 'okta_email' });
    expect(out.data.displayUserId).toBe('00uDECOY');
    expect(out.effects).toEqual([]);
    expect(transition(out.data, { type: 'resend' }, 3000, deps).effects).toEqual([]);
    const answered = transition(out.data, { type: 'answer', authenticator: 'okta_email', result: { ok: true } }, 3000, deps);
    expect(answered.status).toBe(401);
  });

  it('a locked-out account recovers only when recovery unlocks; suspended ones look unknown', () => {
    const locked: IdentifiedUser = { ...alice, status: 'LOCKED_OUT' };
    const challenge = atPassword(locked);
    expect(challenge.userId).toBeUndefined(); // identify does not resolve it
    const unlocking = transition(challenge, { type: 'recover', user: locked }, 2000, deps);
    expect(unlocking.data.userId).toBe('00uALICE');
    expect(sent(unlocking.effects)).toHaveLength(1);

    const noUnlock = withPolicy({ recovery: { authenticators: ['okta_email'], unlocks: false } });
    const refused = transition(challenge, { type: 'recover', user: locked }, 2000, noUnlock);
    expect(refused.data.userId).toBeUndefined();
    expect(refused.effects).toEqual([]);

    const suspended = transition(challenge, { type: 'recover', user: { ...alice, status: 'SUSPENDED' } }, 2000, deps);
    expect(suspended.data.userId).toBeUndefined();
    expect(suspended.effects).toEqual([]);
  });

  it('when the policy allows no recovery, Okta answers "Reset password is not allowed" and stays', () => {
    const challenge = atPassword(alice);
    const out = transition(
      challenge,
      { type: 'recover', user: alice },
      2000,
      withPolicy({ recovery: { authenticators: [], unlocks: true } }),
    );
    expect(out.status).toBe(403);
    expect(out.data).toBe(challenge);
    expect(out.messages?.[0]?.i18n?.key).toBe('oie.selfservice.reset.password.not.allowed');
  });

  it('with the password on the identify form, "Forgot password?" there asks for the identifier first', () => {
    expect(transition(base, { type: 'recover', user: undefined }, 0, deps).status).toBe(400); // identifier first: not offered
    const onIdentify = withPolicy({ passwordOnIdentify: true });
    const asked = transition(base, { type: 'recover', user: undefined }, 0, onIdentify);
    expect(asked.data.step).toEqual({ name: 'identify-recovery' });
    expect(acceptedRemediations(asked.data.step)).toEqual(['select-enroll-profile', 'identify-recovery']);
    const out = transition(
      asked.data,
      { type: 'identify', identifier: 'alice@example.test', user: alice, displayUserId: 'd' },
      1,
      onIdentify,
    );
    expect(out.data.step).toMatchObject({ name: 'challenge', authenticator: 'okta_email' });
    expect(out.data.displayUserId).toBe('00uALICE');
    expect(sent(out.effects)).toMatchObject([{ to: 'alice@example.test', purpose: 'recovery' }]);
    const unknown = transition(asked.data, { type: 'identify', identifier: 'x@y.z', user: undefined, displayUserId: 'd' }, 1, onIdentify);
    expect(unknown.data.displayUserId).toBe('d');
    expect(unknown.effects).toEqual([]);
  });
});
