/**
 * The sign-on policy is worked out after every verified factor, whatever the order: the password is
 * always owed, then one more factor; a step accepts only what it offers; cancel restarts cleanly.
 */
import { describe, expect, it } from 'vitest';
import { acceptedRemediations, alternativeFactors, owedFactor, transition, type TxData } from './machine';
import { baseTx, machineDeps } from './machine.fixtures';

const mfa = machineDeps({ secondFactor: true, optionalEnrollments: ['google_otp', 'phone_number'] });
const user = {
  id: '00uUSER',
  status: 'ACTIVE' as const,
  email: 'u@example.test',
  enrolled: ['okta_password' as const, 'okta_email' as const],
};

function identified(deps = mfa, who = user): TxData {
  return transition(baseTx, { type: 'identify', identifier: who.email, user: who, displayUserId: '00uFAKE' }, 1000, deps).data;
}

describe('what the sign-on policy still owes', () => {
  it('the password first, then a second factor, then nothing', () => {
    const tx = identified();
    expect(owedFactor(tx, mfa.policy)).toBe('password');
    expect(owedFactor({ ...tx, verified: ['okta_email'] }, mfa.policy)).toBe('password');
    expect(owedFactor({ ...tx, verified: ['okta_password'] }, mfa.policy)).toBe('second-factor');
    expect(owedFactor({ ...tx, verified: ['okta_password', 'okta_email'] }, mfa.policy)).toBeUndefined();
    expect(owedFactor({ ...tx, verified: ['okta_password'] }, { ...mfa.policy, secondFactor: false })).toBeUndefined();
  });

  it('an email verified first leads on to the password, not to success', () => {
    // However the transaction came to verify email first, success still waits for the password.
    const atEmail: TxData = { ...identified(), step: { name: 'challenge', authenticator: 'okta_email' } };
    const out = transition(atEmail, { type: 'answer', authenticator: 'okta_email', result: { ok: true } }, 2000, mfa);
    expect(out.data.step).toEqual({ name: 'challenge', authenticator: 'okta_password' });
    expect(out.data.verified).toEqual(['okta_email']);
    const done = transition(out.data, { type: 'answer', authenticator: 'okta_password', result: { ok: true } }, 3000, mfa);
    expect(done.data.step.name).toBe('success');
    expect(done.data.verified).toEqual(['okta_email', 'okta_password']);
  });

  it('the password challenge offers no way around it (its list holds only the password), and refuses a switch to another factor', () => {
    const tx = identified();
    expect(alternativeFactors(tx)).toEqual([]);
    const out = transition(tx, { type: 'select-authenticator', authenticator: 'okta_email' }, 2000, mfa);
    expect(out.status).toBe(400);
    expect(out.data).toBe(tx);
  });

  it('a user without any second factor must set one up (no "Set up later") before success', () => {
    const bare = { ...user, enrolled: ['okta_password' as const] };
    const noEmail = machineDeps({
      secondFactor: true,
      requiredEnrollments: ['okta_password'],
      optionalEnrollments: ['google_otp', 'phone_number'],
    });
    const out = transition(
      identified(noEmail, bare),
      { type: 'answer', authenticator: 'okta_password', result: { ok: true } },
      2000,
      noEmail,
    );
    expect(out.data.step).toEqual({ name: 'select-enroll', options: ['google_otp', 'phone_number'], required: true });
    expect(acceptedRemediations(out.data.step, out.data)).toEqual(['select-authenticator-enroll']);
    expect(transition(out.data, { type: 'skip' }, 3000, noEmail).status).toBe(400);
  });

  it('with nothing at all that could satisfy it, sign-in ends on a terminal message rather than success', () => {
    const bare = { ...user, enrolled: ['okta_password' as const] };
    const nothing = machineDeps({ secondFactor: true, requiredEnrollments: ['okta_password'], optionalEnrollments: [] });
    const out = transition(
      identified(nothing, bare),
      { type: 'answer', authenticator: 'okta_password', result: { ok: true } },
      2000,
      nothing,
    );
    expect(out.status).toBe(403);
    expect(out.data.step.name).toBe('terminal');
  });
});

describe('the lists beside a challenge and an enrollment (Okta: "Verify with something else", "Return to authenticator list")', () => {
  it('the authenticator being verified, picked again, starts over: the password form again; a code sent again as a resend', () => {
    const tx = identified();
    const again = transition(tx, { type: 'select-authenticator', authenticator: 'okta_password' }, 2000, mfa);
    expect(again.status).toBe(200);
    expect(again.data.step).toEqual({ name: 'challenge', authenticator: 'okta_password' });

    const atEmail = transition(tx, { type: 'answer', authenticator: 'okta_password', result: { ok: true } }, 2000, mfa).data;
    expect(atEmail.step).toMatchObject({ name: 'challenge', authenticator: 'okta_email', code: { sends: 1 } });
    let last = transition(atEmail, { type: 'select-authenticator', authenticator: 'okta_email' }, 3000, mfa);
    expect(last.data.step).toMatchObject({ name: 'challenge', authenticator: 'okta_email', code: { sends: 2 } });
    expect(last.effects?.map((e) => e.type)).toEqual(['send-code']);
    // The policy's limit holds however the code is asked for again.
    for (let i = 0; i < mfa.policy.maxCodeSends; i++)
      last = transition(last.data, { type: 'select-authenticator', authenticator: 'okta_email' }, 4000, mfa);
    expect(last.status).toBe(429);
    // A method the challenge is not using is no way to switch methods unasked.
    expect(transition(atEmail, { type: 'select-authenticator', authenticator: 'okta_email', methodType: 'sms' }, 3000, mfa).status).toBe(
      400,
    );
  });

  it('a required enrollment started on its own offers what else may be set up; picked first, the required one still follows', () => {
    const bare = { ...user, enrolled: ['okta_password' as const] };
    const passed = transition(identified(mfa, bare), { type: 'answer', authenticator: 'okta_password', result: { ok: true } }, 2000, mfa);
    expect(passed.data.step).toMatchObject({
      name: 'enroll',
      authenticator: 'okta_email',
      from: { options: ['okta_email', 'google_otp', 'phone_number'], required: true },
    });
    expect(acceptedRemediations(passed.data.step, passed.data)).toContain('select-authenticator-enroll');
    // No "Set up later" beside a required one.
    expect(transition(passed.data, { type: 'skip' }, 3000, mfa).status).toBe(400);
    const totp = transition(passed.data, { type: 'select-authenticator', authenticator: 'google_otp' }, 3000, mfa);
    expect(totp.data.step).toMatchObject({ name: 'enroll', authenticator: 'google_otp' });
    const enrollment = { key: 'google_otp' as const, profile: {}, secret: { secret: 'JBSWY3DPEHPK3PXP' } };
    const done = transition(totp.data, { type: 'enroll-answer', result: { ok: true, enrollment } }, 4000, mfa);
    // Two factors verified, yet the required email is still owed before anything ends the flow.
    expect(done.data.step).toMatchObject({ name: 'enroll', authenticator: 'okta_email' });
    expect(done.data.step.name === 'enroll' && done.data.step.from?.options).toEqual(['okta_email', 'phone_number']);
  });
});

describe('cancel', () => {
  it('goes through the machine and keeps nothing of the abandoned attempt', () => {
    // One user verified the password and started setting up Google Authenticator (a pending enrollment).
    const pending: TxData = {
      ...identified(),
      verified: ['okta_password'],
      profiles: {
        phone_number: { phoneNumber: '+15555550100' },
        security_question: { questionKey: 'disliked_food', question: 'What is the food you least liked as a child?' },
      },
      rememberMe: true,
      newEnrollments: [{ key: 'google_otp', profile: {}, secret: { secret: 'JBSWY3DPEHPK3PXP' } }],
      skippedOptional: true,
      step: { name: 'enroll', authenticator: 'google_otp', secret: 'JBSWY3DPEHPK3PXP' },
    };
    const out = transition(pending, { type: 'cancel' }, 5000, mfa);
    expect(out.status).toBe(200);
    expect(out.data).toEqual({ ...baseTx, step: { name: 'identify' }, verified: [] });

    // A second user identified on the same transaction owes everything, as on a fresh one.
    const other = { ...user, id: '00uOTHER', email: 'o@example.test', enrolled: ['okta_password' as const] };
    const next = transition(out.data, { type: 'identify', identifier: other.email, user: other, displayUserId: 'f' }, 6000, mfa);
    const passed = transition(next.data, { type: 'answer', authenticator: 'okta_password', result: { ok: true } }, 7000, mfa);
    // Email is a required enrollment this user lacks: the first user's pending set-up does not stand in for it.
    expect(passed.data.step).toMatchObject({ name: 'enroll', authenticator: 'okta_email' });
    expect(passed.data.newEnrollments).toBeUndefined();
  });
});
