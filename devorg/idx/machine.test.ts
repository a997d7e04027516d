import { describe, expect, it } from 'vitest';
import { acceptedRemediations, amrFor, transition, type TxData } from './machine';

const base: TxData = {
  clientId: 'c',
  redirectUri: 'http://localhost:8080/login/callback',
  scopes: ['openid'],
  codeChallenge: 'x'.repeat(43),
  state: 's',
  createdAt: 0,
  step: { name: 'identify' },
  verified: [],
};
const deps = { newInteractionCode: () => 'code-1' };
const active = { id: '00uACTIVE', status: 'ACTIVE' as const };

describe('sign-in state machine', () => {
  it('identify moves a known active user to the password challenge', () => {
    const out = transition(base, { type: 'identify', identifier: 'a@b.c', user: active, displayUserId: '00uFAKE' }, 1000, deps);
    expect(out.status).toBe(200);
    expect(out.data.step).toEqual({ name: 'challenge', authenticator: 'okta_password' });
    expect(out.data.userId).toBe('00uACTIVE');
    expect(out.data.displayUserId).toBe('00uACTIVE');
  });

  it('an unknown or deactivated user takes the same path with a decoy id (no enumeration)', () => {
    for (const user of [undefined, { id: '00uGONE', status: 'DEPROVISIONED' as const }]) {
      const out = transition(base, { type: 'identify', identifier: 'x@y.z', user, displayUserId: '00uFAKE' }, 1000, deps);
      expect(out.status).toBe(200);
      expect(out.data.step).toEqual({ name: 'challenge', authenticator: 'okta_password' });
      expect(out.data.userId).toBeUndefined();
      expect(out.data.displayUserId).toBe('00uFAKE');
    }
  });

  it('a right password finishes with an interaction code and records auth time and factors', () => {
    const challenged = transition(base, { type: 'identify', identifier: 'a@b.c', user: active, displayUserId: 'f' }, 1000, deps).data;
    const out = transition(challenged, { type: 'answer', authenticator: 'okta_password', result: { ok: true } }, 5000, deps);
    expect(out.data.step).toEqual({ name: 'success', interactionCode: 'code-1' });
    expect(out.data.verified).toEqual(['okta_password']);
    expect(out.data.authTime).toBe(5000);
  });

  it('a wrong password keeps the challenge with a 401 and the incorrectPassword message', () => {
    const challenged = transition(base, { type: 'identify', identifier: 'a@b.c', user: active, displayUserId: 'f' }, 1000, deps).data;
    const out = transition(challenged, { type: 'answer', authenticator: 'okta_password', result: { ok: false, reason: 'invalid' } }, 2000, deps);
    expect(out.status).toBe(401);
    expect(out.data).toBe(challenged);
    expect(out.messages?.[0]?.i18n?.key).toBe('incorrectPassword');
  });

  it('even a "right" answer fails for an unknown user', () => {
    const challenged = transition(base, { type: 'identify', identifier: 'x@y.z', user: undefined, displayUserId: 'f' }, 1000, deps).data;
    const out = transition(challenged, { type: 'answer', authenticator: 'okta_password', result: { ok: true } }, 2000, deps);
    expect(out.status).toBe(401);
    expect(out.data.step.name).toBe('challenge');
  });

  it('refuses events that do not fit the step without changing state', () => {
    const out = transition(base, { type: 'answer', authenticator: 'okta_password', result: { ok: true } }, 0, deps);
    expect(out.status).toBe(400);
    expect(out.data).toBe(base);
    expect(acceptedRemediations({ name: 'success', interactionCode: 'c' })).toEqual([]);
    expect(acceptedRemediations(base.step)).toEqual(['identify']);
  });

  it('amr lists each method once and adds mfa for more than one', () => {
    const amrOf = (k: string) => ({ okta_password: 'pwd', google_otp: 'otp' })[k] ?? k;
    expect(amrFor(['okta_password'], amrOf)).toEqual(['pwd']);
    expect(amrFor(['okta_password', 'google_otp'], amrOf)).toEqual(['pwd', 'otp', 'mfa']);
  });
});
