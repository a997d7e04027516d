import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { begin, exchange, makeUser, PASSWORD, remediate, startHarness, type Harness, type IdxDoc } from '../testing/harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({
    policies: { enrollment: { required: ['okta_password'], optional: [] }, signOn: { secondFactor: false, keepMeSignedInPrompt: true } },
  });
});
afterAll(() => h.close());

const names = (doc: IdxDoc) => (doc.remediation?.value ?? []).map((r: IdxDoc) => r.name as string);
const cookieOf = (headers: Headers) => headers.get('set-cookie') ?? '';

async function toPrompt(rememberMe?: boolean) {
  const user = await makeUser(h);
  const start = await begin(h);
  const challenge = await remediate(h, start.doc, 'identify', {
    identifier: user.profile.login,
    ...(rememberMe !== undefined ? { rememberMe } : {}),
  });
  const prompt = await remediate(h, challenge.doc, 'challenge-authenticator', { credentials: { passcode: PASSWORD } });
  return { user, start, prompt };
}

describe('the post-sign-in "Stay signed in?" prompt (signOn.keepMeSignedInPrompt)', () => {
  it("comes after the password, in Okta's shape: keepMeSignedIn (boolean, required, not pre-set) at /idp/idx/keep-me-signed-in", async () => {
    const { prompt } = await toPrompt();
    expect(prompt.status).toBe(200);
    expect(prompt.doc.successWithInteractionCode).toBeUndefined();
    expect(names(prompt.doc)).toEqual(['keep-me-signed-in']);
    const form = prompt.doc.remediation.value[0];
    expect(new URL(form.href).pathname).toBe('/idp/idx/keep-me-signed-in');
    expect(form.value[0]).toMatchObject({ name: 'keepMeSignedIn', type: 'boolean', required: true, value: false, label: 'Stay signed in' });
    expect(prompt.doc.user.value.identifier).toBeDefined();
    expect(prompt.doc.cancel).toBeDefined();
    // No org session yet: the sign-in is not finished.
    expect(cookieOf(prompt.headers)).not.toMatch(/idx=/);
  });

  it('"Stay signed in" finishes with a persistent org session; the code is redeemable', async () => {
    const { start, prompt } = await toPrompt();
    const done = await remediate(h, prompt.doc, 'keep-me-signed-in', { keepMeSignedIn: true });
    expect(done.status).toBe(200);
    const code = done.doc.successWithInteractionCode.value.find((f: IdxDoc) => f.name === 'interaction_code').value as string;
    expect((await exchange(h, code, start.verifier)).status).toBe(200);
    expect(cookieOf(done.headers)).toMatch(/idx=[^;]+;.*(Max-Age|Expires)=/i);
  });

  it('"Don\'t stay signed in" finishes with a browser-session cookie', async () => {
    const { prompt } = await toPrompt();
    const done = await remediate(h, prompt.doc, 'keep-me-signed-in', { keepMeSignedIn: false });
    expect(done.doc.successWithInteractionCode).toBeDefined();
    const cookie = cookieOf(done.headers);
    expect(cookie).toMatch(/idx=/);
    expect(cookie).not.toMatch(/Max-Age|Expires/i);
  });

  it('is not asked of a user who ticked "Keep me signed in" on the identify form', async () => {
    const { prompt } = await toPrompt(true);
    expect(prompt.doc.successWithInteractionCode).toBeDefined();
  });

  it('is not asked again when the org session signs the user in to another app', async () => {
    const { user, prompt } = await toPrompt();
    const done = await remediate(h, prompt.doc, 'keep-me-signed-in', { keepMeSignedIn: true });
    const cookie = (cookieOf(done.headers).match(/idx=[^;]+/) ?? [''])[0];
    const again = await begin(h);
    const res = await h.app.request('/idp/idx/identify', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Cookie: cookie },
      body: JSON.stringify({ identifier: user.profile.login, stateHandle: again.doc.stateHandle }),
    });
    expect(((await res.json()) as IdxDoc).successWithInteractionCode).toBeDefined();
  });

  it("a body without a boolean keepMeSignedIn is a 400 in Okta's shape; the prompt stays", async () => {
    const { prompt } = await toPrompt();
    for (const bad of [{}, { keepMeSignedIn: 'yes' }, { keepMeSignedIn: null }]) {
      const res = await remediate(h, prompt.doc, 'keep-me-signed-in', bad);
      expect(res.status).toBe(400);
      expect(res.doc.messages.value[0].class).toBe('ERROR');
    }
    const still = await h.app.request('/idp/idx/introspect', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ stateHandle: prompt.doc.stateHandle }),
    });
    expect(names((await still.json()) as IdxDoc)).toEqual(['keep-me-signed-in']);
  });

  it('is refused where it is not on offer (the password challenge)', async () => {
    const user = await makeUser(h);
    const start = await begin(h);
    const challenge = await remediate(h, start.doc, 'identify', { identifier: user.profile.login });
    const res = await h.app.request('/idp/idx/keep-me-signed-in', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ keepMeSignedIn: true, stateHandle: challenge.doc.stateHandle }),
    });
    expect(res.status).toBe(400);
  });
});

describe('without the setting', () => {
  it('the sign-in goes straight to success (the default)', async () => {
    const plain = await startHarness();
    try {
      const user = await makeUser(plain);
      const start = await begin(plain);
      const challenge = await remediate(plain, start.doc, 'identify', { identifier: user.profile.login });
      const done = await remediate(plain, challenge.doc, 'challenge-authenticator', { credentials: { passcode: PASSWORD } });
      expect(done.doc.successWithInteractionCode).toBeDefined();
    } finally {
      plain.close();
    }
  });
});
