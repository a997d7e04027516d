/**
 * `/api/admin` requires a group, read from the `groups` claim a real devorg puts in the access token
 * when its authorization server has such a claim (`claims` in devorg's config, as on Okta).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApi } from './app';
import { API_DEFAULTS } from './config';
import { startListeningOrg, type ListeningOrg } from '../devorg/testing/listening-org';
import { exchange, makeUser, signIn } from '../devorg/testing/harness';
import { createVerifier } from './verifier';

let org: ListeningOrg;

beforeAll(async () => {
  org = await startListeningOrg({
    config: { claims: [{ name: 'groups', claimType: 'RESOURCE', valueType: 'GROUPS', group_filter_type: 'REGEX', value: '.*' }] },
  });
});
afterAll(() => org.stop());

function api(adminGroup = 'Admins') {
  const config = {
    issuer: org.issuer,
    audience: 'api://default',
    requiredScopes: ['profile'],
    portalOrigin: API_DEFAULTS.API_PORTAL_ORIGIN,
    adminGroup,
  };
  return createApi(config, { verify: createVerifier(config) });
}

/** A fresh user, in `groups` (created as needed), signed in through IDX: their access token. */
async function tokenInGroups(...groups: string[]): Promise<string> {
  const user = await makeUser(org);
  for (const name of groups) {
    const existing = await org.ctx.store.listGroups({ q: name, limit: 1 });
    let group = existing.find((g) => g.profile.name === name);
    if (!group) {
      const now = org.clock.now();
      group = {
        id: org.ctx.ids.oktaId('00g'),
        type: 'OKTA_GROUP',
        profile: { name, description: null },
        createdAt: now,
        lastUpdatedAt: now,
        lastMembershipUpdatedAt: now,
      };
      await org.ctx.store.createGroup(group);
    }
    await org.ctx.store.addGroupMember(group.id, user.id, org.clock.now());
  }
  const { code, verifier } = await signIn(org, user.profile.login);
  const { body } = await exchange(org, code, verifier);
  return String(body.access_token);
}

describe('/api/admin', () => {
  it('answers a member of the required group, listing the token’s groups', async () => {
    const token = await tokenInGroups('Admins', 'Staff');
    const res = await api().request('/api/admin', { headers: { Authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { message: string; groups: string[] };
    expect(body.message).toBe('You are in the group Admins, so you may see this.');
    // In the org's order of the groups (by creation; two made in the same millisecond in either order).
    expect([...body.groups].sort()).toEqual(['Admins', 'Everyone', 'Staff']);
  });

  it('refuses anyone else with 403 and a JSON error naming the group; other routes still answer them', async () => {
    const token = await tokenInGroups('Staff');
    const res = await api().request('/api/admin', { headers: { Authorization: `Bearer ${token}` } });
    expect(res.status).toBe(403);
    expect(res.headers.get('WWW-Authenticate')).toBeNull();
    expect(await res.json()).toEqual({
      error: 'access_denied',
      error_description: 'This endpoint is for members of the group "Admins", which the access token\'s groups claim does not list.',
    });
    expect((await api().request('/api/messages', { headers: { Authorization: `Bearer ${token}` } })).status).toBe(200);
    expect((await api('Staff').request('/api/admin', { headers: { Authorization: `Bearer ${token}` } })).status).toBe(200);
  });

  it('still needs a valid token first (401 before any group check)', async () => {
    expect((await api().request('/api/admin')).status).toBe(401);
    expect((await api().request('/api/admin', { headers: { Authorization: 'Bearer not.a.token' } })).status).toBe(401);
  });
});
