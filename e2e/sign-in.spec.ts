import { E2E } from '../playwright.config';
import { expect, test } from './fixtures';
import { storedAccessToken, storedTokens } from './support/tokens';

test('the portal is served with its security headers: CSP, nosniff, a referrer policy and no framing', async ({ page }) => {
  const expected = {
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'strict-origin-when-cross-origin',
    'x-frame-options': 'DENY',
  };
  const response = await page.goto('/');
  await expect(page.getByRole('link', { name: 'Sign in' }).first()).toBeVisible();
  const headers = response?.headers() ?? {};
  expect(headers).toMatchObject(expected);
  // The header, not a meta tag, is what makes browsers honour frame-ancestors.
  expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
  expect(headers['content-security-policy']).toContain("script-src 'self'");

  // The callback route, whose URL carries codes and state on the redirect model, gets the same set.
  const callback = await page.request.get('/login/callback?interaction_code=x&state=y');
  expect(callback.headers()).toMatchObject({ ...expected, 'content-security-policy': headers['content-security-policy'] });
});

test('signs in through the widget and shows the user from the ID token', async ({ page, user, signIn, dashboard }) => {
  await page.goto('/');
  await page.getByRole('link', { name: 'Sign in' }).first().click();
  await signIn.signInWith(user.login, user.password);

  await expect(dashboard.welcomeFor(`${user.firstName} ${user.lastName}`)).toBeVisible();
  await expect(page.getByText(user.email).first()).toBeVisible();
  await expect(page).toHaveURL(/\/dashboard$/);

  const tokens = await storedTokens(page);
  // offline_access is in the portal's default scopes: a (rotating) refresh token is stored too.
  expect(Object.keys(tokens).sort()).toEqual(['accessToken', 'idToken', 'refreshToken']);
  // The default sign-on policy: password plus email (enrolled at this first sign-in).
  expect(tokens.idToken?.claims).toMatchObject({ sub: user.id, email: user.email, amr: ['pwd', 'email', 'mfa'] });
  expect(tokens.accessToken?.claims).toMatchObject({ uid: user.id });
});

test('a wrong password shows the error and a retry succeeds', async ({ page, user, signIn, outbox, dashboard }) => {
  await signIn.open();
  await signIn.identify(user.login);
  await signIn.enterPassword('definitely-Wrong-1');
  await expect(page.getByText('Password is incorrect')).toBeVisible();
  // Okta (Identity Engine, lockout failures hidden) never counts the attempts left before a lockout: nor does the page.
  await expect(page.getByText(/attempts? (left|remaining)|before (a |your account is )?lock/i)).toHaveCount(0);

  const seen = await outbox.messages(user.email);
  await signIn.retryPassword(user.password);
  await signIn.passEmailFactor(user.email, seen);
  await expect(dashboard.welcome).toBeVisible();
});

test('an unknown username gets the same wrong-password path (no account enumeration)', async ({ page, signIn }) => {
  await signIn.open();
  await signIn.signInWith(`nobody.${Date.now()}@example.test`, 'Whatever-Passw0rd');
  await expect(page.getByText('Password is incorrect')).toBeVisible();
});

test('reopening the sign-in page after an abandoned sign-in of another username offers a fresh start', async ({
  page,
  user,
  signIn,
  dashboard,
}) => {
  await signIn.open();
  await signIn.identify(`someone.else.${Date.now()}@example.test`);
  await expect(signIn.passwordHeading).toBeVisible();
  // Abandoned: the visitor goes elsewhere, then comes back to sign in as themselves.
  await page.goto('/');
  await signIn.open();
  await expect(signIn.passwordHeading).toBeVisible();
  await expect(page.getByText('This continues a sign-in started earlier in this browser.')).toBeVisible();

  await signIn.startOver.click();
  await expect(signIn.username).toBeVisible();
  await expect(signIn.username).toHaveValue('');
  await expect(signIn.startOver).toHaveCount(0);
  await signIn.signInWith(user.login, user.password);
  await expect(dashboard.welcomeFor(`${user.firstName} ${user.lastName}`)).toBeVisible();
});

test('a fresh sign-in page offers no "Start over"', async ({ page, signIn }) => {
  await signIn.open();
  await expect(signIn.username).toBeVisible();
  await page.reload();
  await expect(signIn.username).toBeVisible();
  await expect(signIn.startOver).toHaveCount(0);
});

test('the dashboard is protected: signed-out visitors sign in and come back to it', async ({ page, user, signIn, dashboard }) => {
  await page.goto('/dashboard');
  await expect(page).toHaveURL(/\/login/);
  await signIn.signInWith(user.login, user.password);
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(dashboard.welcome).toBeVisible();
});

test('sign out revokes the tokens, clears them and protects the dashboard again', async ({ page, user, signIn, dashboard }) => {
  await signIn.open();
  await signIn.signInWith(user.login, user.password);
  await expect(dashboard.welcome).toBeVisible();
  const accessToken = (await storedAccessToken(page))!;

  await dashboard.signOut();
  await expect.poll(async () => Object.keys(await storedTokens(page))).toEqual([]);

  const userinfo = await page.request.get(`${E2E.issuer}/v1/userinfo`, {
    headers: { Authorization: `Bearer ${accessToken}` },
  });
  expect(userinfo.status()).toBe(401);

  await page.goto('/dashboard');
  await expect(page).toHaveURL(/\/login/);
  await expect(page.getByLabel('Username')).toBeVisible();
});

test('a portal shell that cannot be downloaded leaves an announced message, not a blank page', async ({ page }) => {
  await page.route(/\/assets\/portal-app-[^/]*\.js$/, (route) => route.abort('internetdisconnected'));
  await page.goto('/login');
  await expect(page.getByRole('alert')).toHaveText('The portal could not load. Check your connection and reload the page.');
});
