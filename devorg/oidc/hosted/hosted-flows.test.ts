/**
 * The hosted sign-in under the org's real policies (password + email, optional MFA, self-service
 * registration): a transaction `/v1/authorize` started keeps its redirect through cancel and sign-up,
 * and every way to success ends in `success-redirect`, never in an interaction code for the widget.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { portalApp } from '../../config';
import { SESSION_COOKIE } from '../../sessions';
import {
  latestCode,
  makeUser,
  ORG_POLICIES,
  passMfa,
  pkce,
  PASSWORD,
  remediate,
  REDIRECT_URI,
  startHarness,
  type Harness,
  type IdxDoc,
} from '../../testing/harness';
import { json } from '../../testing/harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness(ORG_POLICIES);
});
afterAll(() => h.close());

/** `/v1/authorize` → the hosted page → its transaction, introspected by state token as the widget does. */
async function hostedStart(extra: Record<string, string> = {}): Promise<{ doc: IdxDoc; state: string; verifier: string }> {
  const { verifier, challenge } = pkce();
  const state = 'st-' + Math.random().toString(36).slice(2);
  const query = new URLSearchParams({
    client_id: portalApp(h.config).clientId,
    response_type: 'code',
    scope: 'openid profile email',
    redirect_uri: REDIRECT_URI,
    state,
    code_challenge: challenge,
    code_challenge_method: 'S256',
    ...extra,
  });
  const page = await h.app.request(`/oauth2/default/v1/authorize?${query}`);
  expect(page.status).toBe(200);
  const block = /<script type="application\/json" id="okta-hosted-config">(.*?)<\/script>/s.exec(await page.text())?.[1] ?? '{}';
  const { stateToken } = JSON.parse(block) as { stateToken: string };
  const res = await h.app.request('/idp/idx/introspect', json({ stateToken }));
  return { doc: (await res.json()) as IdxDoc, state, verifier };
}

/** Follows `success.href` with the org session the last reply set, and redeems the code the client gets. */
async function finish({ doc, headers }: { doc: IdxDoc; headers: Headers }, state: string, verifier: string) {
  expect(doc.successWithInteractionCode).toBeUndefined();
  expect(doc.success?.name).toBe('success-redirect');
  const href = new URL(doc.success.href as string);
  const cookie =
    headers
      .getSetCookie()
      .find((c) => c.startsWith(`${SESSION_COOKIE}=`))
      ?.split(';')[0] ?? '';
  // Without the browser's session (another browser with the state token): refused.
  expect((await h.app.request(`${href.pathname}${href.search}`)).status).toBe(400);
  const back = await h.app.request(`${href.pathname}${href.search}`, { headers: { Cookie: cookie } });
  expect(back.status).toBe(302);
  const params = new URL(back.headers.get('location') ?? '').searchParams;
  expect(params.get('state')).toBe(state);
  const res = await h.app.request(
    '/oauth2/default/v1/token',
    new Request('http://x/', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        client_id: portalApp(h.config).clientId,
        redirect_uri: REDIRECT_URI,
        grant_type: 'authorization_code',
        code: params.get('code') ?? '',
        code_verifier: verifier,
      }),
    }),
  );
  expect(res.status).toBe(200);
  return (await res.json()) as Record<string, string>;
}

const names = (doc: IdxDoc): string[] => (doc.remediation?.value ?? []).map((r: IdxDoc) => r.name as string);

describe('the hosted sign-in under the org policies', () => {
  it('signs in with password and the email code, after a cancel, and ends with the redirect', async () => {
    const user = await makeUser(h);
    const { doc, state, verifier } = await hostedStart();
    const identified = await remediate(h, doc, 'identify', { identifier: user.profile.login });
    // "Back to sign in": the restart keeps the authorization request.
    const cancel = await h.app.request(
      new URL(identified.doc.cancel.href as string).pathname,
      json({ stateHandle: identified.doc.stateHandle }),
    );
    const cancelled = (await cancel.json()) as IdxDoc;
    expect(names(cancelled)).toContain('identify');
    const again = await remediate(h, cancelled, 'identify', { identifier: user.profile.login });
    let step = await remediate(h, again.doc, 'challenge-authenticator', { credentials: { passcode: PASSWORD } });
    for (let i = 0; i < 4 && !step.doc.success && step.status === 200; i++) step = await passMfa(h, step.doc);
    await finish(step, state, verifier);
  });

  it('registers a new user on the hosted page and ends with the redirect', async () => {
    const email = `hosted.reg.${Date.now().toString(36)}@example.test`;
    const { doc, state, verifier } = await hostedStart();
    const form = await remediate(h, doc, 'select-enroll-profile', {});
    const submitted = await remediate(h, form.doc, 'enroll-profile', { userProfile: { email, firstName: 'Ha', lastName: 'Sted' } });
    const emailStep = await remediate(h, submitted.doc, 'enroll-authenticator', { credentials: { passcode: 'Quiet-Lantern-42' } });
    let step = await remediate(h, emailStep.doc, 'enroll-authenticator', { credentials: { passcode: await latestCode(h, email) } });
    if (names(step.doc).includes('skip')) step = await remediate(h, step.doc, 'skip', {});
    const tokens = await finish(step, state, verifier);
    expect(tokens.id_token).toBeTruthy();
  });

  it("echoes the request as Okta does in `authentication`: the response type and mode, and the client's display", async () => {
    const { doc } = await hostedStart({ display: 'page' });
    expect(doc.authentication.value.request).toMatchObject({ response_type: 'code', response_mode: 'query', display: 'page' });
    // A value outside OIDC's (page, popup, touch, wap) is a hint like any other: ignored, not echoed.
    const other = await hostedStart({ display: 'fullscreen' });
    expect(other.doc.remediation.value[0].name).toBe('identify');
    expect(other.doc.authentication.value.request.display).toBeUndefined();
  });
});
