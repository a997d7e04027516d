import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { begin, latestCode, ORG_POLICIES, remediate, startHarness, type Harness } from '../testing/harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness(ORG_POLICIES);
});
afterAll(() => h.close());

const token = () => ({ Authorization: `SSWS ${h.config.apiTokens[0]}` });

interface EventView {
  eventType: string;
  actor: { id: string };
  target: { id: string }[];
  debugContext: { debugData: Record<string, unknown> };
}

describe('dev System Log API', () => {
  it('shows a self-service registration, newest first, by filter', async () => {
    const email = `reg.${Date.now()}@example.test`;
    const start = await begin(h);
    const form = await remediate(h, start.doc, 'select-enroll-profile', {});
    const pw = await remediate(h, form.doc, 'enroll-profile', { userProfile: { email, firstName: 'Reg', lastName: 'Istrant' } });
    const em = await remediate(h, pw.doc, 'enroll-authenticator', { credentials: { passcode: 'Quiet-Lantern-42' } });
    const optional = await remediate(h, em.doc, 'enroll-authenticator', { credentials: { passcode: await latestCode(h, email) } });
    const done = await remediate(h, optional.doc, 'skip', {});
    expect(done.doc.successWithInteractionCode).toBeDefined();

    const filter = encodeURIComponent('eventType sw "user.lifecycle." or eventType eq "system.email.verification.sent_message"');
    const res = await h.app.request(`/dev/api/logs?filter=${filter}&q=${encodeURIComponent(email)}`, { headers: token() });
    expect(res.status).toBe(200);
    const events = (await res.json()) as EventView[];
    expect(events.map((e) => e.eventType)).toEqual([
      'user.lifecycle.activate',
      'user.lifecycle.create',
      'system.email.verification.sent_message',
    ]);
    const created = events[1];
    expect(created?.debugContext.debugData.registration).toBe('SELF_SERVICE');
    expect(created?.actor.id).toBe(created?.target[0]?.id);
    expect(created?.actor.id).toMatch(/^00u/);
  });

  it('lists event hook deliveries (none yet) and refuses a bad filter in the API shape', async () => {
    const deliveries = await h.app.request('/dev/api/event-hook-deliveries', { headers: token() });
    expect(await deliveries.json()).toEqual([]);
    const bad = await h.app.request(`/dev/api/logs?filter=${encodeURIComponent('eventType gt "a"')}`, { headers: token() });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { errorCode: string }).errorCode).toBe('E0000031');
    expect((await h.app.request('/dev/api/logs')).status).toBe(401);
  });

  it('the console bundle carries the log panel', async () => {
    const res = await h.app.request('/dev/console.js');
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('dev-system-log');
  });
});
