/**
 * The authentication policy's passkey settings as `/api/v1/policies` shows them, read through the Node
 * SDK: a passwordless rule is Okta's `AUTH_METHOD_CHAIN` (the passkey, phishing-resistant, alone; or
 * the password, then another factor), a rule requiring user verification says so on the possession
 * factors, and a plain rule stays `ASSURANCE`.
 */
import { Client, type AccessPolicyRule } from '@okta/okta-sdk-nodejs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PolicyRuleConfig } from '../config';
import { ORG_POLICIES } from '../testing/harness';
import { startListeningOrg, type ListeningOrg } from '../testing/listening-org';

const RULES: PolicyRuleConfig[] = [
  { name: 'Passwordless', priority: 1, groups: ['passwordless'], signOn: { secondFactor: true, passwordless: true } },
  { name: 'Passwordless, one factor', priority: 2, groups: ['kiosk'], signOn: { secondFactor: false, passwordless: true } },
  { name: 'Verified', priority: 3, groups: ['verified'], signOn: { secondFactor: true, userVerification: 'required' } },
];

describe('ACCESS_POLICY rules with passkey settings, through the SDK', () => {
  let org: ListeningOrg;
  let client: Client;
  let rules: Record<string, AccessPolicyRule>;
  beforeAll(async () => {
    org = await startListeningOrg({ config: { policies: { ...ORG_POLICIES.policies, rules: RULES } } });
    client = new Client({ orgUrl: org.origin, token: org.apiToken, cacheMiddleware: null });
    const policies = [];
    for await (const p of await client.policyApi.listPolicies({ type: 'ACCESS_POLICY' })) policies.push(p);
    rules = {};
    for await (const r of await client.policyApi.listPolicyRules({ policyId: policies[0]!.id! })) if (r?.name) rules[r.name] = r;
  });
  afterAll(() => org.stop());

  const method = (name: string) => rules[name]?.actions?.appSignOn?.verificationMethod as Record<string, unknown> | undefined;

  it('a passwordless rule: the passkey alone, or the password then another factor', () => {
    expect(method('Passwordless')).toEqual({
      type: 'AUTH_METHOD_CHAIN',
      reauthenticateIn: 'PT0S',
      chains: [
        { authenticationMethods: [{ key: 'webauthn', method: 'webauthn', phishingResistant: 'REQUIRED' }], reauthenticateIn: 'PT0S' },
        {
          authenticationMethods: [{ key: 'okta_password', method: 'password' }],
          next: [
            {
              authenticationMethods: [
                { key: 'okta_email', method: 'email' },
                { key: 'google_otp', method: 'otp' },
                { key: 'phone_number', method: 'sms' },
                { key: 'security_question', method: 'security_question' },
                { key: 'webauthn', method: 'webauthn' },
              ],
              reauthenticateIn: 'PT0S',
            },
          ],
          reauthenticateIn: 'PT0S',
        },
      ],
    });
    // Without a second factor, the password alone is the other chain.
    const chains = method('Passwordless, one factor')?.chains as { next?: unknown }[];
    expect(chains).toHaveLength(2);
    expect(chains[1]?.next).toBeUndefined();
  });

  it('a rule requiring user verification says so on the possession factors; the catch-all stays plain 2FA', () => {
    expect(method('Verified')).toEqual({
      type: 'ASSURANCE',
      factorMode: '2FA',
      reauthenticateIn: 'PT0S',
      constraints: [{ possession: { required: false, userVerification: 'REQUIRED' } }],
    });
    expect(method('Catch-all Rule')).toEqual({ type: 'ASSURANCE', factorMode: '2FA', reauthenticateIn: 'PT0S', constraints: [] });
  });
});
