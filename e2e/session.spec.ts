/**
 * Tokens and sessions in the portal: renewal with rotating refresh tokens, reuse detection, storage
 * that must never break the portal, and sign-out across tabs.
 */
import { E2E } from '../playwright.config';
import { expect, requires, test } from './fixtures';
import { ISSUER, TOKEN_STORAGE_KEY, refreshWith, storedTokens } from './support/tokens';

const CLIENT_ID = E2E.clientId;

test('auto-renew: shortly before expiry the tokens are renewed with the refresh token, without the user', async ({
  page,
  signedIn,
  dashboard,
}) => {
  // The browser's clock decides when auth-js renews (expiresAt minus 30 s); fake it to skip the hour.
  await page.clock.install();
  await signedIn();
  const before = await storedTokens(page);
  expect(Object.keys(before).sort()).toEqual(['accessToken', 'idToken', 'refreshToken']);
  await expect(dashboard.tokenStatus).toHaveText(/expires in (59 min|1 h)/);

  const renewal = page.waitForRequest(
    (r) => r.url() === `${ISSUER}/v1/token` && r.postData()?.includes('grant_type=refresh_token') === true,
  );
  // 59:40 later the access token is within auth-js's 30 s early-expiry window.
  await page.clock.fastForward('59:40');
  await renewal;

  await expect.poll(async () => (await storedTokens(page)).accessToken?.accessToken).not.toBe(before.accessToken?.accessToken);
  const after = await storedTokens(page);
  expect(after.refreshToken?.refreshToken, 'rotated').not.toBe(before.refreshToken?.refreshToken);
  expect(after.idToken?.idToken).not.toBe(before.idToken?.idToken);
  // Still signed in, with a fresh hour on the clock.
  await expect(dashboard.welcome).toBeVisible();
  await expect(dashboard.tokenStatus).toHaveText(/expires in (59 min|1 h)/);
});

test('after a reload (the dashboard painted from token storage, auth-js not loaded yet) the tokens are still renewed before expiry', async ({
  page,
  signedIn,
  dashboard,
}) => {
  await page.clock.install();
  await signedIn();
  await page.reload();
  await expect(dashboard.welcome).toBeVisible();
  const before = await storedTokens(page);

  const renewal = page.waitForRequest(
    (r) => r.url() === `${ISSUER}/v1/token` && r.postData()?.includes('grant_type=refresh_token') === true,
  );
  await page.clock.fastForward('59:40');
  await renewal;
  await expect.poll(async () => (await storedTokens(page)).accessToken?.accessToken).not.toBe(before.accessToken?.accessToken);
  await expect(dashboard.welcome).toBeVisible();
  await expect(dashboard.tokenStatus).toHaveText(/expires in (59 min|1 h)/);
});

test('"Renew now" replaces all three tokens and says so', async ({ page, signedIn, dashboard }) => {
  await signedIn();
  const before = await storedTokens(page);

  await dashboard.renewNow();

  await expect(dashboard.renewed).toBeAttached();
  const after = await storedTokens(page);
  expect(after.accessToken?.accessToken).not.toBe(before.accessToken?.accessToken);
  expect(after.idToken?.idToken).not.toBe(before.idToken?.idToken);
  expect(after.refreshToken?.refreshToken).not.toBe(before.refreshToken?.refreshToken);
  await expect(dashboard.renewButton).toBeEnabled();
});

test('a reused refresh token is rejected and ends the session it came from', async ({ page, request, signedIn, orgClock, dashboard }) => {
  requires('clock');
  await signedIn();
  const stolen = (await storedTokens(page)).refreshToken?.refreshToken;
  expect(stolen).toBeTruthy();
  await dashboard.renewNow();
  await expect.poll(async () => (await storedTokens(page)).refreshToken?.refreshToken).not.toBe(stolen);

  // Past devorg's 30 s rotation grace period, the rotated-out token is a replay.
  await orgClock.advance(31);
  const replay = await refreshWith(request, stolen!, CLIENT_ID);
  expect(replay.status()).toBe(400);
  expect(await replay.json()).toEqual({ error: 'invalid_grant', error_description: 'The refresh token is invalid or expired.' });

  // The whole family is revoked, including the portal's current refresh token: renewing fails and the
  // portal sends the user to sign in, with nothing left in storage.
  await dashboard.renewNow();
  await expect(page).toHaveURL(/\/login\?next=(%2F|\/)dashboard$/);
  await expect(page.getByText(/Your session could not be renewed/)).toBeVisible();
  await expect(page.getByLabel('Username')).toBeVisible();
  expect(await storedTokens(page)).toEqual({});
});

/** Token objects shaped like auth-js's; the JWT strings are never re-verified from storage. */
function tokenSet({ expiresAt, refreshToken }: { expiresAt: number; refreshToken?: string }) {
  const claims = { sub: '00uexpired', iss: ISSUER, aud: CLIENT_ID, iat: expiresAt - 3600, exp: expiresAt };
  const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIwMHVleHBpcmVkIn0.c2ln';
  return JSON.stringify({
    idToken: {
      idToken: jwt,
      claims,
      expiresAt,
      scopes: ['openid'],
      authorizeUrl: `${ISSUER}/v1/authorize`,
      issuer: ISSUER,
      clientId: CLIENT_ID,
    },
    accessToken: {
      accessToken: jwt,
      claims,
      expiresAt,
      tokenType: 'Bearer',
      scopes: ['openid'],
      authorizeUrl: `${ISSUER}/v1/authorize`,
      userinfoUrl: `${ISSUER}/v1/userinfo`,
    },
    ...(refreshToken
      ? {
          refreshToken: {
            refreshToken,
            expiresAt,
            scopes: ['openid', 'offline_access'],
            tokenUrl: `${ISSUER}/v1/token`,
            authorizeUrl: `${ISSUER}/v1/authorize`,
            issuer: ISSUER,
          },
        }
      : {}),
  });
}

const anHourAgo = () => Math.floor(Date.now() / 1000) - 3600;

for (const [name, stored] of [
  ['unparseable JSON', () => '{"idToken": {"idToken": '],
  ['JSON that is no token set', () => JSON.stringify({ idToken: 'x', accessToken: 42 })],
  ['expired tokens without a refresh token', () => tokenSet({ expiresAt: anHourAgo() })],
  [
    'expired tokens with a refresh token the org rejects',
    () => tokenSet({ expiresAt: anHourAgo(), refreshToken: 'not-a-real-refresh-token' }),
  ],
] as const) {
  test(`storage holding ${name} leads to sign-in, and is cleared`, async ({ page }) => {
    await page.goto('/');
    await page.evaluate(([key, value]) => localStorage.setItem(key, value), [TOKEN_STORAGE_KEY, stored()] as const);

    await page.goto('/dashboard');
    await expect(page).toHaveURL(/\/login\?next=(%2F|\/)dashboard$/);
    await expect(page.getByLabel('Username')).toBeVisible();
    await expect.poll(() => storedTokens(page)).toEqual({});
  });
}

test('signing out in one tab signs out the other tabs, revokes the tokens and ends the org session', async ({
  page,
  request,
  user,
  signedIn,
  dashboard,
  newTab,
}) => {
  // With the org session a sign-in leaves, so its end is seen below.
  await signedIn({ orgSession: true });
  const other = await newTab();
  await other.dashboard.open();
  await expect(other.dashboard.welcome).toBeVisible();
  const { refreshToken, accessToken, idToken } = await storedTokens(page);

  const logout = page.waitForRequest((r) => r.url().startsWith(`${ISSUER}/v1/logout?`));
  await dashboard.signOut();
  const logoutParams = new URL((await logout).url()).searchParams;
  expect(logoutParams.get('post_logout_redirect_uri')).toMatch(/\/$/);
  // The org refuses a logout that doesn't name the client: the portal's carries its ID token.
  expect(logoutParams.get('id_token_hint')).toBe(idToken?.idToken);

  // The other tab follows without a reload: it is sent to sign in.
  await expect(other.page).toHaveURL(/\/login\?next=(%2F|\/)dashboard$/);
  await expect(other.signIn.username).toBeVisible();
  expect(await storedTokens(other.page)).toEqual({});

  // Both tokens were revoked at the org before it ended the session.
  expect((await refreshWith(request, refreshToken!.refreshToken!, CLIENT_ID)).status()).toBe(400);
  const userinfo = await request.get(`${ISSUER}/v1/userinfo`, { headers: { Authorization: `Bearer ${accessToken!.accessToken!}` } });
  expect(userinfo.status()).toBe(401);

  // The org session ended too: signing in again in this browser asks for the password.
  await other.signIn.identify(user.login);
  await expect(other.signIn.passwordHeading).toBeVisible();
});
