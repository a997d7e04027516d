/**
 * The registration inline hook (`policies.registrationInlineHook`, Okta's profile enrollment
 * `preRegistrationInlineHooks`): a real external service on a loopback port is called with Okta's
 * `com.okta.user.pre-registration` request when the registration form is submitted, and its answer
 * allows the registration (changing the profile), denies it (its causes shown on the form) or — when
 * it fails, times out or answers what can't be read — ends it on `registration.error.generic`.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { defaultConfig } from '../config';
import { begin, latestCode, remediate, startHarness, type Harness, type IdxDoc } from '../testing/harness';
import { startHookServer, type HookAnswer, type HookRequest, type HookServer } from '../testing/hook-server';

const HOOK_ID = 'calregistrationhk001';
const DEFAULTS = defaultConfig();
let server: HookServer;
let h: Harness;
let answer: (req: HookRequest) => HookAnswer = () => ({ body: {} });

const declared = () => ({
  id: HOOK_ID,
  name: 'Registration rules',
  type: 'com.okta.user.pre-registration' as const,
  version: '1.0.0' as const,
  channel: { type: 'HTTP' as const, version: '1.0.0' as const, config: { uri: `${server.origin}/registration` } },
});

beforeAll(async () => {
  server = await startHookServer((req) => answer(req));
  h = await startHarness({
    policies: { ...DEFAULTS.policies, registrationInlineHook: HOOK_ID },
    inlineHookCalls: { timeoutMs: 300, maxAttempts: 2 },
    inlineHooks: [
      {
        id: HOOK_ID,
        name: 'Registration rules',
        type: 'com.okta.user.pre-registration',
        version: '1.0.0',
        channel: {
          type: 'HTTP',
          version: '1.0.0',
          config: {
            uri: `${server.origin}/registration`,
            headers: [{ key: 'X-Tenant', value: 'devorg-tests' }],
            authScheme: { type: 'HEADER', key: 'Authorization', value: 'hook-secret' },
          },
        },
      },
    ],
  });
});
afterAll(async () => {
  h.close();
  await server.close();
});
beforeEach(() => {
  server.requests.length = 0;
});

let n = 0;
const newEmail = (domain = 'example.test') => `hooked${++n}.${Date.now().toString(36)}@${domain}`;
const names = (doc: IdxDoc): string[] => (doc.remediation?.value ?? []).map((r: IdxDoc) => r.name);

async function submit(profile: Record<string, string>) {
  const form = await remediate(h, (await begin(h)).doc, 'select-enroll-profile', {});
  return remediate(h, form.doc, 'enroll-profile', { userProfile: profile });
}

function fieldMessages(doc: IdxDoc, attribute: string): string[] {
  const form = doc.remediation.value.find((r: IdxDoc) => r.name === 'enroll-profile');
  const field = form.value.find((f: IdxDoc) => f.name === 'userProfile').form.value.find((f: IdxDoc) => f.name === attribute);
  return (field.messages?.value ?? []).map((m: IdxDoc) => m.message);
}

async function logEvents(eventType: string) {
  await h.ctx.log.flush();
  const res = await h.app.request(`/api/v1/logs?sortOrder=DESCENDING&filter=${encodeURIComponent(`eventType eq "${eventType}"`)}`, {
    headers: { Authorization: `SSWS ${h.config.apiTokens[0]}`, Accept: 'application/json' },
  });
  return (await res.json()) as IdxDoc[];
}

const deny = (summary: string, location: string): HookAnswer => ({
  body: {
    commands: [{ type: 'com.okta.action.update', value: { registration: 'DENY' } }],
    error: {
      errorSummary: 'Denied.',
      errorCauses: [{ errorSummary: summary, reason: 'RULE', locationType: 'body', location, domain: 'end-user' }],
    },
  },
});

describe('the registration inline hook', () => {
  it('is sent Okta’s self-service registration request, with the channel’s headers and auth header', async () => {
    answer = () => ({ body: { commands: [{ type: 'com.okta.action.update', value: { registration: 'ALLOW' } }] } });
    const email = newEmail();
    const allowed = await submit({ email, firstName: 'Ada', lastName: 'Hooked' });
    expect(allowed.status).toBe(200);
    expect(allowed.doc.currentAuthenticator.value.key).toBe('okta_password');
    expect(server.requests).toHaveLength(1);
    const [req] = server.requests;
    expect(req!.path).toBe('/registration');
    expect(req!.headers.authorization).toBe('hook-secret');
    expect(req!.headers['x-tenant']).toBe('devorg-tests');
    expect(req!.headers['content-type']).toBe('application/json');
    expect(req!.body).toMatchObject({
      eventType: 'com.okta.user.pre-registration',
      eventTypeVersion: '1.0',
      cloudEventVersion: '0.1',
      contentType: 'application/json',
      requestType: 'self.service.registration',
      source: `${h.config.publicOrigin}/api/v1/inlineHooks/${HOOK_ID}`,
      data: {
        context: { request: { method: 'POST', url: { value: '/idp/idx/enroll/new' } } },
        userProfile: { email, firstName: 'Ada', lastName: 'Hooked' },
        action: 'ALLOW',
      },
    });
    expect((req!.body as IdxDoc).eventId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('is not called for a form that is wrong already', async () => {
    const refused = await submit({ email: 'not-an-address', firstName: 'Ada', lastName: 'Hooked' });
    expect(refused.status).toBe(400);
    expect(server.requests).toHaveLength(0);
  });

  it('changes the profile the user is created with (com.okta.user.profile.update)', async () => {
    answer = () => ({
      body: { commands: [{ type: 'com.okta.user.profile.update', value: { firstName: 'Renamed', department: 'Hooks' } }] },
    });
    const email = newEmail();
    const password = await submit({ email, firstName: 'Ada', lastName: 'Hooked' });
    expect(password.doc.user.value.profile.firstName).toBe('Renamed');
    const emailStep = await remediate(h, password.doc, 'enroll-authenticator', { credentials: { passcode: 'Quiet-Lantern-42' } });
    expect(emailStep.status, JSON.stringify(emailStep.doc.messages ?? emailStep.doc.remediation?.value?.[0])).toBe(200);
    const optional = await remediate(h, emailStep.doc, 'enroll-authenticator', { credentials: { passcode: await latestCode(h, email) } });
    const done = await remediate(h, optional.doc, 'skip', {});
    expect(done.doc.successWithInteractionCode).toBeDefined();
    const user = await h.ctx.store.userByLogin(email);
    expect(user?.profile).toMatchObject({ login: email, email, firstName: 'Renamed', lastName: 'Hooked', department: 'Hooks' });
  });

  it('shows a denial’s cause under the field its location names, and creates nobody', async () => {
    answer = () => deny('Registrations from this domain are not accepted.', 'data.userProfile.email');
    const email = newEmail();
    const denied = await submit({ email, firstName: 'Ada', lastName: 'Hooked' });
    expect(denied.status).toBe(400);
    expect(names(denied.doc)).toEqual(['enroll-profile', 'select-identify']);
    expect(fieldMessages(denied.doc, 'email')).toEqual(['Registrations from this domain are not accepted.']);
    expect(denied.doc.messages).toBeUndefined();
    expect(await h.ctx.store.userByLogin(email)).toBeUndefined();
    // The same form takes a corrected registration.
    answer = () => ({ body: {} });
    const fixed = await remediate(h, denied.doc, 'enroll-profile', {
      userProfile: { email: newEmail(), firstName: 'Ada', lastName: 'Hooked' },
    });
    expect(fixed.doc.currentAuthenticator.value.key).toBe('okta_password');
  });

  it('shows a cause about no field of the form above the form', async () => {
    answer = () => deny('Your organisation is not enrolled.', 'data.userProfile.department');
    const denied = await submit({ email: newEmail(), firstName: 'Ada', lastName: 'Hooked' });
    expect(denied.status).toBe(400);
    expect(denied.doc.messages.value).toEqual([{ message: 'Your organisation is not enrolled.', class: 'ERROR' }]);
  });

  it('answers Okta’s words for a denial without causes, and for one without an error', async () => {
    answer = () => ({ body: { error: { errorSummary: 'No.' } } });
    const noCauses = await submit({ email: newEmail(), firstName: 'Ada', lastName: 'Hooked' });
    expect(noCauses.status).toBe(400);
    expect(noCauses.doc.messages.value.map((m: IdxDoc) => m.message)).toEqual(['Registration cannot be completed at this time.']);

    answer = () => ({ body: { commands: [{ type: 'com.okta.action.update', value: { registration: 'DENY' } }] } });
    const noError = await submit({ email: newEmail(), firstName: 'Ada', lastName: 'Hooked' });
    expect(noError.doc.messages.value.map((m: IdxDoc) => m.message)).toEqual(['Registration denied.']);
  });

  it('runs no command when the answer has an error, even an empty one', async () => {
    answer = () => ({ body: { commands: [{ type: 'com.okta.user.profile.update', value: { firstName: 'Changed' } }], error: {} } });
    const denied = await submit({ email: newEmail(), firstName: 'Ada', lastName: 'Hooked' });
    expect(denied.status).toBe(400);
    expect(denied.doc.messages.value.map((m: IdxDoc) => m.message)).toEqual(['Registration cannot be completed at this time.']);
  });

  it.each<[string, HookAnswer, number]>([
    ['a 500 (retried once)', { status: 500, body: { oops: true } }, 2],
    ['a 400 (not retried)', { status: 400, body: {} }, 1],
    ['an answer that is not JSON', { body: '<html>maintenance</html>' }, 1],
    ['a command Okta does not have', { body: { commands: [{ type: 'com.okta.identity.patch', value: {} }] } }, 1],
    ['an attribute value that is not a string', { body: { commands: [{ type: 'com.okta.user.profile.update', value: { age: 3 } }] } }, 1],
    ['no answer within the timeout (retried once)', { delayMs: 1500, body: {} }, 2],
  ])('ends the registration on Okta’s generic error after %s', async (_what, a, calls) => {
    answer = () => a;
    const email = newEmail();
    const failed = await submit({ email, firstName: 'Ada', lastName: 'Hooked' });
    expect(failed.status).toBe(200);
    expect(failed.doc.messages.value).toEqual([
      {
        message: 'There was an error creating your account. Please try registering again.',
        i18n: { key: 'registration.error.generic' },
        class: 'ERROR',
      },
    ]);
    expect(failed.doc.remediation).toBeUndefined();
    expect(failed.doc.stateHandle).toBeTruthy();
    expect(server.requests).toHaveLength(calls);
    expect(await h.ctx.store.userByLogin(email)).toBeUndefined();
  });

  it('records each call and what was made of the answer in the System Log', async () => {
    answer = () => deny('No.', 'data.userProfile.email');
    await submit({ email: newEmail(), firstName: 'Ada', lastName: 'Hooked' });
    answer = () => ({ status: 503 });
    await submit({ email: newEmail(), firstName: 'Ada', lastName: 'Hooked' });
    const executed = await logEvents('inline_hook.executed');
    const processed = await logEvents('inline_hook.response.processed');
    expect(executed[0]).toMatchObject({
      outcome: { result: 'FAILURE', reason: 'the endpoint answered 503' },
      target: [{ id: HOOK_ID, type: 'InlineHook', displayName: 'Registration rules' }],
      debugContext: { debugData: { inlineHookType: 'com.okta.user.pre-registration', attempts: 2, httpStatus: 503 } },
    });
    expect(executed[1]).toMatchObject({ outcome: { result: 'SUCCESS' } });
    expect(processed[0]).toMatchObject({ outcome: { result: 'DENY' }, target: [{ id: HOOK_ID }] });
  });

  it('is checked at start-up: a policy naming a hook the org does not have stops it', async () => {
    await expect(startHarness({ policies: { ...DEFAULTS.policies, registrationInlineHook: 'calnosuchhook0000001' } })).rejects.toThrow(
      'policies.registrationInlineHook: names no inline hook of the org (calnosuchhook0000001); declare it in inlineHooks',
    );
  });

  it('is not called while INACTIVE, and the registration goes on', async () => {
    const headers = { Authorization: `SSWS ${h.config.apiTokens[0]}`, Accept: 'application/json' };
    await h.app.request(`/api/v1/inlineHooks/${HOOK_ID}/lifecycle/deactivate`, { method: 'POST', headers });
    try {
      answer = () => ({ status: 500 });
      const allowed = await submit({ email: newEmail(), firstName: 'Ada', lastName: 'Hooked' });
      expect(allowed.doc.currentAuthenticator.value.key).toBe('okta_password');
      expect(server.requests).toHaveLength(0);
    } finally {
      await h.app.request(`/api/v1/inlineHooks/${HOOK_ID}/lifecycle/activate`, { method: 'POST', headers });
    }
  });
});

describe('an app’s own profile enrollment policy', () => {
  it('names a hook of its own, or none, whatever the org’s default says', async () => {
    answer = () => ({ body: { commands: [{ type: 'com.okta.action.update', value: { registration: 'DENY' } }] } });
    const withHook = (portalHook: string | null, orgHook?: string) =>
      startHarness({
        apps: DEFAULTS.apps.map((app, i) => (i === 0 ? { ...app, registrationInlineHook: portalHook } : app)),
        policies: { ...DEFAULTS.policies, ...(orgHook ? { registrationInlineHook: orgHook } : {}) },
        inlineHooks: [declared()],
      });
    const own = await withHook(HOOK_ID);
    const none = await withHook(null, HOOK_ID);
    try {
      const register = async (org: Harness) => {
        const form = await remediate(org, (await begin(org)).doc, 'select-enroll-profile', {});
        return remediate(org, form.doc, 'enroll-profile', { userProfile: { email: newEmail(), firstName: 'Ada', lastName: 'Hooked' } });
      };
      server.requests.length = 0;
      expect((await register(own)).doc.messages.value.map((m: IdxDoc) => m.message)).toEqual(['Registration denied.']);
      expect(server.requests).toHaveLength(1);
      expect((await register(none)).doc.currentAuthenticator.value.key).toBe('okta_password');
      expect(server.requests).toHaveLength(1);
    } finally {
      own.close();
      none.close();
    }
  });
});
