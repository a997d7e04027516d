/**
 * Access denied by the sign-on policy (`signOn.access: "DENY"`, Okta's rule action "Access is:
 * Denied"): a member of the rule's group is stopped at identify with Okta's terminal
 * `security.access_denied`; everyone else signs in as before; on the default rule it denies every
 * identifier alike, known or not. (Access denied by an app for assigned users only is
 * devorg/management/apps.test.ts.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig, loadConfig, type PolicyRuleConfig } from '../config';
import { begin, makeUser, remediate, signIn, startHarness, type Harness, type IdxDoc } from '../testing/harness';

const DEFAULTS = defaultConfig();
const RULES: PolicyRuleConfig[] = [
  { name: 'Contractors are denied', priority: 1, groups: ['contractors'], signOn: { secondFactor: false, access: 'DENY' } },
];

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ policies: { ...DEFAULTS.policies, rules: RULES } });
});
afterAll(() => h.close());

async function api(method: string, path: string, body?: unknown) {
  const res = await h.app.request(`/api/v1${path}`, {
    method,
    headers: { Authorization: `SSWS ${h.config.apiTokens[0]}`, 'Content-Type': 'application/json', Accept: 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return res.status === 204 ? undefined : ((await res.json()) as IdxDoc);
}

async function contractor() {
  const user = await makeUser(h);
  const group = (await api('GET', '/groups?q=contractors'))?.[0] ?? (await api('POST', '/groups', { profile: { name: 'contractors' } }));
  await api('PUT', `/groups/${group.id}/users/${user.id}`);
  return user;
}

describe('a sign-on rule that denies access', () => {
  it('stops a member at identify with Okta’s terminal: 403, the message, no form, no code sent', async () => {
    const user = await contractor();
    const start = await begin(h);
    const denied = await remediate(h, start.doc, 'identify', { identifier: user.profile.login });
    expect(denied.status).toBe(403);
    expect(denied.doc.messages.value).toEqual([
      { message: 'You do not have permission to perform the requested action.', i18n: { key: 'security.access_denied' }, class: 'ERROR' },
    ]);
    expect(denied.doc.remediation).toBeUndefined();
    expect(denied.doc.stateHandle).toBe(start.stateHandle);
    expect(await h.ctx.store.outbox({ to: user.profile.email, limit: 1 })).toEqual([]);
    // The transaction has ended: the identify form posted again is not a way around the rule.
    const again = await h.app.request('/idp/idx/identify', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: 'http://localhost:8080' },
      body: JSON.stringify({ stateHandle: start.stateHandle, identifier: user.profile.login }),
    });
    expect(again.status).toBe(400);
    // Introspect resumes the terminal, as Okta's does.
    const resumed = await h.app.request('/idp/idx/introspect', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: 'http://localhost:8080' },
      body: JSON.stringify({ interactionHandle: start.interactionHandle }),
    });
    expect(((await resumed.json()) as IdxDoc).messages.value[0].i18n.key).toBe('security.access_denied');
  });

  it('lets everyone else sign in under the default rule', async () => {
    const user = await makeUser(h);
    expect((await signIn(h, user.profile.login)).code).toBeTruthy();
  });

  it('records the evaluation as DENY in the System Log, and the policies API names the rule’s action', async () => {
    const user = await contractor();
    await remediate(h, (await begin(h)).doc, 'identify', { identifier: user.profile.login });
    await h.ctx.log.flush();
    const filter = encodeURIComponent(`eventType eq "policy.evaluate_sign_on" and target.id eq "${user.id}"`);
    const events = (await api('GET', `/logs?filter=${filter}&since=2000-01-01T00:00:00Z`)) as IdxDoc[];
    expect(events.map((e) => e.outcome.result)).toEqual(['DENY']);

    const access = ((await api('GET', '/policies?type=ACCESS_POLICY')) as IdxDoc[])[0] as IdxDoc;
    const rules = (await api('GET', `/policies/${access.id}/rules`)) as IdxDoc[];
    expect(rules.map((r) => [r.name, r.actions.appSignOn.access])).toEqual([
      ['Contractors are denied', 'DENY'],
      ['Catch-all Rule', 'ALLOW'],
    ]);
  });
});

describe('the default rule denying access', () => {
  it('answers a real account and an unknown username alike', async () => {
    const denyAll = await startHarness({ policies: { ...DEFAULTS.policies, signOn: { secondFactor: true, access: 'DENY' } } });
    try {
      const user = await makeUser(denyAll);
      for (const identifier of [user.profile.login, 'nobody@example.test']) {
        const denied = await remediate(denyAll, (await begin(denyAll)).doc, 'identify', { identifier });
        expect(denied.status).toBe(403);
        expect(denied.doc.messages.value.map((m: IdxDoc) => m.i18n.key)).toEqual(['security.access_denied']);
      }
    } finally {
      denyAll.close();
    }
  });

  it('is checked strictly in the config', () => {
    expect(() => loadConfig({}, { policies: { ...DEFAULTS.policies, signOn: { secondFactor: true, access: 'MAYBE' as 'DENY' } } })).toThrow(
      /policies\.signOn\.access/,
    );
  });
});
