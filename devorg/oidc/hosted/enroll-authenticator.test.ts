/**
 * `/v1/authorize?prompt=enroll_authenticator` (auth-js's `endpoints.authorize.enrollAuthenticator`) under the org's real
 * policies: a fresh sign-in on the hosted page whatever the org session, the requested authenticators
 * offered (only those, only while the user may still set them up), and back to the app with its `state`
 * alone; the enrollment is the user's in the store the rest of the org reads. Malformed requests are
 * refused on the redirect URI in Okta's words.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totpAt } from '../../authenticators/lib/totp';
import { portalApp } from '../../config';
import { SESSION_COOKIE } from '../../sessions';
import type { UserRecord } from '../../store';
import {
  json,
  latestCode,
  makeUser,
  ORG_POLICIES,
  PASSWORD,
  remediate,
  REDIRECT_URI,
  startHarness,
  type Harness,
  type IdxDoc,
} from '../../testing/harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness(ORG_POLICIES);
});
afterAll(() => h.close());

const names = (doc: IdxDoc): string[] => (doc.remediation?.value ?? []).map((r: IdxDoc) => r.name as string);

/** What auth-js 7.14.5's `enrollAuthenticator` sends (prepareEnrollAuthenticatorParams): no scope, nonce or PKCE. */
function enrollQuery(amr: string, extra: Record<string, string> = {}): URLSearchParams {
  return new URLSearchParams({
    client_id: portalApp(h.config).clientId,
    redirect_uri: REDIRECT_URI,
    state: 'st-' + Math.random().toString(36).slice(2),
    response_type: 'none',
    prompt: 'enroll_authenticator',
    max_age: '0',
    acr_values: 'urn:okta:2fa:any:ifpossible',
    enroll_amr_values: amr,
    ...extra,
  });
}

async function hostedEnroll(query: URLSearchParams, cookie = ''): Promise<IdxDoc> {
  const page = await h.app.request(`/oauth2/default/v1/authorize?${query}`, { headers: cookie ? { Cookie: cookie } : {} });
  expect(page.status).toBe(200);
  const block = /<script type="application\/json" id="okta-hosted-config">(.*?)<\/script>/s.exec(await page.text())?.[1] ?? '{}';
  const { stateToken } = JSON.parse(block) as { stateToken: string };
  return (await (await h.app.request('/idp/idx/introspect', json({ stateToken }))).json()) as IdxDoc;
}

/** Identify → password → (the email the policy requires, set up or verified). */
async function signInOnHostedPage(user: UserRecord, doc: IdxDoc) {
  const identified = await remediate(h, doc, 'identify', { identifier: user.profile.login });
  let step = await remediate(h, identified.doc, 'challenge-authenticator', { credentials: { passcode: PASSWORD } });
  const key = step.doc.currentAuthenticator?.value.key ?? step.doc.currentAuthenticatorEnrollment?.value.key;
  if (key === 'okta_email') {
    const name = names(step.doc).includes('enroll-authenticator') ? 'enroll-authenticator' : 'challenge-authenticator';
    step = await remediate(h, step.doc, name, { credentials: { passcode: await latestCode(h, user.profile.email) } });
  }
  return step;
}

/** `success.href` with the sign-in's org session: the 302 back to the app, and the session cookie. */
async function backToApp({ doc, headers }: { doc: IdxDoc; headers: Headers }) {
  expect(doc.successWithInteractionCode).toBeUndefined();
  expect(doc.success?.name).toBe('success-redirect');
  const cookie =
    headers
      .getSetCookie()
      .find((c) => c.startsWith(`${SESSION_COOKIE}=`))
      ?.split(';')[0] ?? '';
  const href = new URL(doc.success.href as string);
  const back = await h.app.request(`${href.pathname}${href.search}`, { headers: { Cookie: cookie } });
  expect(back.status).toBe(302);
  return { location: new URL(back.headers.get('location') ?? ''), cookie };
}

async function setUpTotp(doc: IdxDoc) {
  const option = doc.remediation.value[0].value[0].options.find((o: IdxDoc) => o.label === 'Google Authenticator');
  const id = option.value.form.value.find((f: IdxDoc) => f.name === 'id').value;
  const enroll = await remediate(h, doc, 'select-authenticator-enroll', { authenticator: { id } });
  const secret = enroll.doc.currentAuthenticator.value.contextualData.sharedSecret as string;
  return remediate(h, enroll.doc, 'enroll-authenticator', { credentials: { passcode: totpAt(secret, h.clock.now()) } });
}

const authenticators = async (user: UserRecord) => (await h.ctx.store.enrollments(user.id)).map((e) => e.authenticator).sort();

describe('prompt=enroll_authenticator', () => {
  it('signs the user in, offers only what was asked, and sends the app its state alone', async () => {
    const user = await makeUser(h);
    const query = enrollQuery('google_otp');
    const signedIn = await signInOnHostedPage(user, await hostedEnroll(query));
    // Only the requested authenticator, with "Set up later".
    expect(names(signedIn.doc)).toEqual(['select-authenticator-enroll', 'skip']);
    const options = signedIn.doc.remediation.value[0].value[0].options.map((o: IdxDoc) => o.label);
    expect(options).toEqual(['Google Authenticator']);
    const done = await setUpTotp(signedIn.doc);
    const { location } = await backToApp(done);
    expect(`${location.origin}${location.pathname}`).toBe(REDIRECT_URI);
    expect([...location.searchParams.keys()]).toEqual(['state']);
    expect(location.searchParams.get('state')).toBe(query.get('state'));
    expect(await authenticators(user)).toEqual(['google_otp', 'okta_email']);
    // The management API has it too.
    const factors = await h.app.request(`/api/v1/users/${user.id}/factors`, {
      headers: { Authorization: `SSWS ${h.config.apiTokens[0]}` },
    });
    expect(((await factors.json()) as { factorType: string }[]).map((f) => f.factorType)).toContain('token:software:totp');
  });

  it('asks for the password again even with a fresh org session (max_age=0)', async () => {
    const user = await makeUser(h);
    const first = await signInOnHostedPage(user, await hostedEnroll(enrollQuery('google_otp')));
    const { cookie } = await backToApp(await remediate(h, first.doc, 'skip', {}));
    const again = await hostedEnroll(enrollQuery('google_otp'), cookie);
    expect(names(again)).toContain('identify');
    const identified = await remediate(h, again, 'identify', { identifier: user.profile.login });
    expect(identified.doc.currentAuthenticatorEnrollment?.value.key ?? identified.doc.currentAuthenticator?.value.key).toBe(
      'okta_password',
    );
  });

  it('"Set up later" goes back to the app with nothing set up', async () => {
    const user = await makeUser(h);
    const query = enrollQuery('google_otp kba');
    const signedIn = await signInOnHostedPage(user, await hostedEnroll(query));
    expect(signedIn.doc.remediation.value[0].value[0].options.map((o: IdxDoc) => o.label).sort()).toEqual([
      'Google Authenticator',
      'Security Question',
    ]);
    const { location } = await backToApp(await remediate(h, signedIn.doc, 'skip', {}));
    expect(location.searchParams.get('state')).toBe(query.get('state'));
    expect(location.searchParams.has('code')).toBe(false);
    expect(await authenticators(user)).toEqual(['okta_email']);
  });

  it('goes straight back when the user has everything asked (the password is never enrolled again)', async () => {
    const user = await makeUser(h);
    const query = enrollQuery('email pwd');
    const signedIn = await signInOnHostedPage(user, await hostedEnroll(query));
    const { location } = await backToApp(signedIn);
    expect(location.searchParams.get('state')).toBe(query.get('state'));
  });

  it('refuses what auth-js would never send, on the redirect URI in Okta’s error shape', async () => {
    const refused = async (query: URLSearchParams) => {
      const res = await h.app.request(`/oauth2/default/v1/authorize?${query}`);
      expect(res.status).toBe(302);
      const params = new URL(res.headers.get('location') ?? '').searchParams;
      expect(params.get('state')).toBe(query.get('state'));
      return { error: params.get('error'), description: params.get('error_description') ?? '' };
    };
    expect(await refused(enrollQuery('google_otp', { response_type: 'code' }))).toMatchObject({
      error: 'invalid_request',
      description: expect.stringContaining("'response_type' parameter must be 'none'"),
    });
    expect(await refused(enrollQuery('duo sms'))).toMatchObject({
      error: 'invalid_request',
      description: expect.stringContaining(': duo.'),
    });
    expect(await refused(enrollQuery(''))).toMatchObject({
      error: 'invalid_request',
      description: expect.stringContaining('enroll_amr_values'),
    });
    expect(await refused(enrollQuery('sms', { max_age: '60' }))).toMatchObject({ description: expect.stringContaining("'max_age'") });
    expect(await refused(enrollQuery('sms', { acr_values: 'phr' }))).toMatchObject({
      description: expect.stringContaining("'acr_values'"),
    });
    expect(await refused(enrollQuery('sms', { scope: 'openid not-a-scope' }))).toMatchObject({ error: 'invalid_scope' });
    // response_type=none is for enrollment only.
    const plain = enrollQuery('sms');
    plain.delete('prompt');
    expect(await refused(plain)).toMatchObject({ error: 'unsupported_response_type' });
  });
});
