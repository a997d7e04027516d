import { describe, expect, it } from 'vitest';
import { acceptedRemediations, amrFor, transition, type MachineDeps } from './machine';
import { defaultConfig } from '../config';
import { baseTx, machineDeps } from './machine.fixtures';
import { loginTakenMessages } from './registration';

const base = baseTx;
/** The registrant's password, as the password authenticator's `enroll` hands it to the machine. */
const passwordSet = (passwordHash: string) => ({
  ok: true as const,
  enrollment: { key: 'okta_password' as const, profile: {}, secret: { passwordHash } },
});
const deps = machineDeps();
const active = { id: '00uACTIVE', status: 'ACTIVE' as const };
/** The walking skeleton's policy for the sign-in tests: password only. */
const passwordOnly: MachineDeps = { ...deps, policy: { ...deps.policy, requiredEnrollments: ['okta_password'] } };

describe('sign-in state machine', () => {
  it('identify moves a known active user to the password challenge', () => {
    const out = transition(base, { type: 'identify', identifier: 'a@b.c', user: active, displayUserId: '00uFAKE' }, 1000, passwordOnly);
    expect(out.status).toBe(200);
    expect(out.data.step).toEqual({ name: 'challenge', authenticator: 'okta_password' });
    expect(out.data.userId).toBe('00uACTIVE');
    expect(out.data.displayUserId).toBe('00uACTIVE');
  });

  it('an unknown or deactivated user takes the same path with a decoy id (no enumeration)', () => {
    for (const user of [undefined, { id: '00uGONE', status: 'DEPROVISIONED' as const }]) {
      const out = transition(base, { type: 'identify', identifier: 'x@y.z', user, displayUserId: '00uFAKE' }, 1000, passwordOnly);
      expect(out.status).toBe(200);
      expect(out.data.step).toEqual({ name: 'challenge', authenticator: 'okta_password' });
      expect(out.data.userId).toBeUndefined();
      expect(out.data.displayUserId).toBe('00uFAKE');
    }
  });

  it('a right password finishes with an interaction code and records auth time and factors', () => {
    const challenged = transition(
      base,
      { type: 'identify', identifier: 'a@b.c', user: active, displayUserId: 'f' },
      1000,
      passwordOnly,
    ).data;
    const out = transition(challenged, { type: 'answer', authenticator: 'okta_password', result: { ok: true } }, 5000, passwordOnly);
    expect(out.data.step).toEqual({ name: 'success', interactionCode: 'code-1' });
    expect(out.data.verified).toEqual(['okta_password']);
    expect(out.data.authTime).toBe(5000);
  });

  it('a wrong password keeps the challenge with a 401 and the incorrectPassword message', () => {
    const challenged = transition(
      base,
      { type: 'identify', identifier: 'a@b.c', user: active, displayUserId: 'f' },
      1000,
      passwordOnly,
    ).data;
    const out = transition(
      challenged,
      { type: 'answer', authenticator: 'okta_password', result: { ok: false, reason: 'invalid' } },
      2000,
      passwordOnly,
    );
    expect(out.status).toBe(401);
    expect(out.data).toBe(challenged);
    expect(out.messages?.[0]?.i18n?.key).toBe('incorrectPassword');
  });

  it('even a "right" answer fails for an unknown user', () => {
    const challenged = transition(
      base,
      { type: 'identify', identifier: 'x@y.z', user: undefined, displayUserId: 'f' },
      1000,
      passwordOnly,
    ).data;
    const out = transition(challenged, { type: 'answer', authenticator: 'okta_password', result: { ok: true } }, 2000, passwordOnly);
    expect(out.status).toBe(401);
    expect(out.data.step.name).toBe('challenge');
  });

  it('refuses events that do not fit the step without changing state', () => {
    const out = transition(base, { type: 'answer', authenticator: 'okta_password', result: { ok: true } }, 0, passwordOnly);
    expect(out.status).toBe(400);
    expect(out.data).toBe(base);
    expect(acceptedRemediations({ name: 'success', interactionCode: 'c' })).toEqual([]);
    expect(acceptedRemediations(base.step)).toEqual(['identify', 'select-enroll-profile', 'recover', 'unlock-account']);
  });

  it('amr lists each method once and adds mfa for more than one', () => {
    const amrOf = (k: string) => ({ okta_password: 'pwd', google_otp: 'otp' })[k] ?? k;
    expect(amrFor(['okta_password'], amrOf)).toEqual(['pwd']);
    expect(amrFor(['okta_password', 'google_otp'], amrOf)).toEqual(['pwd', 'otp', 'mfa']);
  });
});

describe('registration (enrollment) state machine', () => {
  const atProfile = transition(base, { type: 'select-enroll-profile' }, 0, deps).data;
  const profile = { email: 'new@example.test', firstName: 'New', lastName: 'Person' };

  it('"Sign up" opens the registration form only when the policy allows it', () => {
    expect(atProfile.step).toEqual({ name: 'enroll-profile' });
    const off = transition(base, { type: 'select-enroll-profile' }, 0, { ...deps, policy: { ...deps.policy, registration: false } });
    expect(off.status).toBe(403);
    expect(off.data).toBe(base);
    expect(off.messages?.[0]?.i18n?.key).toBe('idx.error.registration.unavailable');
  });

  it('a profile with field problems stays on the form with the messages; a good one asks for a password', () => {
    const fieldMessages = { 'userProfile.email': [{ message: 'bad', class: 'ERROR' as const }] };
    const bad = transition(atProfile, { type: 'enroll-profile', profile: {}, fieldMessages }, 0, deps);
    expect(bad.status).toBe(400);
    expect(bad.data).toBe(atProfile);
    expect(bad.fieldMessages).toEqual(fieldMessages);
    const good = transition(atProfile, { type: 'enroll-profile', profile }, 0, deps);
    // …offering the email beside it (either may come first; both are required, so no "Set up later").
    expect(good.data.step).toEqual({
      name: 'enroll',
      authenticator: 'okta_password',
      from: { options: ['okta_password', 'okta_email'], required: true },
    });
    expect(good.data.registration).toEqual({ userId: '00uNEW', profile });
    expect(good.effects).toBeUndefined();
  });

  it('password → email code sent (an effect, not I/O) → right code → success with a create-user effect', () => {
    const atPassword = transition(atProfile, { type: 'enroll-profile', profile }, 0, deps).data;
    const toEmail = transition(atPassword, { type: 'enroll-answer', result: passwordSet('scrypt$hash') }, 10, deps);
    expect(toEmail.data.step).toMatchObject({ name: 'enroll', authenticator: 'okta_email', code: { sends: 1, failures: 0 } });
    expect(toEmail.effects).toEqual([{ type: 'send-code', kind: 'email', to: profile.email, code: '123456', purpose: 'registration' }]);
    expect(acceptedRemediations(toEmail.data.step)).toEqual(['enroll-authenticator', 'resend', 'poll']);

    const enrollment = { key: 'okta_email' as const, profile: { email: profile.email } };
    const done = transition(toEmail.data, { type: 'enroll-answer', result: { ok: true, enrollment } }, 20, deps);
    expect(done.data.step).toEqual({ name: 'success', interactionCode: 'code-1' });
    expect(done.data.userId).toBe('00uNEW');
    expect(done.data.verified).toEqual(['okta_password', 'okta_email']);
    expect(done.effects).toEqual([
      { type: 'create-user', registration: { userId: '00uNEW', profile, passwordHash: 'scrypt$hash' }, enrollments: [enrollment] },
    ]);
  });

  it('wrong and expired codes count failures and answer with a field message; resends are limited', () => {
    const atPassword = transition(atProfile, { type: 'enroll-profile', profile }, 0, deps).data;
    const atEmail = transition(atPassword, { type: 'enroll-answer', result: passwordSet('h') }, 0, deps).data;
    const wrong = transition(atEmail, { type: 'enroll-answer', result: { ok: false, reason: 'invalid' } }, 0, deps);
    expect(wrong.status).toBe(401);
    expect(wrong.fieldMessages?.['credentials.passcode']?.[0]?.i18n?.key).toBe('api.authn.error.PASSCODE_INVALID');
    expect(wrong.data.step).toMatchObject({ code: { failures: 1 } });
    const expired = transition(wrong.data, { type: 'enroll-answer', result: { ok: false, reason: 'expired' } }, 0, deps);
    expect(expired.fieldMessages?.['credentials.passcode']?.[0]?.message).toMatch(/expired/);

    let data = atEmail;
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) {
      const out = transition(data, { type: 'resend' }, 0, deps);
      statuses.push(out.status);
      data = out.data;
    }
    // maxCodeSends is 3 and the first send counts: two resends, then "Too many requests".
    expect(statuses).toEqual([200, 200, 429]);
  });

  it('optional authenticators are offered with skip after the required ones; skip finishes', () => {
    const withOptional = { ...deps, policy: { ...deps.policy, optionalEnrollments: ['google_otp' as const] } };
    const atPassword = transition(atProfile, { type: 'enroll-profile', profile }, 0, withOptional).data;
    const atEmail = transition(atPassword, { type: 'enroll-answer', result: passwordSet('h') }, 0, withOptional).data;
    const offered = transition(
      atEmail,
      { type: 'enroll-answer', result: { ok: true, enrollment: { key: 'okta_email', profile: {} } } },
      0,
      withOptional,
    );
    expect(offered.data.step).toEqual({ name: 'select-enroll', options: ['google_otp'] });
    expect(acceptedRemediations(offered.data.step)).toContain('skip');
    const skipped = transition(offered.data, { type: 'skip' }, 0, withOptional);
    expect(skipped.data.step.name).toBe('success');
    expect(skipped.effects?.[0]?.type).toBe('create-user');
  });

  it('a registration that lost the race for its email goes back to the form with the email error', () => {
    const atPassword = transition(atProfile, { type: 'enroll-profile', profile }, 0, deps).data;
    const fieldMessages = loginTakenMessages(defaultConfig().policies.profileAttributes);
    const out = transition(atPassword, { type: 'registration-conflict', fieldMessages }, 0, deps);
    expect(out.status).toBe(400);
    expect(out.data.step).toEqual({ name: 'enroll-profile' });
    expect(out.data.registration).toBeUndefined();
    expect(out.fieldMessages?.['userProfile.email']?.[0]?.message).toBe('A user with this Email already exists');
  });
});
