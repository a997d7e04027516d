/**
 * Property-based hostile input: every route family gets malformed JSON, wrong content types, wrong
 * types, huge strings, deep nesting, invalid UTF-8 and oversized bodies, and must answer 4xx in its
 * own error shape — never a 5xx, a hang or a crash. devorg's own dev API: dev/dev-api.hostile.test.ts.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_BODY_BYTES } from './server';
import { begin, exchange, makeUser, PORTAL, REDIRECT_URI, signIn, startHarness, type Harness } from './testing/harness';
import { REMEDIATION_PATHS } from './idx/remediations';
import { portalApp } from './config';
import { expectFamilyShape, weird, type Family } from './testing/hostile';

/** A hook's HTTP channel (event and inline hooks share its schema): every field of it, for the body paths. */
const HOOK_CHANNEL_PATHS = [
  'channel',
  'channel.type',
  'channel.version',
  'channel.config',
  'channel.config.uri',
  'channel.config.headers',
  'channel.config.method',
  'channel.config.authScheme',
  'channel.config.authScheme.key',
  'channel.config.authScheme.value',
];

let h: Harness;
let liveStateHandle = '';
let userId = '';
let groupId = '';
let hookId = '';
let inlineHookId = '';
/** A MyAccount access token (every MyAccount scope but sessions, so no run signs it out). */
let bearer = '';
/** A valid event hook body (its receiver is never called: the hook stays unverified). */
const hookBody = () => ({
  name: 'hostile',
  events: { type: 'EVENT_TYPE', items: ['user.lifecycle.create'] },
  channel: {
    type: 'HTTP',
    version: '1.0.0',
    config: { uri: 'http://localhost:9/hook', headers: [], authScheme: { type: 'HEADER', key: 'Authorization', value: 's' } },
  },
});
/** A valid inline hook body (its service, on a port nothing listens on, is only called by `execute`). */
const inlineHookBody = () => ({
  name: 'hostile',
  type: 'com.okta.user.pre-registration',
  version: '1.0.0',
  channel: {
    type: 'HTTP',
    version: '1.0.0',
    config: { uri: 'http://localhost:9/inline', headers: [], authScheme: { type: 'HEADER', key: 'Authorization', value: 's' } },
  },
});
beforeAll(async () => {
  h = await startHarness();
  liveStateHandle = (await begin(h)).stateHandle;
  userId = (await makeUser(h)).id;
  const res = await h.app.request('/api/v1/groups', {
    method: 'POST',
    headers: { Authorization: `SSWS ${API_TOKEN()}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ profile: { name: 'Hostile input' } }),
  });
  groupId = ((await res.json()) as { id: string }).id;
  const hook = await h.app.request('/api/v1/eventHooks', {
    method: 'POST',
    headers: { Authorization: `SSWS ${API_TOKEN()}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(hookBody()),
  });
  hookId = ((await hook.json()) as { id: string }).id;
  const inline = await h.app.request('/api/v1/inlineHooks', {
    method: 'POST',
    headers: { Authorization: `SSWS ${API_TOKEN()}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(inlineHookBody()),
  });
  inlineHookId = ((await inline.json()) as { id: string }).id;
  const me = await makeUser(h);
  const scope =
    'openid okta.myAccount.profile.read okta.myAccount.profile.manage okta.myAccount.password.manage okta.myAccount.authenticators.manage okta.myAccount.phone.manage okta.myAccount.email.manage';
  const { code, verifier } = await signIn(h, me.profile.login, undefined, { scope });
  bearer = String((await exchange(h, code, verifier)).body.access_token);
});
afterAll(() => h.close());

interface Route {
  method: 'POST' | 'PUT' | 'GET' | 'DELETE';
  path: () => string;
  family: Family;
  /** Whether the route takes JSON (IDX, management) or a form (OAuth). */
  json: boolean;
  /** MyAccount: a user's bearer token (and the API version in `Accept`) instead of the API token. */
  bearer?: true;
}

/** Every IDX path: introspect plus each path of the remediation table, so a new remediation is covered too. */
const IDX = ['introspect', ...REMEDIATION_PATHS];
const ROUTES: Route[] = [
  ...IDX.map((p): Route => ({ method: 'POST', path: () => `/idp/idx/${p}`, family: 'idx', json: true })),
  // The custom authorization server and the org's.
  ...['/oauth2/default', '/oauth2'].flatMap((server) =>
    ['interact', 'token', 'revoke', 'introspect', 'userinfo'].map((p): Route => ({
      method: 'POST',
      path: () => `${server}/v1/${p}`,
      family: 'oauth',
      json: false,
    })),
  ),
  { method: 'POST', path: () => `/api/v1/apps/${portalApp(h.config).clientId}/users`, family: 'api', json: true },
  { method: 'POST', path: () => '/api/v1/users?activate=true', family: 'api', json: true },
  { method: 'POST', path: () => `/api/v1/users/${userId}`, family: 'api', json: true },
  { method: 'PUT', path: () => `/api/v1/users/${userId}`, family: 'api', json: true },
  { method: 'POST', path: () => '/api/v1/groups', family: 'api', json: true },
  { method: 'PUT', path: () => `/api/v1/groups/${groupId}`, family: 'api', json: true },
  { method: 'PUT', path: () => `/api/v1/groups/${groupId}/users/${userId}`, family: 'api', json: true },
  { method: 'POST', path: () => '/api/v1/eventHooks', family: 'api', json: true },
  { method: 'PUT', path: () => `/api/v1/eventHooks/${hookId}`, family: 'api', json: true },
  { method: 'POST', path: () => '/api/v1/inlineHooks', family: 'api', json: true },
  { method: 'PUT', path: () => `/api/v1/inlineHooks/${inlineHookId}`, family: 'api', json: true },
  { method: 'POST', path: () => `/api/v1/inlineHooks/${inlineHookId}`, family: 'api', json: true },
  { method: 'POST', path: () => `/api/v1/inlineHooks/${inlineHookId}/execute`, family: 'api', json: true },
  { method: 'PUT', path: () => '/idp/myaccount/profile', family: 'api', json: true, bearer: true },
  { method: 'PUT', path: () => '/idp/myaccount/password', family: 'api', json: true, bearer: true },
  { method: 'POST', path: () => '/idp/myaccount/phones', family: 'api', json: true, bearer: true },
  { method: 'POST', path: () => '/idp/myaccount/phones/smsNOPE/verify', family: 'api', json: true, bearer: true },
  { method: 'POST', path: () => '/idp/myaccount/phones/smsNOPE/challenge', family: 'api', json: true, bearer: true },
  { method: 'POST', path: () => '/idp/myaccount/emails', family: 'api', json: true, bearer: true },
  { method: 'POST', path: () => '/idp/myaccount/emails/nope/challenge', family: 'api', json: true, bearer: true },
  { method: 'POST', path: () => '/idp/myaccount/emails/nope/challenge/x/verify', family: 'api', json: true, bearer: true },
  {
    method: 'DELETE',
    path: () => '/idp/myaccount/authenticators/autdevorgpassword001/enrollments/x',
    family: 'api',
    json: true,
    bearer: true,
  },
];

const API_TOKEN = () => h.config.apiTokens[0] ?? '';

/** Near-valid `search`/`filter` expressions: Okta's words, attributes and values in any order and nesting. */
const expressionLike = fc
  .array(
    fc.constantFrom(
      '(',
      ')',
      'and',
      'or',
      'not',
      'eq',
      'sw',
      'co',
      'pr',
      'gt',
      'ne',
      'status',
      'id',
      'type',
      'type.id',
      'created',
      'lastUpdated',
      'lastMembershipUpdated',
      'profile.name',
      'profile.login',
      'profile.x_1',
      '"ACTIVE"',
      '"OKTA_GROUP"',
      '"2020-01-01T00:00:00.000Z"',
      '"a\\"b"',
      '42',
      '-1e999',
      'true',
      'null',
    ),
    { maxLength: 25 },
  )
  .map((words) => words.join(' '));

const FIELDS = [
  'stateHandle',
  'interactionHandle',
  'identifier',
  'credentials',
  'passcode',
  'userProfile',
  'authenticator',
  'profile',
  'rememberMe',
  'stateToken',
  'id',
  'name',
  'events',
  'channel',
];

/** A body: valid-looking JSON with wrong field types, malformed JSON, deep nesting or raw bytes. */
const body = fc.oneof(
  fc
    .record({ field: fc.constantFrom(...FIELDS), value: weird, withLiveHandle: fc.boolean() })
    .map(({ field, value, withLiveHandle }) =>
      JSON.stringify({ ...(withLiveHandle ? { stateHandle: liveStateHandle } : {}), [field]: value }),
    ),
  fc.dictionary(fc.constantFrom(...FIELDS), weird, { maxKeys: 6 }).map((o) => JSON.stringify(o)),
  fc.string({ maxLength: 200 }),
  fc.constantFrom('{', '[', '{"a":', 'null', '"str"', '42', 'true', '[]', '{}', '{"stateHandle":{"$ne":null}}'),
  fc.integer({ min: 100, max: 5000 }).map((depth) => '['.repeat(depth) + ']'.repeat(depth)),
  fc.integer({ min: 100, max: 3000 }).map((depth) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth)),
  fc.uint8Array({ minLength: 1, maxLength: 64 }).map((bytes) => new Uint8Array([0xff, 0xfe, ...bytes])),
);

const CONTENT_TYPES = [
  'application/json',
  'application/ion+json; okta-version=1.0.0',
  'application/x-www-form-urlencoded',
  'text/plain',
  'multipart/form-data; boundary=x',
  '',
];

async function send(route: Route, contentType: string, payload: string | Uint8Array, authed: boolean) {
  const headers: Record<string, string> = { Origin: PORTAL };
  if (contentType) headers['Content-Type'] = contentType;
  if (route.bearer) headers.Accept = 'application/json; okta-version=1.0.0';
  if (route.family === 'api' && authed) headers.Authorization = route.bearer ? `Bearer ${bearer}` : `SSWS ${API_TOKEN()}`;
  // `slice()` yields a Uint8Array over a plain ArrayBuffer, which is what `BodyInit` accepts.
  const res = await h.app.request(route.path(), {
    method: route.method,
    headers,
    body: typeof payload === 'string' ? payload : payload.slice(),
  });
  return { status: res.status, text: await res.text() };
}

// Hundreds of generated requests per property: a generous timeout so a loaded CI machine doesn't fail them.
describe('hostile input never yields a 5xx', { timeout: 60_000 }, () => {
  it('answers malformed bodies and content types on every route with a 4xx in its family shape', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...ROUTES),
        fc.constantFrom(...CONTENT_TYPES),
        body,
        fc.boolean(),
        async (route, contentType, payload, authed) => {
          const { status, text } = await send(route, contentType, payload, authed);
          // A few garbage bodies are legitimately fine for a route (e.g. `{}` on revoke with a form type
          // still lacks a client), but none may be a server error, and every error has the family shape.
          expect(status).toBeLessThan(500);
          if (status >= 400) expectFamilyShape(route.family, status, text);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('refuses an oversized body with 413 in the family shape', async () => {
    const huge = JSON.stringify({ identifier: 'x'.repeat(MAX_BODY_BYTES + 10) });
    for (const route of ROUTES) {
      const { status, text } = await send(route, route.json ? 'application/json' : 'application/x-www-form-urlencoded', huge, true);
      expect(status, route.path()).toBe(413);
      expectFamilyShape(route.family, status, text);
    }
  });

  it('answers form-encoded OAuth parameters of every shape without a 5xx', async () => {
    const params = fc.dictionary(
      fc.constantFrom(
        'client_id',
        'grant_type',
        'redirect_uri',
        'code_verifier',
        'interaction_code',
        'refresh_token',
        'scope',
        'token',
        'token_type_hint',
        'code_challenge',
        'code_challenge_method',
        'state',
      ),
      fc.oneof(fc.string({ maxLength: 50 }), fc.string({ minLength: 5000, maxLength: 9000 }), fc.constant(portalApp(h.config).clientId)),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('interact', 'token', 'revoke', 'introspect'), params, async (endpoint, p) => {
        const res = await h.app.request(`/oauth2/default/v1/${endpoint}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: PORTAL },
          body: new URLSearchParams(p).toString(),
        });
        const text = await res.text();
        expect(res.status, text).toBeLessThan(500);
        if (res.status >= 400) expectFamilyShape('oauth', res.status, text);
      }),
      { numRuns: 300 },
    );
  });

  it('answers hostile query strings on GET routes without a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(
          '/oauth2/default/v1/logout',
          '/api/v1/users',
          '/api/v1/groups',
          `/api/v1/groups/${groupId}/users`,
          `/api/v1/users/${userId}/groups`,
          '/oauth2/default/v1/userinfo',
          '/oauth2/default/v1/keys',
          '/dev/api/outbox',
          '/api/v1/logs',
          `/api/v1/eventHooks/${hookId}`,
          '/api/v1/inlineHooks',
          `/api/v1/inlineHooks/${inlineHookId}`,
          '/api/v1/apps',
          `/api/v1/apps/${portalApp(h.config).clientId}/users`,
          '/api/v1/policies',
          '/oauth2/v1/logout',
          '/dev/api/groups',
          '/dev/api/apps',
          '/dev/api/faults',
          '/dev/api/snapshot',
          // An email's magic link (any transaction id), an activation link and the widget's help page.
          '/email/verify/ftxnosuchtransaction',
          '/welcome/nosuchactivationtoken',
          '/help/login',
        ),
        fc.dictionary(
          fc.constantFrom(
            'q',
            'search',
            'filter',
            'limit',
            'after',
            'expand',
            'sortBy',
            'post_logout_redirect_uri',
            'id_token_hint',
            'client_id',
            'state',
            'to',
            'since',
            'until',
            'sortOrder',
            'type',
            'status',
            'token',
          ),
          fc.oneof(fc.string({ maxLength: 300 }), expressionLike, fc.constantFrom('MFA_ENROLL', 'ACCESS_POLICY', 'PASSWORD', 'ACTIVE')),
        ),
        async (path, query) => {
          const res = await h.app.request(`${path}?${new URLSearchParams(query)}`, { headers: { Authorization: `SSWS ${API_TOKEN()}` } });
          expect(res.status).toBeLessThan(500);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('answers hostile MyAccount query strings and Accept headers in the management API shape', async () => {
    const me = await makeUser(h);
    const { code, verifier } = await signIn(h, me.profile.login, undefined, {
      scope: 'openid okta.myAccount.authenticators.read okta.myAccount.sessions.manage',
    });
    const token = String((await exchange(h, code, verifier)).body.access_token);
    const hostile = fc.oneof(fc.string({ maxLength: 300 }), fc.constantFrom('true', 'false', 'TRUE', '', 'enrollments', '1', 'null'));
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('GET /authenticators', 'GET /authenticators/autdevorgpassword001', 'DELETE /sessions', 'GET /nope'),
        fc.record({ expand: hostile, oauthTokens: hostile }, { requiredKeys: [] }),
        // Sessions are only ended with the caller's grant kept, so the token outlives the run.
        fc.oneof(hostile, fc.constant('true')),
        fc.oneof(fc.constant('application/json; okta-version=1.0.0'), fc.string({ maxLength: 80 })),
        async (route, query, exclude, accept) => {
          const [method, path] = route.split(' ') as [string, string];
          const params = new URLSearchParams(query);
          if (method === 'DELETE') params.set('excludeCurrentAuthorizationContext', exclude);
          const res = await h.app.request(`/idp/myaccount${path}?${params}`, {
            method,
            headers: { Accept: accept, Authorization: `Bearer ${token}` },
          });
          const text = await res.text();
          expect(res.status, text).toBeLessThan(500);
          if (res.status >= 400) expectFamilyShape('api', res.status, text);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('answers hostile authorization requests with the error page, the hosted page or a redirect to the registered URI only', async () => {
    const good = () => ({ client_id: portalApp(h.config).clientId, redirect_uri: REDIRECT_URI });
    const value = fc.oneof(
      fc.string({ maxLength: 60 }),
      fc.string({ minLength: 3000, maxLength: 6000 }),
      fc.constantFrom('code', 'token', 'none', 'login', 'consent', 'query', 'fragment', 'form_post', 'okta_post_message', 'S256', 'plain'),
      fc.constantFrom('openid', 'openid profile email offline_access', '0', '-1', '99999999999', '', '%00', '<script>', '"\'><'),
    );
    const params = fc.dictionary(
      fc.constantFrom(
        'client_id',
        'redirect_uri',
        'response_type',
        'response_mode',
        'scope',
        'state',
        'nonce',
        'code_challenge',
        'code_challenge_method',
        'prompt',
        'max_age',
        'login_hint',
        'request',
        'request_uri',
        'display',
        'idp',
        '__proto__',
        'constructor',
      ),
      value,
      { maxKeys: 10 },
    );
    await fc.assert(
      fc.asyncProperty(params, fc.boolean(), fc.boolean(), async (p, withClient, duplicate) => {
        const query = new URLSearchParams({ ...(withClient ? good() : {}), ...p });
        if (duplicate) for (const [k, v] of Object.entries(p).slice(0, 1)) query.append(k, v);
        const res = await h.app.request(`/oauth2/default/v1/authorize?${query}`);
        const text = await res.text();
        expect(res.status, text.slice(0, 200)).toBeLessThan(500);
        if (res.status === 302) {
          // Only ever back to the app's own, exact, redirect URI.
          const location = new URL(res.headers.get('location') ?? '');
          expect(`${location.origin}${location.pathname}`).toBe(REDIRECT_URI);
        } else {
          expect([200, 400]).toContain(res.status);
          expect(res.headers.get('content-type')).toMatch(/^text\/html/);
          expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
          expect(text).not.toMatch(/<script>|"'></);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('answers any System Log filter, keyword search or cursor with a page or Okta’s 400, never a 5xx', async () => {
    const piece = fc.oneof(
      fc.constantFrom('eventType', 'outcome.result', 'actor.id', 'target.id', 'target.type', 'published', 'profile.login', 'not'),
      fc.constantFrom('eq', 'sw', 'co', 'pr', 'gt', 'ne', 'and', 'or', 'AND', '(', ')', '"', '\\'),
      fc.string({ maxLength: 12 }).map((v) => JSON.stringify(v)),
      fc.string({ maxLength: 12 }),
    );
    const expression = fc.array(piece, { maxLength: 14 }).map((parts) => parts.join(' '));
    await fc.assert(
      fc.asyncProperty(
        fc.record(
          {
            filter: fc.oneof(expression, fc.string({ maxLength: 300 }), fc.constant('('.repeat(50) + 'eventType eq "a"' + ')'.repeat(50))),
            q: fc.oneof(fc.string({ maxLength: 80 }), fc.constant('a '.repeat(20))),
            after: fc.oneof(fc.string({ maxLength: 40 }), fc.constant(Buffer.from('1.1').toString('base64url'))),
            limit: fc.oneof(fc.nat({ max: 2000 }).map(String), fc.string({ maxLength: 5 })),
          },
          { requiredKeys: [] },
        ),
        async (query) => {
          const res = await h.app.request(`/api/v1/logs?${new URLSearchParams(query)}`, {
            headers: { Authorization: `SSWS ${API_TOKEN()}` },
          });
          const text = await res.text();
          expect(res.status, text.slice(0, 300)).toBeLessThan(500);
          if (res.status >= 400) expectFamilyShape('api', res.status, text);
          else expect(Array.isArray(JSON.parse(text))).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('answers hostile state tokens and asset paths of the hosted pages without a 5xx', async () => {
    const segment = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.constantFrom('..', '.', '%2e%2e', '%2F', 'js', 'css', 'font', 'img', 'labels', 'json'),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(segment, { maxLength: 5 }), fc.string({ maxLength: 400 }), async (parts, stateToken) => {
        const asset = await h.app.request(`/login/assets/widget/${parts.map(encodeURIComponent).join('/')}`);
        expect(asset.status).toBeLessThan(500);
        if (asset.status === 200) expect(asset.headers.get('content-type')).toMatch(/^(text\/|font\/|image\/|application\/(json|vnd))/);
        const redirect = await h.app.request(`/login/token/redirect?${new URLSearchParams({ stateToken })}`);
        expect(redirect.status).toBe(400);
      }),
      { numRuns: 200 },
    );
  });

  /** `{ a: { b: value } }` for the path `a.b`. */
  const nested = (path: string, value: unknown): Record<string, unknown> =>
    path
      .split('.')
      .reverse()
      .reduce<unknown>((inner, key) => ({ [key]: inner }), value) as Record<string, unknown>;

  it('answers a wrong JSON type at any field a schema reads, nested ones included, in the family shape', async () => {
    const fields: { route: Route; paths: string[]; base: () => Record<string, unknown> }[] = [
      {
        route: { method: 'POST', path: () => '/idp/idx/identify', family: 'idx', json: true },
        paths: ['identifier', 'rememberMe', 'credentials', 'credentials.passcode', 'stateHandle'],
        base: () => ({ stateHandle: liveStateHandle, identifier: 'nobody@example.test' }),
      },
      {
        route: { method: 'POST', path: () => '/idp/idx/introspect', family: 'idx', json: true },
        paths: ['interactionHandle', 'stateHandle', 'stateToken'],
        base: () => ({}),
      },
      {
        route: { method: 'POST', path: () => `/api/v1/users/${userId}`, family: 'api', json: true },
        paths: [
          'profile',
          'profile.firstName',
          'credentials',
          'credentials.password',
          'credentials.password.value',
          'credentials.provider',
          'credentials.provider.type',
          'type',
          'type.id',
          'groupIds',
        ],
        base: () => ({}),
      },
      {
        route: { method: 'PUT', path: () => `/api/v1/groups/${groupId}`, family: 'api', json: true },
        paths: ['profile', 'profile.name', 'profile.description', 'profile.extra'],
        base: () => ({ profile: { name: 'Hostile input' } }),
      },
      ...(['POST', 'PUT'] as const).map((method) => ({
        route: {
          method,
          path: () => (method === 'POST' ? '/api/v1/eventHooks' : `/api/v1/eventHooks/${hookId}`),
          family: 'api' as const,
          json: true,
        },
        paths: ['name', 'description', 'events', 'events.type', 'events.items', 'events.filter', ...HOOK_CHANNEL_PATHS],
        base: hookBody,
      })),
      ...(['POST', 'PUT', 'UPDATE'] as const).map((kind) => ({
        route: {
          method: kind === 'PUT' ? ('PUT' as const) : ('POST' as const),
          path: () => (kind === 'POST' ? '/api/v1/inlineHooks' : `/api/v1/inlineHooks/${inlineHookId}`),
          family: 'api' as const,
          json: true,
        },
        paths: ['name', 'type', 'version', ...HOOK_CHANNEL_PATHS],
        base: inlineHookBody,
      })),
    ];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...fields), fc.nat(), weird, async ({ route, paths, base }, pick, value) => {
        const path = paths[pick % paths.length] ?? '';
        const { status, text } = await send(route, 'application/json', JSON.stringify({ ...base(), ...nested(path, value) }), true);
        expect(status, text.slice(0, 200)).toBeLessThan(500);
        if (status >= 400) expectFamilyShape(route.family, status, text);
      }),
      { numRuns: 300 },
    );
  });
});
