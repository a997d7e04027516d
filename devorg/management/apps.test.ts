import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig, type OidcAppConfig } from '../config';
import { makeUser, signIn, startHarness, type Harness } from '../testing/harness';

let h: Harness;
beforeAll(async () => {
  const portal = defaultConfig().apps[0]!;
  h = await startHarness({ apps: [{ ...portal, assignment: 'assigned' }] as OidcAppConfig[] });
});
afterAll(() => h.close());

const api = (path: string, init: RequestInit = {}) =>
  h.app.request(`/api/v1${path}`, {
    ...init,
    headers: {
      Authorization: `SSWS ${h.config.apiTokens[0]}`,
      'Content-Type': 'application/json',
      Accept: 'application/json',
      ...init.headers,
    },
  });

describe('an app assigned to chosen users', () => {
  it('lets an unassigned user prove everything, then ends on Okta’s access denied, with no code', async () => {
    const user = await makeUser(h);
    await expect(signIn(h, user.profile.login)).rejects.toThrow(/security\.access_denied|do not have permission/);
  });

  it('lets the user in once assigned, and out again once unassigned', async () => {
    const user = await makeUser(h);
    const appId = h.config.apps[0]!.clientId;
    expect((await api(`/apps/${appId}/users`, { method: 'POST', body: JSON.stringify({ id: user.id }) })).status).toBe(200);
    expect((await signIn(h, user.profile.login)).code).toBeTruthy();
    expect((await api(`/apps/${appId}/users/${user.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await api(`/apps/${appId}/users/${user.id}`)).status).toBe(404);
    await expect(signIn(h, user.profile.login)).rejects.toThrow(/do not have permission/);
  });

  it('forgets a deleted user’s assignments', async () => {
    const user = await makeUser(h);
    const appId = h.config.apps[0]!.clientId;
    await api(`/apps/${appId}/users`, { method: 'POST', body: JSON.stringify({ id: user.id }) });
    await h.ctx.store.deleteUser(user.id);
    expect(await h.ctx.store.appAssignment(appId, user.id)).toBeUndefined();
  });

  it('answers a malformed assignment with Okta’s 400', async () => {
    const appId = h.config.apps[0]!.clientId;
    const res = await api(`/apps/${appId}/users`, { method: 'POST', body: JSON.stringify({ id: 5 }) });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { errorCode: string }).errorCode).toBe('E0000001');
  });
});
