/**
 * Policies by group: a rule for members of a group replaces the default enrollment and sign-on
 * settings for them, so a test picks a policy by putting its user in a group.
 */
import { Client, type AccessPolicyRule, type AuthenticatorEnrollmentPolicy } from '@okta/okta-sdk-nodejs';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig, loadConfig, type PolicyRuleConfig } from '../config';
import { exchange, makeUser, ORG_POLICIES, signIn, startHarness, type Harness } from '../testing/harness';
import { startListeningOrg, type ListeningOrg } from '../testing/listening-org';

const RULES: PolicyRuleConfig[] = [
  {
    name: 'Password only',
    priority: 1,
    groups: ['password-only'],
    enrollment: { required: ['okta_password'], optional: [] },
    signOn: { secondFactor: false },
  },
  // A lower-priority rule the same users also match: the first rule by priority wins.
  { name: 'Second factor for testers', priority: 2, groups: ['password-only', 'testers'], signOn: { secondFactor: true } },
];

const policies = { ...ORG_POLICIES.policies, rules: RULES };

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ policies });
});
afterAll(() => h.close());

async function api(path: string, method = 'GET', body?: unknown) {
  const res = await h.app.request(`/api/v1${path}`, {
    method,
    headers: { Authorization: `SSWS ${h.config.apiTokens[0]}`, 'Content-Type': 'application/json', Accept: 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return res.status === 204 ? undefined : ((await res.json()) as Record<string, unknown>);
}

async function inGroup(userId: string, name: string) {
  const groups = (await api(`/groups?q=${encodeURIComponent(name)}`)) as unknown as { id: string; profile: { name: string } }[];
  const group = groups.find((g) => g.profile.name === name) ?? ((await api('/groups', 'POST', { profile: { name } })) as { id: string });
  await api(`/groups/${group.id}/users/${userId}`, 'PUT');
}

const amrOf = async (login: string) => {
  const { code, verifier } = await signIn(h, login);
  return decodeJwt(String((await exchange(h, code, verifier)).body.id_token)).amr;
};

describe('policy rules by group', () => {
  it('gives a member of the group its rule: the password alone, nothing to enroll', async () => {
    const user = await makeUser(h);
    await inGroup(user.id, 'password-only');
    expect(await amrOf(user.profile.login)).toEqual(['pwd']);
  });

  it('keeps the default (password plus a second factor, email enrolled) for everyone else', async () => {
    const user = await makeUser(h);
    expect(await amrOf(user.profile.login)).toEqual(expect.arrayContaining(['pwd', 'email']));
  });

  it('evaluates each policy’s rules by priority: a later rule applies where no earlier one sets that policy', async () => {
    const user = await makeUser(h);
    await inGroup(user.id, 'testers');
    // Only the second rule matches, and it sets the sign-on policy only: the default enrollment applies.
    expect(await amrOf(user.profile.login)).toEqual(expect.arrayContaining(['pwd', 'email']));
  });

  it('follows a change of groups at the next sign-in', async () => {
    const user = await makeUser(h);
    await inGroup(user.id, 'password-only');
    expect(await amrOf(user.profile.login)).toEqual(['pwd']);
    const [group] = (await api('/groups?q=password-only')) as unknown as { id: string }[];
    await api(`/groups/${group!.id}/users/${user.id}`, 'DELETE');
    expect(await amrOf(user.profile.login)).toEqual(expect.arrayContaining(['pwd', 'email']));
  });
});

describe('policy rules in the config', () => {
  const problems = (rules: unknown[]) => {
    try {
      loadConfig({}, { policies: { ...defaultConfig().policies, rules: rules as PolicyRuleConfig[] } });
      return '';
    } catch (err) {
      return (err as Error).message;
    }
  };

  it('names what is wrong with a rule', () => {
    expect(problems([{ name: 'x', priority: 1, groups: ['g'] }])).toContain('must set enrollment or signOn');
    expect(problems([{ name: 'x', priority: 1, groups: [], signOn: { secondFactor: false } }])).toContain('must name at least one group');
    expect(
      problems([
        { name: 'a', priority: 1, groups: ['g'], signOn: { secondFactor: false } },
        { name: 'b', priority: 1, groups: ['h'], signOn: { secondFactor: false } },
      ]),
    ).toContain('1 is used twice');
    expect(
      problems([
        {
          name: 'x',
          priority: 1,
          groups: ['g'],
          enrollment: { required: ['okta_password'], optional: [] },
          signOn: { secondFactor: true },
        },
      ]),
    ).toContain("needs an authenticator besides the password in this rule's enrollment");
  });
});

/** The rule's factor mode (an assurance method's; the SDK types the method as the union's base). */
const factorMode = (rule: AccessPolicyRule): unknown =>
  (rule.actions?.appSignOn?.verificationMethod as { factorMode?: string } | undefined)?.factorMode;

describe('/api/v1/policies through the SDK', () => {
  let org: ListeningOrg;
  let client: Client;
  beforeAll(async () => {
    org = await startListeningOrg({ config: { policies } });
    client = new Client({ orgUrl: org.origin, token: org.apiToken, cacheMiddleware: null });
  });
  afterAll(() => org.stop());

  it('lists the authenticator enrollment policies: one per enrollment rule for its groups, then the Default Policy', async () => {
    const group = await client.groupApi.createGroup({ group: { profile: { name: 'password-only' } } });
    const list: AuthenticatorEnrollmentPolicy[] = [];
    for await (const p of await client.policyApi.listPolicies({ type: 'MFA_ENROLL' })) list.push(p as AuthenticatorEnrollmentPolicy);
    expect(list.map((p) => [p.name, p.priority, p.system])).toEqual([
      ['Password only', 1, false],
      ['Default Policy', 2, true],
    ]);
    expect(list[0]!.conditions?.people?.groups?.include).toEqual([group.id]);
    expect(list[1]!.settings?.authenticators?.map((a) => [a.key, a.enroll?.self])).toEqual([
      ['okta_password', 'REQUIRED'],
      ['okta_email', 'REQUIRED'],
      ['google_otp', 'OPTIONAL'],
      ['phone_number', 'OPTIONAL'],
      ['security_question', 'OPTIONAL'],
      ['webauthn', 'OPTIONAL'],
    ]);
  });

  it('lists the authentication policy’s rules by priority, the catch-all last', async () => {
    const [access] = await (async () => {
      const out = [];
      for await (const p of await client.policyApi.listPolicies({ type: 'ACCESS_POLICY' })) out.push(p);
      return out;
    })();
    const rules: AccessPolicyRule[] = [];
    for await (const r of await client.policyApi.listPolicyRules({ policyId: access!.id! })) rules.push(r as AccessPolicyRule);
    expect(rules.map((r) => [r.name, r.priority, factorMode(r)])).toEqual([
      ['Password only', 1, '1FA'],
      ['Second factor for testers', 2, '2FA'],
      ['Catch-all Rule', 99, '2FA'],
    ]);
  });

  it('refuses a change and an unserved type by name', async () => {
    const res = await fetch(`${org.origin}/api/v1/policies`, {
      method: 'POST',
      headers: { Authorization: `SSWS ${org.apiToken}`, 'Content-Type': 'application/json', Accept: 'application/json' },
      body: '{}',
    });
    expect(res.status).toBe(405);
    expect(JSON.stringify(await res.json())).toContain('org config');
    const password = await fetch(`${org.origin}/api/v1/policies?type=PASSWORD`, {
      headers: { Authorization: `SSWS ${org.apiToken}`, Accept: 'application/json' },
    });
    expect(password.status).toBe(400);
    expect(JSON.stringify(await password.json())).toContain('not supported yet');
  });
});
