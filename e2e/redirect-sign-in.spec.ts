/**
 * The portal signing in by redirect (VITE_OKTA_SIGN_IN=redirect; its own build on
 * E2E.redirectPortalUrl, devorg only): "Sign in" sends the browser to the org's hosted sign-in page (the
 * real Sign-In Widget, served by the org, driven by the same page object as the embedded one), and
 * /login/callback redeems the code through auth-js. Everything after is the embedded portal's.
 */
import { E2E } from '../playwright.config';
import { expect, test } from './fixtures';
import { ISSUER } from './support/tokens';

// The redirect portal's build (playwright.config.ts, devorg only).
test.use({ baseURL: E2E.redirectPortalUrl });

const onHostedPage = (url: URL) => url.href.startsWith(`${ISSUER}/v1/authorize`) || url.origin === E2E.orgUrl;

test('"Sign in" goes to the hosted page; password and the emailed code bring the user back to the dashboard', async ({
  page,
  signIn,
  dashboard,
  user,
}) => {
  await page.goto('/');
  await page.getByRole('link', { name: 'Sign in' }).click();
  // No widget on the portal: the sign-in page sends the browser to the org at once.
  await page.waitForURL(onHostedPage);
  await expect(page).toHaveTitle(/Sign In/);
  await signIn.signInWith(user.login, user.password);

  await expect(dashboard.welcomeFor(`${user.firstName} ${user.lastName}`)).toBeVisible();
  // The callback's one-time code and state are gone from the address bar and the history.
  expect(new URL(page.url()).pathname).toBe('/dashboard');
  expect(new URL(page.url()).search).toBe('');
  await expect(dashboard.session.getByText(/^Password and email code/)).toBeVisible();
  await expect(dashboard.tokenStatus).toHaveText(/expires in (59 min|1 h)/);
});

test('a protected deep link leads through the org and back to exactly that page', async ({ page, signIn, dashboard, user }) => {
  await page.goto('/dashboard?tab=profile#top');
  await page.waitForURL(onHostedPage);
  await signIn.signInWith(user.login, user.password);

  await expect(dashboard.welcome).toBeVisible();
  const back = new URL(page.url());
  expect(`${back.origin}${back.pathname}${back.search}${back.hash}`).toBe(`${E2E.redirectPortalUrl}/dashboard?tab=profile#top`);
});

test('sign-out ends the org session too: the next sign-in asks for the password again', async ({ page, signIn, dashboard, user }) => {
  await page.goto('/login');
  await page.waitForURL(onHostedPage);
  await signIn.signInWith(user.login, user.password);
  await expect(dashboard.welcome).toBeVisible();

  await dashboard.signOut();
  expect(new URL(page.url()).origin).toBe(E2E.redirectPortalUrl);
  await dashboard.open();
  await page.waitForURL(onHostedPage);
  await expect(signIn.username).toBeVisible();
});

test('Back from the hosted page stays on the portal and offers "Sign in" rather than bouncing', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('link', { name: 'Sign in' }).click();
  await page.waitForURL(onHostedPage);

  await page.goBack();
  await expect(page).toHaveURL(`${E2E.redirectPortalUrl}/login`);
  const button = page.getByRole('button', { name: 'Sign in' });
  await expect(button).toBeVisible();
  await expect(page.getByRole('heading', { level: 1, name: 'Access your account' })).toBeVisible();
  expect(new URL(page.url()).origin).toBe(E2E.redirectPortalUrl);

  // Keyboard: the button is reachable and starts the sign-in.
  await button.focus();
  await page.keyboard.press('Enter');
  await page.waitForURL(onHostedPage);
});

test('a callback this browser never started is refused in words, with a way back', async ({ page }) => {
  await page.goto('/login/callback?code=someone-elses-code&state=not-ours');
  await expect(page.getByRole('heading', { level: 1, name: 'Sign-in could not be completed' })).toBeVisible();
  await expect(page.getByText(/There is no sign-in in progress in this browser to complete/)).toBeVisible();
  await page.getByRole('link', { name: 'Back to sign in' }).click();
  await page.waitForURL(onHostedPage);
});
