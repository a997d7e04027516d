/**
 * The groups API's wire contract with plain `fetch`: what an SDK never sends (bad bodies, unknown
 * methods, unsupported parameters) gets Okta's error shape and status, never a 500.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVERYONE_GROUP_ID } from '../store';
import { startListeningOrg, type ListeningOrg } from '../testing/listening-org';

let org: ListeningOrg;
beforeAll(async () => {
  org = await startListeningOrg();
});
afterAll(() => org.stop());

type Json = Record<string, unknown>;

function api(path: string, init: RequestInit & { json?: unknown } = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  if (!headers.has('authorization')) headers.set('Authorization', `SSWS ${org.apiToken}`);
  if (init.json !== undefined) headers.set('Content-Type', 'application/json');
  const body = init.json !== undefined ? JSON.stringify(init.json) : init.body;
  return fetch(`${org.origin}/api/v1${path}`, { ...init, headers, body });
}

async function expectOktaError(res: Response, status: number, errorCode: string): Promise<Json> {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toBe('application/json');
  const body = (await res.json()) as Json;
  expect(body).toMatchObject({ errorCode, errorLink: errorCode });
  expect(body.errorId).toMatch(/^oae/);
  expect(Array.isArray(body.errorCauses)).toBe(true);
  return body;
}

const causes = (body: Json) => (body.errorCauses as { errorSummary: string }[]).map((c) => c.errorSummary);

describe('groups API errors', () => {
  it('needs the API token, on the collection and below it', async () => {
    for (const path of ['/groups', `/groups/${EVERYONE_GROUP_ID}`, `/groups/${EVERYONE_GROUP_ID}/users`]) {
      await expectOktaError(await api(path, { headers: { Authorization: 'SSWS wrong' } }), 401, 'E0000011');
    }
  });

  it('bodies: not JSON is E0000003; a wrong shape or an unknown profile property is E0000001 naming it', async () => {
    await expectOktaError(
      await api('/groups', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{' }),
      400,
      'E0000003',
    );
    const missing = await expectOktaError(await api('/groups', { method: 'POST', json: {} }), 400, 'E0000001');
    expect(causes(missing)[0]).toMatch(/^profile: /);
    const extra = await expectOktaError(
      await api('/groups', { method: 'POST', json: { profile: { name: 'x', color: 'red' } } }),
      400,
      'E0000001',
    );
    expect(causes(extra)[0]).toMatch(/^profile(\.color)?: .*Not supported by devorg/);
    const typed = await expectOktaError(await api('/groups', { method: 'POST', json: { profile: { name: 7 } } }), 400, 'E0000001');
    expect(causes(typed)[0]).toMatch(/^profile\.name: /);
  });

  it('expand and sorting are refused rather than ignored; a bad limit or cursor is E0000001', async () => {
    for (const query of ['expand=stats', 'sortBy=profile.name', 'limit=0', 'after=nope']) {
      await expectOktaError(await api(`/groups?${query}`), 400, 'E0000001');
    }
  });

  it('unknown methods on known paths are 405 E0000022; the first page carries a self link', async () => {
    await expectOktaError(await api('/groups', { method: 'DELETE' }), 405, 'E0000022');
    await expectOktaError(await api(`/groups/${EVERYONE_GROUP_ID}/users`, { method: 'POST' }), 405, 'E0000022');
    const res = await api('/groups?limit=1');
    expect(res.headers.get('link')).toBe(`<${org.origin}/api/v1/groups?limit=1>; rel="self"`);
  });

  it('search syntax errors are 400 E0000031 with Okta’s summary', async () => {
    const body = await expectOktaError(await api(`/groups?search=${encodeURIComponent('profile.name eq')}`), 400, 'E0000031');
    expect(body.errorSummary).toBe('Invalid search criteria.');
  });
});

describe('the System Log of group changes', () => {
  it('records a group made, a member added and removed, and the group deleted, naming user and group', async () => {
    const login = `log.${Date.now()}@example.test`;
    const user = (await (
      await api('/users?activate=true', {
        method: 'POST',
        json: { profile: { login, email: login, firstName: 'Log', lastName: 'Member' } },
      })
    ).json()) as { id: string };
    const group = (await (await api('/groups', { method: 'POST', json: { profile: { name: `Logged ${login}` } } })).json()) as {
      id: string;
    };
    await api(`/groups/${group.id}/users/${user.id}`, { method: 'PUT' });
    await api(`/groups/${group.id}/users/${user.id}`, { method: 'PUT' }); // already a member: nothing to record
    await api(`/groups/${group.id}/users/${user.id}`, { method: 'DELETE' });
    await api(`/groups/${group.id}`, { method: 'DELETE' });

    const filter = encodeURIComponent(`target.id eq "${group.id}"`);
    const events = (await (await api(`/logs?filter=${filter}&sortOrder=ASCENDING`)).json()) as {
      eventType: string;
      target: { id: string; type: string }[];
    }[];
    expect(events.map((e) => e.eventType)).toEqual([
      'group.lifecycle.create',
      'group.user_membership.add',
      'group.user_membership.remove',
      'group.lifecycle.delete',
    ]);
    expect(events[1]?.target).toEqual([
      expect.objectContaining({ id: user.id, type: 'User' }),
      expect.objectContaining({ id: group.id, type: 'UserGroup' }),
    ]);
  });
});
