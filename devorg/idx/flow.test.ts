import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { begin, json, makeUser, PORTAL, remediate, signIn, startHarness, type Harness, type IdxDoc } from '../testing/harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

const names = (doc: IdxDoc) => (doc.remediation?.value ?? []).map((r: IdxDoc) => r.name);

describe('IDX sign-in flow', () => {
  it('every IDX reply is versioned ion+json, and every relatesTo resolves', async () => {
    const user = await makeUser(h);
    const start = await begin(h);
    expect(start.doc.version).toBe('1.0.0');
    expect(names(start.doc)).toEqual(['identify', 'select-enroll-profile']);
    const res = await h.app.request('/idp/idx/identify', json({ identifier: user.profile.login, stateHandle: start.stateHandle }));
    expect(res.headers.get('content-type')).toBe('application/ion+json; okta-version=1.0.0');
    const doc = (await res.json()) as IdxDoc;
    expect(names(doc)).toEqual(['challenge-authenticator', 'select-authenticator-authenticate']);
    expect(doc.user.value).toEqual({ id: user.id, identifier: user.profile.login });
    for (const r of doc.remediation.value) {
      for (const path of r.relatesTo ?? [])
        expect(path === '$.currentAuthenticatorEnrollment' && doc.currentAuthenticatorEnrollment).toBeTruthy();
      expect(r.href.startsWith(h.config.publicOrigin)).toBe(true);
    }
  });

  it('introspect is idempotent: it returns the current state, so a reload resumes', async () => {
    const user = await makeUser(h);
    const start = await begin(h);
    await remediate(h, start.doc, 'identify', { identifier: user.profile.login });
    for (let i = 0; i < 2; i++) {
      const res = await h.app.request('/idp/idx/introspect', json({ interactionHandle: start.interactionHandle }));
      const doc = (await res.json()) as IdxDoc;
      expect(res.status).toBe(200);
      expect(names(doc)).toEqual(['challenge-authenticator', 'select-authenticator-authenticate']);
      expect(doc.stateHandle).toBe(start.stateHandle);
    }
  });

  it('wrong password: 401 with the same form and a top-level message; then the right one succeeds', async () => {
    const user = await makeUser(h);
    const start = await begin(h);
    const challenge = await remediate(h, start.doc, 'identify', { identifier: user.profile.login });
    const wrong = await remediate(h, challenge.doc, 'challenge-authenticator', { credentials: { passcode: 'Nope-nope-1' } });
    expect(wrong.status).toBe(401);
    expect(wrong.doc.messages.value[0]).toMatchObject({
      message: 'Password is incorrect',
      i18n: { key: 'incorrectPassword' },
      class: 'ERROR',
    });
    expect(names(wrong.doc)).toEqual(['challenge-authenticator', 'select-authenticator-authenticate']);
    const right = await remediate(h, wrong.doc, 'challenge-authenticator', { credentials: { passcode: 'Correct-Horse-9' } });
    expect(right.status).toBe(200);
    expect(right.doc.successWithInteractionCode.name).toBe('issue');
    expect(right.doc.remediation).toBeUndefined();
  });

  it('an unknown user sees exactly the steps and errors a known user with a wrong password sees', async () => {
    const user = await makeUser(h);
    const shape = async (identifier: string) => {
      const start = await begin(h);
      const challenge = await remediate(h, start.doc, 'identify', { identifier });
      const wrong = await remediate(h, challenge.doc, 'challenge-authenticator', { credentials: { passcode: 'Wrong-Passw0rd' } });
      return {
        challengeStatus: challenge.status,
        names: names(challenge.doc),
        userKeys: Object.keys(challenge.doc.user.value),
        wrongStatus: wrong.status,
        messages: wrong.doc.messages,
      };
    };
    expect(await shape('nobody-here@example.test')).toEqual(await shape(user.profile.login));
  });

  it('a stale or unknown stateHandle gets the session-expired IDX error', async () => {
    const res = await h.app.request('/idp/idx/identify', json({ identifier: 'a@b.c', stateHandle: '02not-a-real-handle' }));
    expect(res.status).toBe(401);
    const doc = (await res.json()) as IdxDoc;
    expect(doc.version).toBe('1.0.0');
    expect(doc.messages.value[0].i18n.key).toBe('idx.session.expired');
    // As Okta's: the handle sent comes back (the widget names the transaction it can't continue).
    expect(doc.stateHandle).toBe('02not-a-real-handle');
    expect(doc.intent).toBe('LOGIN');
  });

  it('an expired transaction gets the session-expired IDX error on introspect', async () => {
    const start = await begin(h);
    h.clock.advance(h.config.tokens.transactionSeconds + 1);
    const res = await h.app.request('/idp/idx/introspect', json({ interactionHandle: start.interactionHandle }));
    expect(res.status).toBe(401);
    const doc = (await res.json()) as IdxDoc;
    expect(doc.messages.value[0].i18n.key).toBe('idx.session.expired');
    expect(doc).toMatchObject({ stateHandle: start.stateHandle, intent: 'LOGIN', expiresAt: new Date(h.clock.now() - 1000).toISOString() });
  });

  it('a remediation that the current step does not offer is refused and changes nothing', async () => {
    const start = await begin(h);
    const res = await remediate(h, start.doc, 'identify', { identifier: 'someone@example.test' });
    const again = await h.app.request('/idp/idx/identify', json({ identifier: 'other@example.test', stateHandle: start.stateHandle }));
    expect(again.status).toBe(400);
    const doc = (await again.json()) as IdxDoc;
    expect(doc.version).toBe('1.0.0');
    expect(names(doc)).toEqual(names(res.doc));
    expect(doc.user.value.identifier).toBe('someone@example.test');
  });

  it('malformed bodies get a 4xx IDX error, never a 500', async () => {
    const cases: RequestInit[] = [
      { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"stateHandle":' },
      { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '[1,2]' },
      { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: 'hello' },
      json({ stateHandle: 42 }),
      json({ identifier: ['x'], stateHandle: 'x' }),
      json({}),
      { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ identifier: 'x'.repeat(70_000) }) },
    ];
    for (const init of cases) {
      for (const path of ['/idp/idx/introspect', '/idp/idx/identify', '/idp/idx/challenge/answer']) {
        const res = await h.app.request(path, init);
        expect(res.status, `${path} ${(typeof init.body === 'string' ? init.body : '').slice(0, 30)}`).toBeGreaterThanOrEqual(400);
        expect(res.status).toBeLessThan(500);
        const doc = (await res.json()) as IdxDoc;
        expect(doc.version).toBe('1.0.0');
        expect(doc.messages.value.length).toBeGreaterThan(0);
      }
    }
  });

  it('answers CORS only for trusted origins, echoing the exact origin with credentials', async () => {
    const preflight = await h.app.request('/idp/idx/introspect', {
      method: 'OPTIONS',
      headers: {
        Origin: PORTAL,
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'content-type,x-okta-user-agent-extended',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(PORTAL);
    expect(preflight.headers.get('access-control-allow-credentials')).toBe('true');
    expect(preflight.headers.get('access-control-allow-headers')).toBe('content-type,x-okta-user-agent-extended');
    const evil = await h.app.request('/idp/idx/introspect', {
      method: 'OPTIONS',
      headers: { Origin: 'http://evil.test', 'Access-Control-Request-Method': 'POST' },
    });
    expect(evil.headers.get('access-control-allow-origin')).toBeNull();
    const { doc } = await signIn(h, (await makeUser(h)).profile.login);
    expect(doc.successWithInteractionCode).toBeDefined();
  });

  it('a double submit of the right password yields one interaction code', async () => {
    const user = await makeUser(h);
    const start = await begin(h);
    const challenge = await remediate(h, start.doc, 'identify', { identifier: user.profile.login });
    const both = await Promise.all(
      [1, 2].map(() => remediate(h, challenge.doc, 'challenge-authenticator', { credentials: { passcode: 'Correct-Horse-9' } })),
    );
    const codes = both.map((r) => r.doc.successWithInteractionCode?.value.find((f: IdxDoc) => f.name === 'interaction_code').value);
    expect(codes[0]).toBeDefined();
    expect(codes[0]).toBe(codes[1]);
  });
});
