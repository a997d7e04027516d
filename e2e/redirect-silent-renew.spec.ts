/**
 * Renewal without a refresh token: the redirect portal's build asks for `openid profile email` (no
 * `offline_access`), so auth-js renews through the org session — `/v1/authorize?prompt=none` with
 * `response_mode=okta_post_message` in a hidden iframe, then the code redeemed — and the user sees new
 * tokens arrive on the dashboard without the page going anywhere. When the org session is gone the org
 * says `login_required` and the session ends; when the org can't be reached the tokens are kept.
 */
import type { Page, Request } from '@playwright/test';
import { E2E } from '../playwright.config';
import { expect, test, type TestUser } from './fixtures';
import { ORG_SESSION_COOKIE } from './pages/org-session';
import type { SignInPage } from './pages/sign-in-page';
import { ISSUER, storedTokens } from './support/tokens';

// The redirect portal's build (playwright.config.ts, devorg only).
test.use({ baseURL: E2E.redirectPortalUrl });

/** The silent authorization request auth-js loads in its hidden iframe. */
const isSilentAuthorize = (r: Request) => {
  if (!r.url().startsWith(`${ISSUER}/v1/authorize?`)) return false;
  const params = new URL(r.url()).searchParams;
  return params.get('prompt') === 'none' && params.get('response_mode') === 'okta_post_message';
};

const isCodeExchange = (r: Request) => r.url() === `${ISSUER}/v1/token` && r.postData()?.includes('grant_type=authorization_code') === true;

async function signInByRedirect(page: Page, signIn: SignInPage, user: TestUser): Promise<void> {
  await page.goto('/login');
  await page.waitForURL((url) => url.origin === E2E.orgUrl);
  await signIn.signInWith(user.login, user.password);
}

/** Every document the tab's main frame loads from now on: a silent renewal loads none. */
function mainFrameNavigations(page: Page): string[] {
  const seen: string[] = [];
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame()) seen.push(frame.url());
  });
  return seen;
}

test('shortly before expiry the tokens are renewed through the org session, in a hidden iframe, without leaving the page', async ({
  page,
  signIn,
  dashboard,
  user,
}) => {
  // The browser's clock decides when the portal renews (expiresAt minus 30 s); fake it to skip the hour.
  await page.clock.install();
  await signInByRedirect(page, signIn, user);
  await expect(dashboard.welcome).toBeVisible();
  await expect(dashboard.tokenStatus).toHaveText(/expires in (59 min|1 h)/);
  const before = await storedTokens(page);
  expect(Object.keys(before).sort(), 'no offline_access, no refresh token').toEqual(['accessToken', 'idToken']);

  const navigations = mainFrameNavigations(page);
  const silent = page.waitForRequest(isSilentAuthorize);
  const exchange = page.waitForRequest(isCodeExchange);
  await page.clock.fastForward('59:40');
  const authorize = await silent;
  expect(authorize.frame(), 'a hidden iframe, not the tab').not.toBe(page.mainFrame());
  await exchange;

  // The dashboard says so, and counts down a fresh hour.
  await expect(dashboard.renewed).toBeAttached();
  await expect(dashboard.tokenStatus).toHaveText(/expires in (59 min|1 h)/);
  await expect(dashboard.welcome).toBeVisible();
  expect(navigations).toEqual([]);
  await expect(page.locator('iframe')).toHaveCount(0);
});

test('"Renew now" renews silently too; once the org session is gone, the org refuses and the session ends', async ({
  page,
  signIn,
  dashboard,
  user,
}) => {
  await signInByRedirect(page, signIn, user);
  await expect(dashboard.welcome).toBeVisible();

  const navigations = mainFrameNavigations(page);
  const silent = page.waitForRequest(isSilentAuthorize);
  await dashboard.renewNow();
  await silent;
  await expect(dashboard.renewed).toBeAttached();
  await expect(dashboard.renewButton).toBeEnabled();
  expect(navigations).toEqual([]);

  // The org session ends (its cookie gone, as when it times out): prompt=none can only say login_required.
  await page.context().clearCookies({ name: ORG_SESSION_COOKIE });
  const refused = page.waitForRequest(isSilentAuthorize);
  await dashboard.renewNow();
  await refused;
  // The tokens are dropped and the sign-in page sends the user to the org, which asks who they are.
  await page.waitForURL((url) => url.origin === E2E.orgUrl);
  await expect(signIn.username).toBeVisible();
  await signIn.signInWith(user.login, user.password);
  await expect(dashboard.welcome).toBeVisible();
  expect(new URL(page.url()).pathname).toBe('/dashboard');
});

test('with the org unreachable, a silent renewal keeps the tokens and says it will retry', async ({ page, signIn, dashboard, user }) => {
  await page.clock.install();
  await signInByRedirect(page, signIn, user);
  await expect(dashboard.welcome).toBeVisible();
  const before = await storedTokens(page);

  // The hidden iframe's page can't load: no answer ever comes (auth-js would wait 120 s; the portal 15 s).
  await page.route(`${ISSUER}/v1/authorize?**`, (route) => route.abort('connectionrefused'));
  const silent = page.waitForRequest(isSilentAuthorize);
  await dashboard.renewNow();
  await silent;
  await page.clock.fastForward('00:16');
  await expect(page.getByText("Can't reach your sign-in service right now. You're still signed in; we'll retry.")).toBeVisible();
  expect(await storedTokens(page)).toEqual(before);
  await expect(dashboard.welcome).toBeVisible();

  // Back: the scheduled retry (5 s later) renews.
  await page.unroute(`${ISSUER}/v1/authorize?**`);
  const retried = page.waitForRequest(isSilentAuthorize);
  await page.clock.fastForward('00:06');
  await retried;
  await expect(dashboard.renewed).toBeAttached();
  await expect(page.getByText("Can't reach your sign-in service right now.")).toHaveCount(0);
});
