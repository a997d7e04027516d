/** `/dev/api/clock/expire-transaction`: one transaction's lifetime runs out; no one else's time moves. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { begin, json, startHarness, type Harness, type IdxDoc } from '../testing/harness';

const SSWS = { Authorization: 'SSWS 00devorg-local-api-token-not-a-secret' };

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ clockControl: true });
});
afterAll(() => h.close());

function expire(interactionHandle: unknown, headers: Record<string, string> = SSWS) {
  return h.app.request('/dev/api/clock/expire-transaction', {
    method: 'POST',
    headers: { ...headers, 'Content-Type': 'application/json' },
    body: JSON.stringify({ interactionHandle }),
  });
}

async function introspect(interactionHandle: string) {
  const res = await h.app.request('/idp/idx/introspect', json({ interactionHandle }));
  return { status: res.status, doc: (await res.json()) as IdxDoc };
}

describe('expiring one IDX transaction', () => {
  it("answers that transaction with Okta's session-expired error and leaves the others and the clock alone", async () => {
    const mine = await begin(h);
    const theirs = await begin(h);
    const before = h.clock.now();
    expect((await expire(mine.interactionHandle)).status).toBe(200);

    const expired = await introspect(mine.interactionHandle);
    expect(expired.status).toBe(401);
    expect(expired.doc).toEqual({
      version: '1.0.0',
      stateHandle: mine.stateHandle,
      expiresAt: new Date(before).toISOString(),
      intent: 'LOGIN',
      messages: { type: 'array', value: [expect.objectContaining({ i18n: { key: 'idx.session.expired' }, class: 'ERROR' })] },
    });
    expect((await introspect(theirs.interactionHandle)).status).toBe(200);
    expect(h.clock.now()).toBe(before);
    // Already expired: nothing left to expire.
    expect((await expire(mine.interactionHandle)).status).toBe(404);
  });

  it('needs the API token and a known interaction handle', async () => {
    const { interactionHandle } = await begin(h);
    expect((await expire(interactionHandle, {})).status).toBe(401);
    expect((await expire('no-such-handle')).status).toBe(404);
    expect((await expire(42)).status).toBe(400);
    expect((await introspect(interactionHandle)).status).toBe(200);
  });

  it('does not exist when clock control is off', async () => {
    const off = await startHarness();
    try {
      const { interactionHandle } = await begin(off);
      const res = await off.app.request('/dev/api/clock/expire-transaction', {
        method: 'POST',
        headers: { ...SSWS, 'Content-Type': 'application/json' },
        body: JSON.stringify({ interactionHandle }),
      });
      expect(res.status).toBe(404);
    } finally {
      off.close();
    }
  });
});
