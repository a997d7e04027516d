/** Shared inputs for the state-machine tests: a fresh transaction at identify and deterministic deps. */
import type { MachineDeps, TxData } from './machine';

export const baseTx: TxData = {
  clientId: 'c',
  redirectUri: 'http://localhost:8080/login/callback',
  scopes: ['openid'],
  codeChallenge: 'x'.repeat(43),
  state: 's',
  createdAt: 0,
  step: { name: 'identify' },
  verified: [],
};

/** Password + email required, no second factor at sign-in, no optional enrollments; `policy` overrides. */
export function machineDeps(policy: Partial<MachineDeps['policy']> = {}): MachineDeps {
  return {
    newInteractionCode: () => 'code-1',
    newCode: (now, previous) => ({ code: '123456', state: { hash: 'h', sentAt: now, sends: (previous?.sends ?? 0) + 1, failures: 0 } }),
    newUserId: () => '00uNEW',
    newSharedSecret: () => 'JBSWY3DPEHPK3PXP',
    policy: {
      registration: true,
      requiredEnrollments: ['okta_password', 'okta_email'],
      optionalEnrollments: [],
      secondFactor: false,
      maxCodeSends: 3,
      maxCodeFailures: 5,
      ...policy,
    },
  };
}
