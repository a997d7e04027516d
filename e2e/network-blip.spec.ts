/**
 * A network blip between the browser and the org: the portal keeps the session it has, says in plain
 * words that the org can't be reached, retries, and never shows a raw "Failed to fetch".
 *
 * The org is cut off for this page only (`page.route` refuses every connection to its origin), so the
 * devorg that parallel tests share keeps running; the protected API (another origin) stays reachable.
 */
import type { Page } from '@playwright/test';
import { E2E } from '../playwright.config';
import { expect, test } from './fixtures';
import { ISSUER, storedTokens } from './support/tokens';

const UNREACHABLE = "Can't reach your sign-in service right now.";
const ORG_REQUESTS = `${new URL(E2E.orgUrl).origin}/**`;
const TOKEN_URL = `${ISSUER}/v1/token`;

/** Refuses every connection from this page to the org; returns the URLs it refused, in order. */
async function cutOffOrg(page: Page): Promise<string[]> {
  const refused: string[] = [];
  await page.route(ORG_REQUESTS, (route) => {
    refused.push(route.request().url());
    return route.abort('connectionrefused');
  });
  return refused;
}

/** Anywhere on the page, shadow roots and visually hidden live regions included. */
async function expectNoRawNetworkError(page: Page): Promise<void> {
  await expect(page.getByText(/failed to fetch/i)).toHaveCount(0);
}

test('"Renew now" while the org is unreachable keeps the session and says so plainly; once it is back, renewing works', async ({
  page,
  dashboard,
  user,
  signedIn,
}) => {
  await signedIn();
  const greeting = dashboard.messages.getByText(`Hello, ${user.login}!`, { exact: false });
  await expect(greeting).toBeVisible();
  const before = await storedTokens(page);
  expect(Object.keys(before).sort()).toEqual(['accessToken', 'idToken', 'refreshToken']);

  const refused = await cutOffOrg(page);
  await dashboard.renewButton.click();

  // Plain words, visible and announced once, in agreement with "you are signed in".
  await expect(page.getByText(UNREACHABLE, { exact: false }).first()).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: UNREACHABLE })).toHaveCount(1);
  await expect(dashboard.renewButton).toBeEnabled();
  expect(refused).toContain(TOKEN_URL);
  // Still signed in, with every token kept.
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(dashboard.welcome).toBeVisible();
  expect(await storedTokens(page)).toEqual(before);
  await expect(page.getByText(/sign in again|signed out/i)).toHaveCount(0);
  await expectNoRawNetworkError(page);

  // The session is real: the API (not the org) still takes the access token.
  await dashboard.reloadMessagesButton.click();
  await expect(greeting).toBeVisible();

  // The org is back: the next renewal goes through and the outage message goes away.
  await page.unroute(ORG_REQUESTS);
  await dashboard.renewButton.click();
  await expect(page.getByRole('status').filter({ hasText: /^Access token renewed\./ })).toBeAttached();
  await expect(page.getByText(UNREACHABLE, { exact: false })).toHaveCount(0);
  const after = await storedTokens(page);
  expect(after.accessToken?.accessToken).not.toBe(before.accessToken?.accessToken);
  expect(after.refreshToken?.refreshToken).not.toBe(before.refreshToken?.refreshToken);
  await dashboard.reloadMessagesButton.click();
  await expect(greeting).toBeVisible();
  await expectNoRawNetworkError(page);
});

test('auto-renew during an outage keeps even the expired tokens and retries, backing off, until the org is back', async ({
  page,
  dashboard,
  signedIn,
}) => {
  // The browser's clock decides when renewals happen; faking it skips the hour and steps the back-off.
  await page.clock.install();
  await signedIn();
  const before = await storedTokens(page);
  const refused = await cutOffOrg(page);
  const tokenRequests = () => refused.filter((url) => url === TOKEN_URL).length;

  // 30 s before expiry auth-js's schedule asks for a renewal: refused by the network.
  await page.clock.fastForward('59:40');
  await expect.poll(tokenRequests).toBe(1);
  await expect(page.getByRole('status').filter({ hasText: UNREACHABLE })).toHaveCount(1);
  // Retries after 5 s, then 10 s more (renewal.unit.test.ts pins the whole schedule).
  await page.clock.fastForward(5_000);
  await expect.poll(tokenRequests).toBe(2);
  await page.clock.fastForward(10_000);
  await expect.poll(tokenRequests).toBe(3);
  // Past expiry now, and still signed in with the same tokens.
  await page.clock.fastForward(10_000);
  await expect(page.locator('token-status .row p')).toHaveText(/has expired/);
  await expect(dashboard.welcome).toBeVisible();
  expect(await storedTokens(page)).toEqual(before);
  expect(tokenRequests()).toBe(3);

  // The next retry (20 s after the last) reaches the org again and renews.
  await page.unroute(ORG_REQUESTS);
  await page.clock.fastForward(10_000);
  await expect.poll(async () => (await storedTokens(page)).accessToken?.accessToken).not.toBe(before.accessToken?.accessToken);
  await expect(page.getByRole('status').filter({ hasText: /^Access token renewed\./ })).toBeAttached();
  await expect(page.getByText(UNREACHABLE, { exact: false })).toHaveCount(0);
  await expect(page.locator('token-status .row p')).toHaveText(/expires in/);
  await expectNoRawNetworkError(page);
});

test('signing out while the org is unreachable still signs out of the portal, in plain words', async ({ page, dashboard, signedIn }) => {
  await signedIn();
  await cutOffOrg(page);

  await dashboard.signOutButton.click();

  await expect(page.getByRole('link', { name: 'Sign in' }).first()).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'You are signed out of this portal' })).toContainText(
    "your sign-in service can't be reached",
  );
  expect(await storedTokens(page)).toEqual({});
  // Nothing left over that contradicts it for screen readers.
  await expect(page.getByText('You are signed in.')).toHaveCount(0);
  await expectNoRawNetworkError(page);
});

test('the sign-in form says plainly that the org cannot be reached, and carries on once it is back', async ({ page, user, signIn }) => {
  await signIn.open('/login');
  await expect(signIn.username).toBeVisible();
  await cutOffOrg(page);

  await signIn.username.fill(user.login);
  await signIn.next.click();

  await expect(page.getByText(UNREACHABLE, { exact: false }).first()).toBeVisible();
  await expectNoRawNetworkError(page);

  await page.unroute(ORG_REQUESTS);
  await signIn.submit(signIn.next);
  await expect(signIn.passwordHeading).toBeVisible();
});
