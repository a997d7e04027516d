import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { begin, makeUser, ORG_POLICIES, remediate, startHarness, type Harness } from '../testing/harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness(ORG_POLICIES);
});
afterAll(() => h.close());

const token = () => ({ Authorization: `SSWS ${h.config.apiTokens[0]}` });
/** Bindings as @hono/node-server passes them: the TCP peer of the request. */
const peer = (address: string) => ({
  incoming: { socket: { remoteAddress: address, remotePort: 50000, remoteFamily: address.includes(':') ? 'IPv6' : 'IPv4' } },
});

async function registerUntilEmail(email: string) {
  const start = await begin(h);
  const form = await remediate(h, start.doc, 'select-enroll-profile', {});
  const pw = await remediate(h, form.doc, 'enroll-profile', { userProfile: { email, firstName: 'Out', lastName: 'Box' } });
  return remediate(h, pw.doc, 'enroll-authenticator', { credentials: { passcode: 'Quiet-Lantern-42' } });
}

describe('dev outbox API', () => {
  it('lists the codes devorg sent, newest first, filtered by recipient, and clears them', async () => {
    const email = `outbox.${Date.now()}@example.test`;
    const em = await registerUntilEmail(email);
    await h.app.request('/idp/idx/challenge/resend', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ stateHandle: em.doc.stateHandle }),
    });
    const res = await h.app.request(`/dev/api/outbox?to=${encodeURIComponent(email.toUpperCase())}`, { headers: token() });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const messages = (await res.json()) as { to: string; kind: string; code: string; purpose: string; created: string }[];
    expect(messages).toHaveLength(2);
    expect(messages[0]).toMatchObject({ to: email, kind: 'email', purpose: 'registration' });
    expect(Date.parse(messages[0]!.created)).toBeGreaterThanOrEqual(Date.parse(messages[1]!.created));
    const cleared = await h.app.request(`/dev/api/outbox?to=${encodeURIComponent(email)}`, { method: 'DELETE', headers: token() });
    expect(cleared.status).toBe(204);
    expect(await (await h.app.request(`/dev/api/outbox?to=${encodeURIComponent(email)}`, { headers: token() })).json()).toEqual([]);
  });

  it('refuses requests without a token, with a wrong token, and bad limits — in the management API error shape', async () => {
    const attempts: Record<string, string>[] = [{}, { Authorization: 'SSWS nope' }];
    for (const headers of attempts) {
      const res = await h.app.request('/dev/api/outbox', { headers });
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({ errorCode: 'E0000011' });
    }
    const bad = await h.app.request('/dev/api/outbox?limit=abc', { headers: token() });
    expect(bad.status).toBe(400);
  });
});

describe('dev console access', () => {
  const consoleHeaders = { 'X-Devorg-Console': '1', 'Sec-Fetch-Site': 'same-origin', Host: 'localhost:7070' };

  it('answers the same-origin console over loopback without a token', async () => {
    const res = await h.app.request('http://localhost:7070/dev/api/users', { headers: consoleHeaders }, peer('127.0.0.1'));
    expect(res.status).toBe(200);
  });

  it('refuses the console path from another machine, another site, a rebinding host name, or without its header', async () => {
    const cases: [Record<string, string>, string, string][] = [
      [consoleHeaders, '192.168.1.20', 'http://localhost:7070'],
      [{ ...consoleHeaders, 'Sec-Fetch-Site': 'cross-site', Origin: 'http://evil.test' }, '127.0.0.1', 'http://localhost:7070'],
      [{ ...consoleHeaders, Host: 'evil.test:7070' }, '127.0.0.1', 'http://evil.test:7070'],
      [{ 'Sec-Fetch-Site': 'same-origin', Host: 'localhost:7070' }, '127.0.0.1', 'http://localhost:7070'],
    ];
    for (const [headers, address, base] of cases) {
      const res = await h.app.request(`${base}/dev/api/users`, { headers }, peer(address));
      expect(res.status, JSON.stringify({ headers, address })).toBe(401);
    }
  });

  it('serves the console page under a strict CSP with its script bundled locally', async () => {
    const page = await h.app.request('/dev/console');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await page.text();
    expect(html).toContain('<dev-console>');
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    const js = await h.app.request('/dev/console.js');
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(await js.text()).toContain('dev-console');
  }, 30_000);
});

describe('dev users API', () => {
  it('lists users with their authenticators; deactivates, deletes, and resets', async () => {
    const user = await makeUser(h);
    const list = (await (await h.app.request('/dev/api/users', { headers: token() })).json()) as {
      id: string;
      status: string;
      authenticators: { key: string }[];
    }[];
    const mine = list.find((u) => u.id === user.id);
    expect(mine?.authenticators.map((a) => a.key)).toEqual(['okta_password']);
    const deactivated = await h.app.request(`/dev/api/users/${user.id}/deactivate`, { method: 'POST', headers: token() });
    expect(await deactivated.json()).toMatchObject({ status: 'DEPROVISIONED' });
    expect((await h.app.request(`/dev/api/users/${user.id}`, { method: 'DELETE', headers: token() })).status).toBe(204);
    expect(await h.ctx.store.userById(user.id)).toBeUndefined();
    expect((await h.app.request('/dev/api/users/00unope/unlock', { method: 'POST', headers: token() })).status).toBe(404);

    await makeUser(h);
    expect((await h.app.request('/dev/api/reset', { method: 'POST', headers: token() })).status).toBe(204);
    expect(await (await h.app.request('/dev/api/users', { headers: token() })).json()).toEqual([]);
    expect(await h.ctx.store.outbox({ limit: 10 })).toEqual([]);
  });
});
