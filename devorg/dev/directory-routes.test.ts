import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUser, startHarness, type Harness } from '../testing/harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

const token = () => ({ Authorization: `SSWS ${h.config.apiTokens[0]}`, 'Content-Type': 'application/json' });

describe('dev directory API', () => {
  it('lists the groups with their member counts, Everyone first', async () => {
    const user = await makeUser(h);
    const created = await h.app.request('/api/v1/groups', {
      method: 'POST',
      headers: token(),
      body: JSON.stringify({ profile: { name: 'Testers' } }),
    });
    const { id } = (await created.json()) as { id: string };
    await h.app.request(`/api/v1/groups/${id}/users/${user.id}`, { method: 'PUT', headers: token() });

    const res = await h.app.request('/dev/api/groups', { headers: token() });
    const groups = (await res.json()) as { name: string; type: string; members: number | null }[];
    expect(groups[0]).toMatchObject({ name: 'Everyone', type: 'BUILT_IN', members: null });
    expect(groups.find((g) => g.name === 'Testers')).toMatchObject({ type: 'OKTA_GROUP', members: 1 });
  });

  it('lists the apps without any secret', async () => {
    const res = await h.app.request('/dev/api/apps', { headers: token() });
    const text = await res.text();
    const [app] = JSON.parse(text) as { clientId: string; assignment: string; grantTypes: string[] }[];
    expect(app).toMatchObject({ clientId: h.config.apps[0]!.clientId, assignment: 'everyone' });
    // No secret field (a value such as `client_secret_basic` is the auth method, not a secret), nor a secret's value.
    expect(text).not.toMatch(/"[^"]*secret[^"]*":/i);
    for (const { secret } of h.ctx.apps.generatedSecrets) expect(text).not.toContain(secret);
    expect((await h.app.request('/dev/api/apps')).status).toBe(401);
  });

  it('the console bundle carries the directory panel', async () => {
    expect(await (await h.app.request('/dev/console.js')).text()).toContain('dev-directory');
  });
});
