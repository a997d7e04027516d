import { createLocalJWKSet, decodeJwt, jwtVerify, type JSONWebKeySet } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig, portalApp } from '../config';
import { form, makeUser, REDIRECT_URI, signIn, startHarness, type Harness } from '../testing/harness';

let h: Harness;
beforeAll(async () => {
  const portal = defaultConfig().apps[0]!;
  h = await startHarness({
    // The portal may ask for the custom scope, so the org server's refusal is its own.
    apps: [{ ...portal, scopes: [...portal.scopes, 'messages:read'] }],
    customScopes: [{ name: 'messages:read', description: 'Read messages' }],
  });
});
afterAll(() => h.close());

const origin = () => h.config.publicOrigin;

async function redeem(endpoints: string, code: string, verifier: string) {
  const res = await h.app.request(
    `${endpoints}/v1/token`,
    form({
      client_id: portalApp(h.config).clientId,
      redirect_uri: REDIRECT_URI,
      grant_type: 'interaction_code',
      code_verifier: verifier,
      interaction_code: code,
    }),
  );
  return { status: res.status, body: (await res.json()) as Record<string, string> };
}

describe('the org authorization server', () => {
  it('publishes its metadata at the org’s root: issuer the org, endpoints under /oauth2/v1, no custom scopes', async () => {
    const res = await h.app.request('/.well-known/openid-configuration');
    expect(res.status).toBe(200);
    const doc = (await res.json()) as Record<string, unknown>;
    expect(doc.issuer).toBe(origin());
    for (const [key, path] of [
      ['authorization_endpoint', 'authorize'],
      ['token_endpoint', 'token'],
      ['userinfo_endpoint', 'userinfo'],
      ['jwks_uri', 'keys'],
      ['introspection_endpoint', 'introspect'],
      ['revocation_endpoint', 'revoke'],
      ['end_session_endpoint', 'logout'],
    ]) {
      expect(doc[key as string], key).toBe(`${origin()}/oauth2/v1/${path}`);
    }
    expect(doc.scopes_supported).not.toContain('messages:read');
    const custom = (await (await h.app.request('/oauth2/default/.well-known/openid-configuration')).json()) as Record<string, unknown>;
    expect(custom.scopes_supported).toContain('messages:read');
    expect((await h.app.request('/oauth2/v1/keys')).status).toBe(200);
  });

  it('signs a user in through /oauth2/v1: tokens with the org as issuer and audience, its own userinfo', async () => {
    const user = await makeUser(h);
    const { code, verifier, doc } = await signIn(h, user.profile.login, undefined, { endpoints: '/oauth2' });
    expect(doc.successWithInteractionCode.href).toBe(`${origin()}/oauth2/v1/token`);
    const { status, body } = await redeem('/oauth2', code, verifier);
    expect(status).toBe(200);
    const keys = createLocalJWKSet((await (await h.app.request('/oauth2/v1/keys')).json()) as JSONWebKeySet);
    const id = await jwtVerify(body.id_token!, keys, {
      issuer: origin(),
      audience: portalApp(h.config).clientId,
      currentDate: new Date(h.clock.now()),
    });
    expect(id.payload.sub).toBe(user.id);
    expect(decodeJwt(body.access_token!)).toMatchObject({ iss: origin(), aud: origin() });

    const bearer = { headers: { Authorization: `Bearer ${body.access_token}` } };
    const info = await h.app.request('/oauth2/v1/userinfo', bearer);
    expect(info.status).toBe(200);
    expect(((await info.json()) as { sub: string }).sub).toBe(user.id);
    // Each server takes only its own tokens.
    expect((await h.app.request('/oauth2/default/v1/userinfo', bearer)).status).toBe(401);
  });

  it('refuses a code or refresh token at the server that did not issue it', async () => {
    const user = await makeUser(h);
    const org = await signIn(h, user.profile.login, undefined, { endpoints: '/oauth2' });
    expect(await redeem('/oauth2/default', org.code, org.verifier)).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });

    const custom = await signIn(h, user.profile.login, undefined, { scope: 'openid offline_access' });
    const tokens = await redeem('/oauth2/default', custom.code, custom.verifier);
    const refresh = (endpoints: string) =>
      h.app.request(
        `${endpoints}/v1/token`,
        form({ client_id: portalApp(h.config).clientId, grant_type: 'refresh_token', refresh_token: tokens.body.refresh_token! }),
      );
    const elsewhere = await refresh('/oauth2');
    expect(elsewhere.status).toBe(400);
    expect(((await elsewhere.json()) as { error: string }).error).toBe('invalid_grant');
    expect((await refresh('/oauth2/default')).status).toBe(200);
  });

  it('has no custom scopes', async () => {
    const res = await h.app.request(
      '/oauth2/v1/interact',
      form({
        client_id: portalApp(h.config).clientId,
        scope: 'openid messages:read',
        redirect_uri: REDIRECT_URI,
        code_challenge: 'x'.repeat(43),
        code_challenge_method: 'S256',
        state: 's',
      }),
    );
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: 'invalid_scope', error_description: expect.stringContaining('messages:read') });
    const custom = await h.app.request(
      '/oauth2/default/v1/interact',
      form({
        client_id: portalApp(h.config).clientId,
        scope: 'openid messages:read',
        redirect_uri: REDIRECT_URI,
        code_challenge: 'x'.repeat(43),
        code_challenge_method: 'S256',
        state: 's',
      }),
    );
    expect(custom.status).toBe(200);
  });
});
