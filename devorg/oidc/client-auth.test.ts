import { createLocalJWKSet, jwtVerify, type JSONWebKeySet } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadApps } from '../apps';
import { defaultConfig, loadConfig, type OidcAppConfig } from '../config';
import { Store } from '../store';
import { exchange, form, makeUser, signIn, startHarness, type Harness } from '../testing/harness';

const WEB_SECRET = 'web-app-secret-0123456789';
const SERVICE_SECRET = 'service-secret-abcdefghij';
const WEB: Partial<OidcAppConfig> = {
  clientId: '0oawebapp00000000001',
  label: 'Web app',
  type: 'web',
  clientSecret: WEB_SECRET,
  grantTypes: ['authorization_code', 'refresh_token'],
  redirectUris: ['http://localhost:3000/authorization-code/callback'],
};
const SERVICE: Partial<OidcAppConfig> = {
  clientId: '0oaservice0000000001',
  label: 'Messages job',
  type: 'service',
  clientSecret: SERVICE_SECRET,
  scopes: ['messages:read'],
};
/** A confidential app whose secret devorg generates. */
const GENERATED: Partial<OidcAppConfig> = {
  clientId: '0oagenerated00000001',
  label: 'Generated',
  type: 'service',
  scopes: ['messages:read'],
};

let h: Harness;
beforeAll(async () => {
  h = await startHarness({
    apps: [...defaultConfig().apps, WEB, SERVICE, GENERATED] as OidcAppConfig[],
    customScopes: [
      { name: 'messages:read', description: 'Read messages' },
      { name: 'messages:write', description: 'Write messages' },
    ],
  });
});
afterAll(() => h.close());

const basic = (id: string, secret?: string) => `Basic ${Buffer.from(secret === undefined ? id : `${id}:${secret}`).toString('base64')}`;

function post(path: string, fields: Record<string, string>, authorization?: string) {
  const init = form(fields);
  if (authorization) (init.headers as Record<string, string>).Authorization = authorization;
  return h.app.request(`/oauth2/default/v1/${path}`, init);
}

async function error(res: Response) {
  return { status: res.status, ...((await res.json()) as { error: string; error_description: string }) };
}

async function portalAccessToken(): Promise<string> {
  const user = await makeUser(h);
  const { code, verifier } = await signIn(h, user.profile.login);
  return String((await exchange(h, code, verifier)).body.access_token);
}

describe('client authentication', () => {
  it('checks a confidential client’s secret at introspect: a wrong one is invalid_client, the right one answers', async () => {
    const token = await portalAccessToken();
    expect(await error(await post('introspect', { token }, basic(WEB.clientId!, 'wrong-secret')))).toMatchObject({
      status: 401,
      error: 'invalid_client',
    });
    const ok = await post('introspect', { token }, basic(WEB.clientId!, WEB_SECRET));
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ active: true });
  });

  it('takes the secret in the form as well (client_secret_post), and refuses it missing or wrong', async () => {
    const token = await portalAccessToken();
    expect((await post('introspect', { token, client_id: WEB.clientId!, client_secret: WEB_SECRET })).status).toBe(200);
    const attempts: Record<string, string>[] = [
      { client_id: WEB.clientId! },
      { client_id: WEB.clientId!, client_secret: 'nope' },
      { client_id: WEB.clientId!, client_secret: '' },
    ];
    for (const fields of attempts) {
      expect(await error(await post('introspect', { token, ...fields }))).toMatchObject({ status: 401, error: 'invalid_client' });
    }
    expect(await error(await post('revoke', { token }, basic(WEB.clientId!)))).toMatchObject({ status: 401, error: 'invalid_client' });
  });

  it('refuses a secret sent twice (header and form) with Okta’s invalid_request', async () => {
    const res = await post('introspect', { token: 'x', client_secret: WEB_SECRET }, basic(WEB.clientId!, WEB_SECRET));
    expect(await error(res)).toMatchObject({
      status: 400,
      error: 'invalid_request',
      error_description: expect.stringContaining('multiple client credentials'),
    });
  });

  it('refuses a header and a form naming different clients', async () => {
    const res = await post('introspect', { token: 'x', client_id: SERVICE.clientId! }, basic(WEB.clientId!, WEB_SECRET));
    expect(await error(res)).toMatchObject({ status: 401, error: 'invalid_client' });
  });

  it('refuses a secret from a public client, and a malformed Basic header', async () => {
    const token = await portalAccessToken();
    const portal = defaultConfig().apps[0]!.clientId;
    expect(await error(await post('introspect', { token }, basic(portal, 'anything')))).toMatchObject({
      status: 401,
      error: 'invalid_client',
    });
    expect(await error(await post('introspect', { token }, 'Basic !!!'))).toMatchObject({ status: 401, error: 'invalid_client' });
    expect((await post('introspect', { token }, basic(portal))).status).toBe(200);
  });

  it('answers an unknown client alike through the header and the form, naming no other app', async () => {
    const viaHeader = await error(await post('introspect', { token: 'x' }, basic('0oanobody', 'secret-secret-secret')));
    const viaForm = await error(await post('introspect', { token: 'x', client_id: '0oanobody', client_secret: 'secret-secret-secret' }));
    expect(viaHeader).toEqual(viaForm);
    expect(viaHeader).toMatchObject({ status: 401, error: 'invalid_client' });
    expect(JSON.stringify(viaHeader)).not.toMatch(/0oa(web|service|devorg)/);
  });

  it('refuses private_key_jwt by name', async () => {
    const res = await post('token', {
      grant_type: 'client_credentials',
      client_id: SERVICE.clientId!,
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: 'a.b.c',
    });
    expect(await error(res)).toMatchObject({
      status: 401,
      error: 'invalid_client',
      error_description: expect.stringContaining('private_key_jwt'),
    });
  });

  it('keeps a generated secret as a digest: printed on the first start only, and the same one on the next', async () => {
    const generated = h.ctx.apps.generatedSecrets.find((s) => s.clientId === GENERATED.clientId);
    expect(generated?.secret).toMatch(/^[\w-]{40,}$/);
    const again = await loadApps(h.config, h.ctx.store, h.ctx.ids, 0);
    expect(again.generatedSecrets).toEqual([]);
    const app = again.byId(GENERATED.clientId!)!;
    expect(again.secretMatches(app, generated!.secret)).toBe(true);
    expect(again.secretMatches(app, generated!.secret + 'x')).toBe(false);
    const rows = await h.ctx.store.appSecretDigest(GENERATED.clientId!);
    expect(rows).not.toContain(generated!.secret);
    const res = await post(
      'token',
      { grant_type: 'client_credentials', scope: 'messages:read' },
      basic(GENERATED.clientId!, generated!.secret),
    );
    expect(res.status).toBe(200);
  });

  it('reads a secret from DEVORG_CLIENT_SECRET_<clientId>', () => {
    const cfg = loadConfig(
      { DEVORG_CLIENT_SECRET_0oaservice0000000001: 'from-the-environment' },
      { apps: [...defaultConfig().apps, SERVICE] as OidcAppConfig[], customScopes: [{ name: 'messages:read', description: '' }] },
    );
    expect(cfg.apps.find((a) => a.clientId === SERVICE.clientId)?.clientSecret).toBe('from-the-environment');
  });
});

describe('grants per app', () => {
  it('answers unauthorized_client, with the app’s grants, for a grant the app lacks', async () => {
    const portal = defaultConfig().apps[0]!.clientId;
    expect(await error(await post('token', { grant_type: 'client_credentials', client_id: portal, scope: 'messages:read' }))).toEqual({
      status: 400,
      error: 'unauthorized_client',
      error_description:
        'The client is not authorized to use the provided grant type. Configured grant types: [interaction_code, authorization_code, refresh_token].',
    });
    expect(
      await error(await post('token', { grant_type: 'refresh_token', refresh_token: 'x' }, basic(SERVICE.clientId!, SERVICE_SECRET))),
    ).toMatchObject({
      error: 'unauthorized_client',
    });
    expect(await error(await post('token', { grant_type: 'password', client_id: portal }))).toMatchObject({
      error: 'unsupported_grant_type',
    });
  });

  it('lets only apps with the interaction code grant start an IDX transaction', async () => {
    const res = await post('interact', {
      client_id: WEB.clientId!,
      client_secret: WEB_SECRET,
      scope: 'openid',
      redirect_uri: WEB.redirectUris![0]!,
      code_challenge: 'x'.repeat(43),
      code_challenge_method: 'S256',
      state: 's',
    });
    expect(await error(res)).toMatchObject({ status: 400, error: 'unauthorized_client' });
  });
});

describe('client_credentials', () => {
  const cc = (fields: Record<string, string>, secret = SERVICE_SECRET) =>
    post('token', { grant_type: 'client_credentials', ...fields }, basic(SERVICE.clientId!, secret));

  it('mints an access token for the service app itself: sub and cid are the client, no uid, no ID or refresh token', async () => {
    const res = await cc({ scope: 'messages:read' });
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual(['access_token', 'expires_in', 'scope', 'token_type']);
    expect(body.scope).toBe('messages:read');
    const keys = createLocalJWKSet((await (await h.app.request('/oauth2/default/v1/keys')).json()) as JSONWebKeySet);
    const { payload } = await jwtVerify(String(body.access_token), keys, {
      issuer: h.ctx.issuer,
      audience: h.config.tokens.audience,
      currentDate: new Date(h.clock.now()),
    });
    expect(payload).toMatchObject({ sub: SERVICE.clientId, cid: SERVICE.clientId, scp: ['messages:read'] });
    expect(payload.uid).toBeUndefined();

    const introspected = await post('introspect', { token: String(body.access_token) }, basic(SERVICE.clientId!, SERVICE_SECRET));
    const info = (await introspected.json()) as Record<string, unknown>;
    expect(info).toMatchObject({ active: true, sub: SERVICE.clientId, client_id: SERVICE.clientId, scope: 'messages:read' });
    expect(info.username).toBeUndefined();

    const userinfo = await h.app.request('/oauth2/default/v1/userinfo', {
      headers: { Authorization: `Bearer ${String(body.access_token)}` },
    });
    expect(userinfo.status).toBe(403);

    expect((await post('revoke', { token: String(body.access_token) }, basic(SERVICE.clientId!, SERVICE_SECRET))).status).toBe(200);
    const after = await post('introspect', { token: String(body.access_token) }, basic(SERVICE.clientId!, SERVICE_SECRET));
    expect(await after.json()).toEqual({ active: false });
  });

  it('needs a scope, refuses OpenID Connect scopes and scopes the app was not given', async () => {
    expect(await error(await cc({}))).toMatchObject({ status: 400, error: 'invalid_scope' });
    expect(await error(await cc({ scope: 'openid messages:read' }))).toMatchObject({
      error: 'invalid_scope',
      error_description: expect.stringContaining('openid'),
    });
    expect(await error(await cc({ scope: 'messages:write' }))).toMatchObject({
      error: 'invalid_scope',
      error_description: expect.stringContaining('messages:write'),
    });
  });

  it('is refused with a wrong secret', async () => {
    expect(await error(await cc({ scope: 'messages:read' }, 'wrong-wrong-wrong'))).toMatchObject({ status: 401, error: 'invalid_client' });
  });
});

describe('apps in the config', () => {
  const problems = (apps: unknown[], extra: Record<string, unknown> = {}) => {
    try {
      loadConfig({}, { apps: apps as OidcAppConfig[], ...extra });
      return '';
    } catch (err) {
      return (err as Error).message;
    }
  };
  const base = { label: 'A', redirectUris: ['http://localhost:1/cb'] };

  it('fills an entry with its type’s defaults', () => {
    const cfg = loadConfig(
      {},
      { apps: [{ clientId: 'web1', label: 'W', type: 'web', redirectUris: ['http://localhost:1/cb'] }] as OidcAppConfig[] },
    );
    expect(cfg.apps[0]).toMatchObject({
      tokenEndpointAuthMethod: 'client_secret_basic',
      grantTypes: ['authorization_code', 'refresh_token'],
      clientSecret: null,
    });
  });

  it('names the rules an app breaks', () => {
    expect(problems([{ clientId: 'a', ...base, clientSecret: 'a-public-secret-123' }])).toContain('apps[0].clientSecret: a public client');
    expect(problems([{ clientId: 'a', ...base, type: 'service', tokenEndpointAuthMethod: 'none', scopes: [] }])).toContain(
      'apps[0].tokenEndpointAuthMethod: a service app authenticates with a client secret',
    );
    expect(problems([{ clientId: 'a', ...base, grantTypes: ['client_credentials', 'authorization_code'] }])).toContain(
      'client_credentials is for service apps',
    );
    expect(problems([{ clientId: 'a', ...base, grantTypes: ['authorization_code'] }])).toContain(
      'offline_access needs the refresh_token grant',
    );
    expect(
      problems([
        { clientId: 'a', ...base },
        { clientId: 'a', ...base },
      ]),
    ).toContain('apps[1].clientId: a is listed twice');
    expect(problems([{ clientId: 'a', ...base, type: 'service', scopes: ['openid'] }])).toContain('may only have custom scopes');
    expect(problems([{ clientId: 'a', ...base, type: 'service', scopes: ['reports:read'] }])).toContain(
      'apps[0].scopes: reports:read: not a scope of the authorization server',
    );
    expect(problems([])).toContain('apps: must list at least one app');
    expect(problems([{ clientId: 'a', ...base, type: 'web', clientSecret: 'short' }])).toContain('at least 14 characters');
  });
});

it('store: an app secret digest is kept once', async () => {
  const store = await Store.open(`${h.config.dataDir}/other.sqlite`);
  try {
    expect(await store.saveAppSecretDigest('x', 'aa', 1)).toBe(true);
    expect(await store.saveAppSecretDigest('x', 'bb', 2)).toBe(false);
    expect(await store.appSecretDigest('x')).toBe('aa');
  } finally {
    store.close();
  }
});
