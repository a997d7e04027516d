/**
 * The apps API as the real `@okta/okta-sdk-nodejs` sees it, over real HTTP.
 */
import { randomBytes } from 'node:crypto';
import { Client, OktaApiError, type OpenIdConnectApplication } from '@okta/okta-sdk-nodejs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PORTAL_CLIENT_ID } from '../config';
import { startListeningOrg, type ListeningOrg } from '../testing/listening-org';

let org: ListeningOrg;
let client: Client;

beforeAll(async () => {
  org = await startListeningOrg();
  client = new Client({ orgUrl: org.origin, token: org.apiToken, cacheMiddleware: null });
});
afterAll(() => org.stop());

async function newUser() {
  const login = `app.${randomBytes(4).toString('hex')}@example.test`;
  return client.userApi.createUser({
    body: { profile: { login, email: login, firstName: 'App', lastName: 'User' }, credentials: { password: { value: 'Correct-Horse-9' } } },
    activate: true,
  });
}

async function apiError(call: () => Promise<unknown>): Promise<OktaApiError> {
  try {
    await call();
  } catch (err) {
    if (err instanceof OktaApiError) return err;
    throw err;
  }
  throw new Error('expected the call to fail');
}

describe('apps through the SDK', () => {
  it('lists and gets the org’s OIDC apps in Okta’s application JSON', async () => {
    const apps = [];
    for await (const app of await client.applicationApi.listApplications({})) apps.push(app);
    expect(apps.map((a) => a?.id)).toContain(PORTAL_CLIENT_ID);

    const app = (await client.applicationApi.getApplication({ appId: PORTAL_CLIENT_ID })) as OpenIdConnectApplication;
    expect(app.signOnMode).toBe('OPENID_CONNECT');
    expect(app.label).toBe('Embedded Sign-In Portal');
    expect(app.credentials?.oauthClient?.client_id).toBe(PORTAL_CLIENT_ID);
    expect(app.credentials?.oauthClient?.token_endpoint_auth_method).toBe('none');
    expect(app.settings?.oauthClient?.application_type).toBe('browser');
    expect(app.settings?.oauthClient?.redirect_uris).toEqual([`http://localhost:8080/login/callback`]);
    expect(app.settings?.oauthClient?.grant_types).toContain('interaction_code');
  });

  it('assigns, lists, gets and unassigns users', async () => {
    const user = await newUser();
    const assigned = await client.applicationApi.assignUserToApplication({ appId: PORTAL_CLIENT_ID, appUser: { id: user.id! } });
    expect(assigned).toMatchObject({ id: user.id, scope: 'USER', credentials: { userName: user.profile?.login } });

    const listed = [];
    for await (const u of await client.applicationApi.listApplicationUsers({ appId: PORTAL_CLIENT_ID })) listed.push(u?.id);
    expect(listed).toContain(user.id);
    expect(await client.applicationApi.getApplicationUser({ appId: PORTAL_CLIENT_ID, userId: user.id! })).toMatchObject({ scope: 'USER' });

    await client.applicationApi.unassignUserFromApplication({ appId: PORTAL_CLIENT_ID, userId: user.id! });
    // The portal's app is for everyone: still there, through the Everyone group.
    expect(await client.applicationApi.getApplicationUser({ appId: PORTAL_CLIENT_ID, userId: user.id! })).toMatchObject({ scope: 'GROUP' });
    expect(
      (await apiError(() => client.applicationApi.unassignUserFromApplication({ appId: PORTAL_CLIENT_ID, userId: user.id! }))).status,
    ).toBe(404);
  });

  it('answers an unknown app with Okta’s 404, and refuses to create or change apps, naming the config', async () => {
    const missing = await apiError(() => client.applicationApi.getApplication({ appId: '0oanothere' }));
    expect(missing.status).toBe(404);
    expect(missing.errorCode).toBe('E0000007');
    const create = await apiError(() =>
      client.applicationApi.createApplication({ application: { label: 'New', signOnMode: 'OPENID_CONNECT' } }),
    );
    expect(create.status).toBe(405);
    expect(JSON.stringify(create.errorCauses)).toContain('org config');
  });
});
