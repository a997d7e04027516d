/**
 * Inline hooks as the real `@okta/okta-sdk-nodejs` manages them (`inlineHookApi`): create, list, get,
 * replace, update, lifecycle, execute against a real local external service, delete; the auth header's
 * value never comes back; Okta's other hook types and URIs Okta would refuse are 400s naming the problem.
 * The profile enrollment policy (`policyApi`, PROFILE_ENROLLMENT) names the hook the config gives it.
 */
import {
  Client,
  OktaApiError,
  type ExecuteInlineHookRequest,
  type InlineHook,
  type InlineHookChannelHttpCreate,
  type InlineHookCreate,
  type InlineHookHttpConfigCreate,
  type Policy,
  type ProfileEnrollmentPolicyRule,
} from '@okta/okta-sdk-nodejs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig } from '../config';
import { startHookServer, type HookServer } from '../testing/hook-server';
import { startListeningOrg, type ListeningOrg } from '../testing/listening-org';

let org: ListeningOrg;
let client: Client;
let server: HookServer;

beforeAll(async () => {
  server = await startHookServer((req) =>
    req.path === '/fail' ? { status: 502 } : { body: { commands: [{ type: 'com.okta.action.update', value: { registration: 'ALLOW' } }] } },
  );
  org = await startListeningOrg({ config: { inlineHookCalls: { timeoutMs: 500, maxAttempts: 2 } } });
  client = new Client({ orgUrl: org.origin, token: org.apiToken, cacheMiddleware: null });
});
afterAll(async () => {
  await org.stop();
  await server.close();
});

async function apiError(call: () => Promise<unknown>): Promise<OktaApiError> {
  try {
    await call();
  } catch (err) {
    if (err instanceof OktaApiError) return err;
    throw err;
  }
  throw new Error('expected an OktaApiError');
}

/** An HTTP channel as the SDK's models spell it. */
const http = (config: InlineHookHttpConfigCreate) => ({ type: 'HTTP', version: '1.0.0', config }) as InlineHookChannelHttpCreate;
/** A payload for `execute` (the SDK's union of Okta's hook requests). */
const payloadOf = (p: Record<string, unknown>) => p as unknown as ExecuteInlineHookRequest;

const hookBody = (path = '/registration'): InlineHookCreate => ({
  name: 'Registration rules',
  type: 'com.okta.user.pre-registration',
  version: '1.0.0',
  channel: http({
    uri: `${server.origin}${path}`,
    headers: [{ key: 'X-Tenant', value: 'sdk' }],
    authScheme: { type: 'HEADER', key: 'Authorization', value: 'inline-secret' },
    method: 'POST',
  }),
});

const configOf = (hook: InlineHook) => (hook.channel as unknown as { config: Record<string, unknown> }).config;

describe('inline hooks through the Node SDK', () => {
  it('creates an ACTIVE hook, shows it without the secret, and lists and gets it', async () => {
    const created = await client.inlineHookApi.createInlineHook({ inlineHook: hookBody() });
    expect(created.id).toMatch(/^cal[0-9A-Za-z]{17}$/);
    expect(created.status).toBe('ACTIVE');
    expect(created.type).toBe('com.okta.user.pre-registration');
    expect(configOf(created)).toEqual({
      uri: `${server.origin}/registration`,
      headers: [{ key: 'X-Tenant', value: 'sdk' }],
      method: 'POST',
      authScheme: { type: 'HEADER', key: 'Authorization' },
    });
    expect(JSON.stringify(created)).not.toContain('inline-secret');
    const got = await client.inlineHookApi.getInlineHook({ inlineHookId: created.id! });
    expect(got.name).toBe('Registration rules');
    const listed: InlineHook[] = [];
    for await (const hook of await client.inlineHookApi.listInlineHooks({ type: 'com.okta.user.pre-registration' }))
      if (hook) listed.push(hook);
    expect(listed.map((h) => h.id)).toContain(created.id);
    const none: InlineHook[] = [];
    for await (const hook of await client.inlineHookApi.listInlineHooks({ type: 'com.okta.oauth2.tokens.transform' }))
      if (hook) none.push(hook);
    expect(none).toEqual([]);
  });

  it('replaces and updates a hook, keeping the stored secret when the value is left out', async () => {
    const created = await client.inlineHookApi.createInlineHook({ inlineHook: hookBody() });
    const replaced = await client.inlineHookApi.replaceInlineHook({
      inlineHookId: created.id!,
      inlineHook: {
        name: 'Renamed rules',
        version: '1.0.0',
        channel: http({ uri: `${server.origin}/v2`, authScheme: { type: 'HEADER', key: 'Authorization' } }),
      },
    });
    expect(replaced.name).toBe('Renamed rules');
    expect(configOf(replaced).uri).toBe(`${server.origin}/v2`);
    const updated = await client.inlineHookApi.updateInlineHook({ inlineHookId: created.id!, inlineHook: { name: 'Updated rules' } });
    expect(updated.name).toBe('Updated rules');
    expect(configOf(updated).uri).toBe(`${server.origin}/v2`);
    // The kept secret still goes out with the call.
    server.requests.length = 0;
    await client.inlineHookApi.executeInlineHook({
      inlineHookId: created.id!,
      payloadData: payloadOf({ data: { userProfile: { email: 'a@b.test' } } }),
    });
    expect(server.requests[0]?.headers.authorization).toBe('inline-secret');
  });

  it('executes a hook with the given payload and answers the service’s JSON', async () => {
    const created = await client.inlineHookApi.createInlineHook({ inlineHook: hookBody() });
    server.requests.length = 0;
    const payload = { eventType: 'com.okta.user.pre-registration', data: { userProfile: { email: 'exec@example.test' }, action: 'ALLOW' } };
    const answer = await client.inlineHookApi.executeInlineHook({ inlineHookId: created.id!, payloadData: payloadOf(payload) });
    expect(answer).toMatchObject({ commands: [{ type: 'com.okta.action.update', value: { registration: 'ALLOW' } }] });
    expect(server.requests[0]?.body).toEqual(payload);
    expect(server.requests[0]?.headers['x-tenant']).toBe('sdk');
  });

  it('answers a failed execution with a 400 that says why', async () => {
    const created = await client.inlineHookApi.createInlineHook({ inlineHook: hookBody('/fail') });
    const err = await apiError(() => client.inlineHookApi.executeInlineHook({ inlineHookId: created.id!, payloadData: payloadOf({}) }));
    expect(err.status).toBe(400);
    expect(err.errorCode).toBe('E0000001');
    expect(err.errorCauses?.[0]?.errorSummary).toBe('execute: The inline hook call failed: the endpoint answered 502');
  });

  it('deactivates, activates and deletes only an INACTIVE hook, as Okta does', async () => {
    const created = await client.inlineHookApi.createInlineHook({ inlineHook: hookBody() });
    const refused = await apiError(() => client.inlineHookApi.deleteInlineHook({ inlineHookId: created.id! }));
    expect(refused.status).toBe(400);
    expect(refused.errorCauses?.[0]?.errorSummary).toMatch(/Only an INACTIVE inline hook can be deleted/);
    expect((await client.inlineHookApi.deactivateInlineHook({ inlineHookId: created.id! })).status).toBe('INACTIVE');
    expect((await client.inlineHookApi.activateInlineHook({ inlineHookId: created.id! })).status).toBe('ACTIVE');
    await client.inlineHookApi.deactivateInlineHook({ inlineHookId: created.id! });
    await client.inlineHookApi.deleteInlineHook({ inlineHookId: created.id! });
    const gone = await apiError(() => client.inlineHookApi.getInlineHook({ inlineHookId: created.id! }));
    expect(gone.status).toBe(404);
    expect(gone.errorCode).toBe('E0000007');
  });

  it('refuses Okta’s hook types devorg does not run, naming the type', async () => {
    const err = await apiError(() =>
      client.inlineHookApi.createInlineHook({ inlineHook: { ...hookBody(), type: 'com.okta.oauth2.tokens.transform' } }),
    );
    expect(err.status).toBe(400);
    expect(err.errorCode).toBe('E0000001');
    expect(err.errorCauses?.map((c) => c.errorSummary)).toEqual([
      'type: com.okta.oauth2.tokens.transform inline hooks are not supported by devorg (it runs com.okta.user.pre-registration, the registration inline hook)',
    ]);
  });

  it('refuses an http URI off loopback and an OAuth channel, as unsupported', async () => {
    const plain = await apiError(() =>
      client.inlineHookApi.createInlineHook({
        inlineHook: { ...hookBody(), channel: http({ uri: 'http://hooks.example.com/registration' }) },
      }),
    );
    expect(plain.errorCauses?.[0]?.errorSummary).toBe('channel.config.uri: must be an https URL (devorg also accepts http on localhost)');
    const oauth = await apiError(() =>
      client.inlineHookApi.createInlineHook({
        inlineHook: {
          ...hookBody(),
          channel: { type: 'OAUTH', version: '1.0.0', config: { uri: 'https://hooks.example.com/r' } } as never,
        },
      }),
    );
    expect(oauth.status).toBe(400);
    expect(oauth.errorCauses?.[0]?.errorSummary).toMatch(/^channel.type: devorg supports HTTP channels/);
  });
});

describe('the profile enrollment policy names its registration inline hook, through the SDK', () => {
  let named: ListeningOrg;
  beforeAll(async () => {
    named = await startListeningOrg({
      config: {
        policies: { ...defaultConfig().policies, registrationInlineHook: 'calpolicyshowsit0001' },
        inlineHooks: [
          {
            id: 'calpolicyshowsit0001',
            name: 'Registration rules',
            type: 'com.okta.user.pre-registration',
            version: '1.0.0',
            channel: { type: 'HTTP', version: '1.0.0', config: { uri: `${server.origin}/registration` } },
          },
        ],
      },
    });
  });
  afterAll(() => named.stop());

  it('shows preRegistrationInlineHooks on the Default Policy’s rule, and the declared hook in the API', async () => {
    const sdk = new Client({ orgUrl: named.origin, token: named.apiToken, cacheMiddleware: null });
    const policies: Policy[] = [];
    for await (const p of await sdk.policyApi.listPolicies({ type: 'PROFILE_ENROLLMENT' })) if (p) policies.push(p);
    const fallback = policies.find((p) => p.name === 'Default Policy');
    expect(fallback?.system).toBe(true);
    const rules: ProfileEnrollmentPolicyRule[] = [];
    for await (const r of await sdk.policyApi.listPolicyRules({ policyId: fallback!.id! })) if (r) rules.push(r);
    expect(rules[0]?.actions?.profileEnrollment).toMatchObject({
      access: 'ALLOW',
      unknownUserAction: 'REGISTER',
      preRegistrationInlineHooks: [{ inlineHookId: 'calpolicyshowsit0001' }],
      activationRequirements: { emailVerification: false },
      profileAttributes: [
        { name: 'email', label: 'Email', required: true },
        { name: 'firstName', label: 'First name', required: true },
        { name: 'lastName', label: 'Last name', required: true },
      ],
    });
    const hook = await sdk.inlineHookApi.getInlineHook({ inlineHookId: 'calpolicyshowsit0001' });
    expect(hook).toMatchObject({ status: 'ACTIVE', name: 'Registration rules', type: 'com.okta.user.pre-registration' });
  });

  it('has no hook on the policy of an org that names none', async () => {
    const policies: Policy[] = [];
    for await (const p of await client.policyApi.listPolicies({ type: 'PROFILE_ENROLLMENT' })) if (p) policies.push(p);
    const rules: ProfileEnrollmentPolicyRule[] = [];
    for await (const r of await client.policyApi.listPolicyRules({ policyId: policies.at(-1)!.id! })) if (r) rules.push(r);
    expect(rules[0]?.actions?.profileEnrollment?.preRegistrationInlineHooks).toEqual([]);
  });
});
