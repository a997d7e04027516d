/**
 * The redirect model against the org: an authorization request for the portal's app sends the browser
 * to the Okta-hosted sign-in page, where the real Sign-In Widget (served by the org) signs the user in
 * under the org's policy — password and the emailed code — and the browser comes back to the redirect
 * URI with a code, which the test redeems as a client would. With that org session a second request
 * comes back at once; after sign-out `prompt=none` is `login_required`. A passkey set up there (the
 * ceremony's origin is the org's own) is the second factor of a later sign-in there.
 *
 * No auth-js in the browser: the test is the client. It watches the navigation to the redirect URI
 * (Playwright can't route the target of a redirect), and the portal's own page there is not its concern.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Page, Request } from '@playwright/test';
import { decodeJwt } from 'jose';
import { E2E } from '../playwright.config';
import { expect, test, type Outbox, type TestUser } from './fixtures';
import type { SignInPage } from './pages/sign-in-page';
import { seriousViolations } from './support/axe';
import { ISSUER } from './support/tokens';

const REDIRECT_URI = `${E2E.portalUrl}/login/callback`;

interface Authorization {
  url: string;
  state: string;
  nonce: string;
  verifier: string;
}

/** An authorization request for the portal's app with a fresh PKCE pair, state and nonce. */
function authorization(extra: Record<string, string> = {}): Authorization {
  const verifier = randomBytes(32).toString('base64url');
  const state = randomBytes(12).toString('base64url');
  const nonce = randomBytes(12).toString('base64url');
  const query = new URLSearchParams({
    client_id: E2E.clientId,
    response_type: 'code',
    scope: 'openid profile email offline_access',
    redirect_uri: REDIRECT_URI,
    state,
    nonce,
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
    ...extra,
  });
  return { url: `${ISSUER}/v1/authorize?${query}`, state, nonce, verifier };
}

/** The next navigation to the redirect URI: what the org sent the browser back with. */
function returnToClient(page: Page): Promise<Request> {
  return page.waitForRequest((r) => r.isNavigationRequest() && r.url().startsWith(`${REDIRECT_URI}?`));
}

/** The hosted page's sign-in: the identifier, the password, the emailed code, and "Continue" past optional set-up. */
async function signInOnHostedPage(page: Page, signIn: SignInPage, outbox: Outbox, user: TestUser): Promise<void> {
  await expect(page).toHaveTitle(/Sign In/);
  const seen = await outbox.messages(user.email);
  await signIn.identify(user.login);
  await signIn.enterPassword(user.password);
  const message = await outbox.next(user.email, seen);
  await signIn.enterCode(message.code);
  // A first sign-in sets the email up, and is then offered the optional authenticators.
  const left = page.waitForURL((url) => url.href.startsWith(REDIRECT_URI));
  await expect(signIn.continueWithoutOptional.or(page.getByRole('heading', { name: /Signing in/ }))).toBeVisible();
  if (await signIn.continueWithoutOptional.isVisible()) await signIn.submit(signIn.continueWithoutOptional);
  await left;
}

test('a redirect sign-in on the hosted page comes back with a code that redeems for tokens of a password + email sign-in', async ({
  page,
  request,
  signIn,
  outbox,
  user,
}) => {
  const first = authorization();
  const back = returnToClient(page);
  await page.goto(first.url);
  await expect(signIn.username).toBeVisible();
  expect(await seriousViolations(page), 'the hosted page').toEqual([]);
  await signInOnHostedPage(page, signIn, outbox, user);
  const callback = new URL((await back).url());
  expect(callback.searchParams.get('state')).toBe(first.state);
  const code = callback.searchParams.get('code');
  expect(code).toBeTruthy();

  const res = await request.post(`${ISSUER}/v1/token`, {
    form: {
      client_id: E2E.clientId,
      redirect_uri: REDIRECT_URI,
      grant_type: 'authorization_code',
      code: code ?? '',
      code_verifier: first.verifier,
    },
  });
  expect(res.status(), await res.text()).toBe(200);
  const tokens = (await res.json()) as Record<string, string>;
  expect(tokens.refresh_token).toBeTruthy();
  const claims = decodeJwt(tokens.id_token ?? '');
  expect(claims).toMatchObject({ aud: E2E.clientId, nonce: first.nonce, preferred_username: user.login });
  expect(claims.amr).toEqual(expect.arrayContaining(['pwd', 'email']));

  // The code is spent: a second redemption is refused.
  const replay = await request.post(`${ISSUER}/v1/token`, {
    form: {
      client_id: E2E.clientId,
      redirect_uri: REDIRECT_URI,
      grant_type: 'authorization_code',
      code: code ?? '',
      code_verifier: first.verifier,
    },
  });
  expect(replay.status()).toBe(400);

  // With the org session the next request comes straight back, no page in between.
  const second = authorization();
  const again = returnToClient(page);
  await page.goto(second.url);
  const direct = await again;
  expect(direct.redirectedFrom()?.url()).toBe(second.url);
  expect(new URL(direct.url()).searchParams.get('state')).toBe(second.state);
  expect(new URL(direct.url()).searchParams.get('code')).toBeTruthy();
});

test('after sign-out, prompt=none comes back with login_required', async ({ page, request, signIn, outbox, user }) => {
  const first = authorization();
  const back = returnToClient(page);
  await page.goto(first.url);
  await signInOnHostedPage(page, signIn, outbox, user);
  const code = new URL((await back).url()).searchParams.get('code') ?? '';
  const res = await request.post(`${ISSUER}/v1/token`, {
    form: { client_id: E2E.clientId, redirect_uri: REDIRECT_URI, grant_type: 'authorization_code', code, code_verifier: first.verifier },
  });
  const { id_token } = (await res.json()) as { id_token: string };

  // Sign out as auth-js does: the ID token as the hint, back to the portal.
  const signedOut = page.waitForURL(`${E2E.portalUrl}/**`);
  await page.goto(`${ISSUER}/v1/logout?${new URLSearchParams({ id_token_hint: id_token, post_logout_redirect_uri: `${E2E.portalUrl}/` })}`);
  await signedOut;

  const silent = authorization({ prompt: 'none' });
  const refused = returnToClient(page);
  await page.goto(silent.url);
  const params = new URL((await refused).url()).searchParams;
  expect(params.get('error')).toBe('login_required');
  expect(params.get('error_description')).toBe('The client specified not to prompt, but the user is not logged in.');
  expect(params.get('state')).toBe(silent.state);
});

test('a passkey set up on the hosted page signs in there as the second factor', async ({
  page,
  request,
  signIn,
  outbox,
  user,
  authenticators,
  passkeys,
}) => {
  // The first sign-in sets the email up, then a passkey from the optional list (the org's own origin is the ceremony's).
  const first = authorization();
  const back = returnToClient(page);
  await page.goto(first.url);
  const seen = await outbox.messages(user.email);
  await signIn.identify(user.login);
  await signIn.enterPassword(user.password);
  await signIn.enterCode((await outbox.next(user.email, seen)).code);
  await authenticators.setUpPasskey();
  await expect(signIn.continueWithoutOptional).toBeVisible();
  const left = page.waitForURL((url) => url.href.startsWith(REDIRECT_URI));
  await signIn.submit(signIn.continueWithoutOptional);
  await back;
  // Arrived, so the next authorization request doesn't interrupt this navigation.
  await left;
  expect((await passkeys.credentials())[0]?.rpId).toBe('localhost');

  // prompt=login: the org session doesn't count; the password, then the passkey.
  const again = authorization({ prompt: 'login' });
  const returned = returnToClient(page);
  await page.goto(again.url);
  await signIn.signInWithoutSecondFactor(user.login, user.password);
  await authenticators.verifyWithPasskey();
  const code = new URL((await returned).url()).searchParams.get('code') ?? '';
  const res = await request.post(`${ISSUER}/v1/token`, {
    form: { client_id: E2E.clientId, redirect_uri: REDIRECT_URI, grant_type: 'authorization_code', code, code_verifier: again.verifier },
  });
  expect(res.status(), await res.text()).toBe(200);
  const claims = decodeJwt(((await res.json()) as { id_token: string }).id_token);
  expect(claims).toMatchObject({ nonce: again.nonce, preferred_username: user.login, amr: ['pwd', 'hwk', 'mfa'] });
});
