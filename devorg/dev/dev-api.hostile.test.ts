/**
 * Property-based hostile input on devorg's own dev API (the Okta routes: ../hostile-input.test.ts): fault
 * injection, the test sign-in, snapshots and the clock answer every body with a 4xx in the management
 * API's shape or do what a valid one asks — never a 5xx.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { portalApp } from '../config';
import { makeUser, startHarness, type Harness } from '../testing/harness';
import { expectFamilyShape, weird } from '../testing/hostile';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

const API_TOKEN = () => h.config.apiTokens[0] ?? '';

describe('hostile input on the dev API never yields a 5xx', { timeout: 60_000 }, () => {
  it('answers hostile fault bodies and clear-queries in the management API shape, and a valid one with 201', async () => {
    const piece = fc.oneof(weird, fc.constantFrom('POST', 'get', '/idp/idx/identify', '/*', '/dev/api/faults', 429, 599, 600, 0, -1, true));
    const fault = fc.record(
      {
        match: fc.oneof(weird, fc.dictionary(fc.constantFrom('method', 'path', 'login', 'transaction', 'extra'), piece, { maxKeys: 4 })),
        respond: fc.oneof(weird, fc.dictionary(fc.constantFrom('status', 'delayMs', 'drop'), piece, { maxKeys: 2 })),
        times: piece,
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(fault, async (body) => {
        const res = await h.app.request('/dev/api/faults', {
          method: 'POST',
          headers: { Authorization: `SSWS ${API_TOKEN()}`, 'Content-Type': 'application/json' },
          body: JSON.stringify(body),
        });
        const text = await res.text();
        expect(res.status, text.slice(0, 200)).toBeLessThan(500);
        if (res.status >= 400) expectFamilyShape('api', res.status, text);
        else expect(res.status).toBe(201);
        // Whatever got in must not fault the rest of this file's requests.
        await h.app.request('/dev/api/faults', { method: 'DELETE', headers: { Authorization: `SSWS ${API_TOKEN()}` } });
      }),
      { numRuns: 200 },
    );
  });

  it('answers hostile test sign-in bodies in the management API shape', async () => {
    const clocked = await startHarness({ clockControl: true });
    try {
      const token = clocked.config.apiTokens[0] ?? '';
      const login = (await makeUser(clocked)).profile.login;
      const value = fc.oneof(
        weird,
        fc.constant(login),
        fc.constant(portalApp(clocked.config).clientId),
        fc.array(fc.constantFrom('openid', 'pwd', 'mfa', 'offline_access', 'nope', ''), { maxLength: 10 }),
        // `session`: true, or {rememberMe} with odd values and keys.
        fc.constant(true),
        fc.dictionary(fc.constantFrom('rememberMe', 'persistent'), fc.oneof(weird, fc.boolean()), { maxKeys: 2 }),
      );
      const keys = fc.constantFrom('login', 'clientId', 'amr', 'scopes', 'session', 'x');
      await fc.assert(
        fc.asyncProperty(fc.dictionary(keys, value, { maxKeys: 6 }), async (body) => {
          const res = await clocked.app.request('/dev/api/sessions', {
            method: 'POST',
            headers: { Authorization: `SSWS ${token}`, 'Content-Type': 'application/json' },
            body: JSON.stringify(body),
          });
          const text = await res.text();
          expect(res.status, text.slice(0, 200)).toBeLessThan(500);
          if (res.status >= 400) expectFamilyShape('api', res.status, text);
        }),
        { numRuns: 200 },
      );
    } finally {
      clocked.close();
    }
  });

  it('answers hostile snapshots in the management API shape, restoring nothing it refuses', async () => {
    // An org of its own: a snapshot that passes would replace this file's users.
    const org = await startHarness();
    try {
      const headers = { Authorization: `SSWS ${org.config.apiTokens[0] ?? ''}`, 'Content-Type': 'application/json' };
      await makeUser(org);
      const good = (await (await org.app.request('/dev/api/snapshot', { headers })).json()) as Record<string, unknown>;
      const tables = [
        'users',
        'passwordHistory',
        'enrollments',
        'webauthnCredentials',
        'groups',
        'groupMembers',
        'appAssignments',
        'eventHooks',
      ];
      const field = fc.constantFrom('format', 'version', 'exportedAt', 'extra', ...tables);
      const row = fc.dictionary(
        fc.constantFrom(
          'id',
          'userId',
          'groupId',
          'status',
          'profile',
          'passwordHash',
          'createdAt',
          'secret',
          'transports',
          'type',
          'channel',
        ),
        weird,
        { maxKeys: 6 },
      );
      const value = fc.oneof(weird, fc.array(row, { maxLength: 3 }), fc.constant([]));
      await fc.assert(
        fc.asyncProperty(fc.dictionary(field, value, { maxKeys: 4 }), async (changes) => {
          const res = await org.app.request('/dev/api/snapshot', { method: 'PUT', headers, body: JSON.stringify({ ...good, ...changes }) });
          const text = await res.text();
          expect(res.status, text.slice(0, 200)).toBeLessThan(500);
          if (res.status >= 400) expectFamilyShape('api', res.status, text);
        }),
        { numRuns: 200 },
      );
    } finally {
      org.close();
    }
  });

  it('answers hostile dev clock bodies in the management API shape', async () => {
    const clocked = await startHarness({ clockControl: true });
    try {
      const token = clocked.config.apiTokens[0] ?? '';
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom('/dev/api/clock', '/dev/api/clock/expire-transaction'),
          fc.constantFrom('advanceSeconds', 'interactionHandle'),
          fc.oneof(weird, fc.constant(-1), fc.constant(1e9)),
          async (path, field, value) => {
            const res = await clocked.app.request(path, {
              method: 'POST',
              headers: { Authorization: `SSWS ${token}`, 'Content-Type': 'application/json' },
              body: JSON.stringify({ [field]: value }),
            });
            const text = await res.text();
            expect(res.status, text.slice(0, 200)).toBeLessThan(500);
            if (res.status >= 400) expectFamilyShape('api', res.status, text);
          },
        ),
        { numRuns: 150 },
      );
    } finally {
      clocked.close();
    }
  });
});
