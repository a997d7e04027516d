import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { begin, exchange, json, makeUser, remediate, signIn, startHarness, type Harness } from '../testing/harness';
import { startListeningOrg } from '../testing/listening-org';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

const auth = () => ({ Authorization: `SSWS ${h.config.apiTokens[0]}` });

async function addFault(body: unknown, org: Harness = h) {
  const res = await org.app.request('/dev/api/faults', {
    method: 'POST',
    headers: { Authorization: `SSWS ${org.config.apiTokens[0]}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function listFaults() {
  return (await (await h.app.request('/dev/api/faults', { headers: auth() })).json()) as {
    id: string;
    remaining: number | null;
    hits: number;
  }[];
}

async function identify(login: string) {
  const start = await begin(h);
  return remediate(h, start.doc, 'identify', { identifier: login });
}

describe('dev fault injection', () => {
  it('answers one user’s identify with Okta’s IDX 429 and rate-limit headers, `times` times, leaving other users alone', async () => {
    const [alice, bob] = [await makeUser(h), await makeUser(h)];
    const added = await addFault({
      match: { method: 'post', path: '/idp/idx/identify', login: alice.profile.login.toUpperCase() },
      respond: { status: 429 },
      times: 1,
    });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ match: { method: 'POST' }, times: 1, remaining: 1, hits: 0 });

    expect((await identify(bob.profile.login)).status).toBe(200);
    const limited = await identify(alice.profile.login);
    expect(limited.status).toBe(429);
    expect(limited.doc).toEqual({
      version: '1.0.0',
      messages: { type: 'array', value: [{ message: 'Too many requests', i18n: { key: 'tooManyRequests' }, class: 'ERROR' }] },
    });
    expect(limited.headers.get('content-type')).toBe('application/ion+json; okta-version=1.0.0');
    expect(limited.headers.get('x-rate-limit-remaining')).toBe('0');
    expect(Number(limited.headers.get('x-rate-limit-reset'))).toBeGreaterThan(h.clock.now() / 1000);
    expect(limited.headers.get('x-rate-limit-limit')).toBe(String(h.config.rateLimits.idx));
    // Used up, and gone from the list.
    expect((await identify(alice.profile.login)).status).toBe(200);
    expect((await listFaults()).find((f) => f.id === added.body.id)).toBeUndefined();
  });

  it('fails one user’s token call with OAuth’s server_error until deleted, by the interaction code and the refresh token', async () => {
    const user = await makeUser(h);
    const other = await makeUser(h);
    const { body } = await addFault({
      match: { method: 'POST', path: '/oauth2/default/v1/token', login: user.profile.login },
      respond: { status: 500 },
    });
    const id = body.id as string;

    const theirs = await signIn(h, other.profile.login);
    expect((await exchange(h, theirs.code, theirs.verifier)).status).toBe(200);
    const mine = await signIn(h, user.profile.login);
    const failed = await exchange(h, mine.code, mine.verifier);
    expect(failed.status).toBe(500);
    expect(failed.body).toEqual({ error: 'server_error', error_description: 'An unexpected error occurred.' });
    // The code was not used by the failed call: once the fault is gone, the same code works.
    expect((await h.app.request(`/dev/api/faults/${id}`, { method: 'DELETE', headers: auth() })).status).toBe(204);
    expect((await exchange(h, mine.code, mine.verifier)).status).toBe(200);

    await addFault({ match: { method: 'POST', path: '/oauth2/*', login: user.profile.login }, respond: { status: 503 } });
    const again = await signIn(h, user.profile.login, undefined, { scope: 'openid offline_access' });
    expect((await exchange(h, again.code, again.verifier)).body).toMatchObject({ error: 'temporarily_unavailable' });
    expect(
      (await h.app.request(`/dev/api/faults?login=${encodeURIComponent(user.profile.login)}`, { method: 'DELETE', headers: auth() }))
        .status,
    ).toBe(204);
    expect(await listFaults()).toEqual([]);
  });

  it('scopes a fault to one IDX transaction by its handle', async () => {
    const mine = await begin(h);
    const theirs = await begin(h);
    expect(
      (
        await addFault({
          match: { method: 'POST', path: '/idp/idx/introspect', transaction: mine.interactionHandle },
          respond: { status: 500 },
        })
      ).status,
    ).toBe(201);
    const introspect = (interactionHandle: string) => h.app.request('/idp/idx/introspect', json({ interactionHandle }));
    expect((await introspect(theirs.interactionHandle)).status).toBe(200);
    const failed = await introspect(mine.interactionHandle);
    expect(failed.status).toBe(500);
    expect(await failed.json()).toMatchObject({ version: '1.0.0', messages: { value: [{ class: 'ERROR' }] } });
    // The transaction's other requests (by its state handle) are in scope too.
    expect((await remediate(h, mine.doc, 'identify', { identifier: 'x@example.test' })).status).toBe(200);
    await h.app.request('/dev/api/faults', { method: 'DELETE', headers: auth() });
  });

  it('answers the management API in its own shape, 429 with E0000047', async () => {
    const user = await makeUser(h);
    await addFault({
      match: { method: 'GET', path: `/api/v1/users/${user.id}`, login: user.profile.login },
      respond: { status: 429 },
      times: 2,
    });
    const byId = await h.app.request(`/api/v1/users/${user.id}`, { headers: auth() });
    expect(byId.status).toBe(429);
    expect(await byId.json()).toMatchObject({ errorCode: 'E0000047' });
    expect(byId.headers.get('x-rate-limit-remaining')).toBe('0');
    const [fault] = await listFaults();
    expect(fault).toMatchObject({ remaining: 1, hits: 1 });
    await h.app.request('/dev/api/reset', { method: 'POST', headers: auth() });
    expect(await listFaults()).toEqual([]);
  });

  it('delays a request, which then goes through unchanged', async () => {
    const start = await begin(h);
    await addFault({ match: { method: 'POST', path: '/idp/idx/introspect' }, respond: { delayMs: 300 }, times: 1 });
    let settled = false;
    const pending = Promise.resolve(h.app.request('/idp/idx/introspect', json({ interactionHandle: start.interactionHandle }))).then(
      (r) => {
        settled = true;
        return r;
      },
    );
    await new Promise((resolve) => setImmediate(resolve));
    expect(settled).toBe(false);
    const res = await pending;
    expect(res.status).toBe(200);
    expect(((await res.json()) as { stateHandle: string }).stateHandle).toBe(start.stateHandle);
  });

  it('drops the connection without an answer', async () => {
    const org = await startListeningOrg();
    try {
      await addFault({ match: { method: 'GET', path: '/oauth2/default/v1/keys' }, respond: { drop: true }, times: 1 }, org);
      await expect(fetch(`${org.origin}/oauth2/default/v1/keys`)).rejects.toThrow(TypeError);
      expect((await fetch(`${org.origin}/oauth2/default/v1/keys`)).status).toBe(200);
    } finally {
      await org.stop();
    }
    // In-process there is no socket: the answer's body fails as a dropped connection's would.
    await addFault({ match: { method: 'GET', path: '/oauth2/default/v1/keys' }, respond: { drop: true }, times: 1 });
    await expect((await h.app.request('/oauth2/default/v1/keys')).text()).rejects.toThrow(/dropped/);
  });

  it('refuses bad faults with a clear 400, unknown transactions and faults with 404, and callers without a token with 401', async () => {
    const cases: [unknown, RegExp][] = [
      [{}, /match: required/],
      [{ match: { method: 'POST', path: 'idp' }, respond: { status: 500 } }, /match\.path: must be an absolute path/],
      [{ match: { method: 'POST', path: '/dev/api/faults' }, respond: { status: 500 } }, /the dev API itself cannot be faulted/],
      [{ match: { method: 'BREW', path: '/x' }, respond: { status: 500 } }, /match\.method: must be one of/],
      [{ match: { method: 'GET', path: '/x' }, respond: { status: 200 } }, /respond\.status: must be at least 400/],
      [{ match: { method: 'GET', path: '/x' }, respond: { delayMs: 1e9 } }, /respond\.delayMs: must be at most 120000/],
      [{ match: { method: 'GET', path: '/x' }, respond: { drop: true, status: 500 } }, /respond: must be one of/],
      [{ match: { method: 'GET', path: '/x' }, respond: { drop: true }, times: 0 }, /times: must be at least 1/],
      [{ match: { method: 'GET', path: '/x', user: 'a' }, respond: { drop: true } }, /match\.user: unknown key/],
    ];
    for (const [body, cause] of cases) {
      const res = await addFault(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.errorCode).toBe('E0000001');
      expect(JSON.stringify(res.body.errorCauses), JSON.stringify(body)).toMatch(cause);
    }
    const unknownTx = await addFault({
      match: { method: 'POST', path: '/idp/idx/introspect', transaction: 'nope' },
      respond: { status: 500 },
    });
    expect(unknownTx).toMatchObject({ status: 404, body: { errorCode: 'E0000007' } });
    expect((await h.app.request('/dev/api/faults/flt-none', { method: 'DELETE', headers: auth() })).status).toBe(404);
    expect((await h.app.request('/dev/api/faults')).status).toBe(401);
    expect(await listFaults()).toEqual([]);
  });
});
