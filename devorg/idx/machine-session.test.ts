/** The state machine's side of the org session: identify of the session's user skips what it verified. */
import { describe, expect, it } from 'vitest';
import { transition, type MachineDeps } from './machine';
import { baseTx, machineDeps } from './machine.fixtures';

const base = baseTx;
const passwordOnly = machineDeps({ requiredEnrollments: ['okta_password'] });
const withMfa: MachineDeps = {
  ...passwordOnly,
  policy: { ...passwordOnly.policy, requiredEnrollments: ['okta_password', 'okta_email'], secondFactor: true },
};
const user = { id: '00uACTIVE', status: 'ACTIVE' as const, email: 'a@b.c', enrolled: ['okta_email' as const] };

describe('identify with an org session', () => {
  it("goes straight to success when the session satisfies the policy, with the session's factors and auth time", () => {
    const out = transition(
      base,
      { type: 'identify', identifier: 'a@b.c', user, displayUserId: 'f', session: { verified: ['okta_password'], authTime: 42 } },
      1000,
      passwordOnly,
    );
    expect(out.status).toBe(200);
    expect(out.data.step).toEqual({ name: 'success', interactionCode: 'code-1' });
    expect(out.data.verified).toEqual(['okta_password']);
    expect(out.data.authTime).toBe(42);
  });

  it('asks only for what the policy still lacks: the second factor, not the password', () => {
    const out = transition(
      base,
      { type: 'identify', identifier: 'a@b.c', user, displayUserId: 'f', session: { verified: ['okta_password'], authTime: 42 } },
      1000,
      withMfa,
    );
    expect(out.data.step).toMatchObject({ name: 'challenge', authenticator: 'okta_email' });
    expect(out.effects).toEqual([expect.objectContaining({ type: 'send-code', kind: 'email', to: 'a@b.c', purpose: 'verification' })]);
  });

  it('a session with both factors satisfies the MFA policy', () => {
    const session = { verified: ['okta_password', 'okta_email'] as const, authTime: 42 };
    const out = transition(
      base,
      { type: 'identify', identifier: 'a@b.c', user, displayUserId: 'f', session: { ...session, verified: [...session.verified] } },
      1000,
      withMfa,
    );
    expect(out.data.step).toEqual({ name: 'success', interactionCode: 'code-1' });
    expect(out.effects).toBeUndefined();
  });

  it('counts for nothing when the user may not sign in, or the session verified nothing', () => {
    for (const [who, verified] of [
      [{ ...user, status: 'SUSPENDED' as const }, ['okta_password' as const]],
      [user, []],
    ] as const) {
      const out = transition(
        base,
        { type: 'identify', identifier: 'a@b.c', user: who, displayUserId: 'f', session: { verified: [...verified], authTime: 42 } },
        1000,
        passwordOnly,
      );
      expect(out.data.step).toEqual({ name: 'challenge', authenticator: 'okta_password' });
      expect(out.data.verified).toEqual([]);
    }
  });
});
