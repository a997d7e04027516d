/**
 * The management API's wire contract, checked with plain `fetch`: headers, error shapes, pagination
 * links and the refusals an SDK never provokes (bad JSON, wrong content type, unknown paths).
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
  return fetch(path.startsWith('http') ? path : `${org.origin}/api/v1${path}`, { ...init, headers, body });
}

function profile(login = `raw.${randomBytes(4).toString('hex')}@example.test`) {
  return { login, email: login, firstName: 'Raw', lastName: 'Fetch' };
}

async function createUser(extra: Json = {}, query = '?activate=true'): Promise<Json> {
  const res = await api(`/users${query}`, {
    method: 'POST',
    json: { profile: profile(), credentials: { password: { value: 'Correct-Horse-9' } }, ...extra },
  });
  expect(res.status).toBe(200);
  return (await res.json()) as Json;
}

/** Checks Okta's error shape and returns the body. */
async function expectOktaError(res: Response, status: number, errorCode: string): Promise<Json> {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toBe('application/json');
  const body = (await res.json()) as Json;
  expect(body).toMatchObject({ errorCode, errorLink: errorCode });
  expect(typeof body.errorSummary).toBe('string');
  expect(body.errorId).toMatch(/^oae/);
  expect(Array.isArray(body.errorCauses)).toBe(true);
  return body;
}

function links(res: Response): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (res.headers.get('link') ?? '').split(/,\s*(?=<)/)) {
    const m = /^<([^>]*)>;\s*rel="([^"]+)"$/.exec(part.trim());
    if (m?.[1] && m[2]) out[m[2]] = m[1];
  }
  return out;
}

describe('headers', () => {
  it('JSON replies carry application/json, rate-limit headers in epoch seconds, Date and a request id', async () => {
    const before = Math.floor(Date.now() / 1000);
    for (const res of [
      await api('/users?limit=1'),
      await api('/users/nobody@example.test'),
      await api('/users', { headers: { Authorization: '' } }),
    ]) {
      expect(res.headers.get('content-type')).toBe('application/json');
      const limit = Number(res.headers.get('x-rate-limit-limit'));
      const remaining = Number(res.headers.get('x-rate-limit-remaining'));
      const reset = Number(res.headers.get('x-rate-limit-reset'));
      expect(limit).toBeGreaterThan(0);
      expect(remaining).toBeLessThan(limit);
      expect(reset).toBeGreaterThanOrEqual(before);
      expect(reset).toBeLessThanOrEqual(before + 61);
      expect(Date.parse(res.headers.get('date') ?? '')).not.toBeNaN();
      expect(res.headers.get('x-okta-request-id')).toBeTruthy();
    }
  });
});

describe('authentication', () => {
  it('no Authorization header, another scheme or a wrong token: 401 E0000011', async () => {
    for (const authorization of ['', `Bearer ${org.apiToken}`, 'SSWS wrong', `SSWS ${org.apiToken}x`, 'SSWS']) {
      const body = await expectOktaError(await api('/users', { headers: { Authorization: authorization } }), 401, 'E0000011');
      expect(body.errorSummary).toBe('Invalid token provided');
    }
  });
});

describe('malformed requests', () => {
  it('malformed JSON is 400 in Okta’s shape', async () => {
    const res = await api('/users', { method: 'POST', body: '{"profile":', headers: { 'Content-Type': 'application/json' } });
    await expectOktaError(res, 400, 'E0000003');
  });

  it('a body that is not JSON is refused in Okta’s shape', async () => {
    const res = await api('/users', { method: 'POST', body: 'login=a', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
    await expectOktaError(res, 415, 'E0000003');
  });

  it('a profile that is not an object is 400', async () => {
    await expectOktaError(await api('/users', { method: 'POST', json: { profile: ['a'] } }), 400, 'E0000003');
  });

  it('what devorg cannot store is refused with a cause, not dropped', async () => {
    for (const body of [
      { profile: profile(), credentials: { password: { hash: { algorithm: 'BCRYPT' } } } },
      { profile: profile(), credentials: { recovery_question: { question: 'q', answer: 'a long answer' } } },
      { profile: profile(), groupIds: ['00g000000000000000'] },
      { profile: profile(), type: { id: 'otyother' } },
    ]) {
      const err = await expectOktaError(await api('/users', { method: 'POST', json: body }), 400, 'E0000001');
      expect((err.errorCauses as Json[]).length).toBeGreaterThan(0);
    }
  });

  it('bad query values are 400', async () => {
    await expectOktaError(await api('/users?limit=0'), 400, 'E0000001');
    await expectOktaError(await api('/users?limit=ten'), 400, 'E0000001');
    await expectOktaError(await api('/users?after=not-a-cursor'), 400, 'E0000001');
    await expectOktaError(await api('/users?activate=yes', { method: 'POST', json: { profile: profile() } }), 400, 'E0000001');
  });
});

describe('unknown routes and methods', () => {
  it('an unknown path under /api/v1 is 404 E0000007', async () => {
    await expectOktaError(await api('/nothing-here'), 404, 'E0000007');
    const user = await createUser();
    await expectOktaError(await api(`/users/${String(user.id)}/lifecycle/explode`, { method: 'POST' }), 404, 'E0000007');
  });

  it('a known path with an unsupported method is 405 E0000022', async () => {
    const user = await createUser();
    await expectOktaError(await api(`/users/${String(user.id)}`, { method: 'PATCH', json: {} }), 405, 'E0000022');
    await expectOktaError(await api('/users', { method: 'DELETE' }), 405, 'E0000022');
    await expectOktaError(await api(`/users/${String(user.id)}/lifecycle/deactivate`), 405, 'E0000022');
  });
});

describe('user JSON', () => {
  it('says a password is set without revealing anything about it', async () => {
    const user = await createUser();
    expect(user.credentials).toEqual({ password: {}, provider: { type: 'OKTA', name: 'OKTA' } });
    const raw = JSON.stringify(await (await api(`/users/${String(user.id)}`)).json());
    expect(raw).not.toMatch(/scrypt|Correct-Horse|passwordHash/);
  });

  it('a user without a password has no password credential; timestamps are ISO with ms and Z or null', async () => {
    const res = await api('/users?activate=false', { method: 'POST', json: { profile: profile() } });
    const user = (await res.json()) as Json;
    expect(user.status).toBe('STAGED');
    expect(user.credentials).toEqual({ provider: { type: 'OKTA', name: 'OKTA' } });
    expect(user.created).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(user).toMatchObject({ activated: null, lastLogin: null, passwordChanged: null, statusChanged: null });
    expect(user._links).toMatchObject({
      self: { href: `${org.origin}/api/v1/users/${String(user.id)}` },
      activate: { href: `${org.origin}/api/v1/users/${String(user.id)}/lifecycle/activate`, method: 'POST' },
    });
  });

  it('lifecycle operations answer 200 with a JSON object', async () => {
    const user = await createUser();
    const res = await api(`/users/${String(user.id)}/lifecycle/deactivate`, { method: 'POST' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(await res.json()).toEqual({});
  });

  it('DELETE answers 204 with no body', async () => {
    const user = await createUser();
    const res = await api(`/users/${String(user.id)}`, { method: 'DELETE' });
    expect(res.status).toBe(204);
    expect(await res.text()).toBe('');
  });
});

describe('pagination links', () => {
  it('self and next carry the query; the last page has no next', async () => {
    const tag = `link${randomBytes(3).toString('hex')}`;
    const ids: unknown[] = [];
    for (let i = 0; i < 3; i++) ids.push((await createUser({ profile: profile(`${tag}.${i}@example.test`) })).id);
    const search = 'status eq "ACTIVE"';
    let url: string | undefined = `${org.origin}/api/v1/users?search=${encodeURIComponent(search)}&limit=2`;
    const seen: unknown[] = [];
    let pages = 0;
    while (url) {
      const res = await api(url);
      expect(res.status).toBe(200);
      const page = (await res.json()) as Json[];
      expect(page.length).toBeGreaterThan(0);
      expect(page.length).toBeLessThanOrEqual(2);
      seen.push(...page.map((u) => u.id));
      const rel = links(res);
      expect(rel.self?.startsWith(`${org.origin}/api/v1/users?search=${encodeURIComponent(search)}&limit=2`)).toBe(true);
      if (rel.next) expect(rel.next).toMatch(/&after=[A-Za-z0-9_-]+$/);
      url = rel.next;
      pages++;
    }
    expect(pages).toBeGreaterThan(1);
    expect(seen).toEqual(expect.arrayContaining(ids));
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('q is not paginated (as on Okta) and returns 10 users unless a limit is given', async () => {
    const tag = `qpage${randomBytes(3).toString('hex')}`;
    for (let i = 0; i < 12; i++) await createUser({ profile: profile(`${tag}.${i}@example.test`) });
    const res = await api(`/users?q=${tag}`);
    expect(((await res.json()) as Json[]).length).toBe(10);
    expect(links(res).next).toBeUndefined();
    expect(links(res).self).toBe(`${org.origin}/api/v1/users?q=${tag}&limit=10`);
    expect(((await (await api(`/users?q=${tag}&limit=50`)).json()) as Json[]).length).toBe(12);
  });

  it('a limit above 200 is served as 200', async () => {
    expect(links(await api('/users?limit=5000')).self).toBe(`${org.origin}/api/v1/users?limit=200`);
  });
});

describe('search and filter refusals', () => {
  it('answer 400 E0000031 "Invalid search criteria." with one cause naming the problem', async () => {
    for (const query of [
      `search=${encodeURIComponent('profile.login eq')}`,
      `search=${encodeURIComponent('id ne "x"')}`,
      `filter=${encodeURIComponent('created gt "2020-01-01T00:00:00.000Z"')}`,
      `search=${encodeURIComponent('(a pr'.repeat(40))}`,
    ]) {
      const body = await expectOktaError(await api(`/users?${query}`), 400, 'E0000031');
      expect(body.errorSummary).toBe('Invalid search criteria.');
      expect((body.errorCauses as unknown[]).length).toBe(1);
    }
  });
});
