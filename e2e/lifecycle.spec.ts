/**
 * The sign-in lifecycle around the widget: the remembered username, the org session ("Keep me signed
 * in" or not, a browser restart, sign-out), a reload mid-sign-in, "Back to sign in", and an expired
 * transaction.
 */
import type { Page } from '@playwright/test';
import { E2E } from '../playwright.config';
import { expect, test } from './fixtures';
import { ISSUER } from './support/tokens';

const INTERACT = `${ISSUER}/v1/interact`;
const SESSION_EXPIRED = 'You have been logged out due to inactivity. Refresh or return to the sign in screen.';

/** Paths of the IDX calls a page makes (to tell which steps the org asked for). */
function idxCalls(page: Page): string[] {
  const calls: string[] = [];
  page.on('request', (r) => {
    const url = new URL(r.url());
    if (r.method() === 'POST' && url.pathname.startsWith('/idp/idx/')) calls.push(url.pathname.slice('/idp/idx/'.length));
  });
  return calls;
}

test('the widget remembers the username: pre-filled on the next visit, replaced by the next one typed', async ({
  page,
  user,
  signIn,
  dashboard,
}) => {
  await signIn.open();
  await expect(signIn.username).toHaveValue('');
  await signIn.signInWith(user.login, user.password);
  await expect(dashboard.welcome).toBeVisible();
  await dashboard.signOut();

  await signIn.open();
  await expect(signIn.username).toHaveValue(user.login);
  // The widget keeps it in its `ln` cookie on the portal's origin for a year: it survives a restart.
  const ln = (await page.context().cookies(E2E.portalUrl)).find((c) => c.name === 'ln');
  expect(ln?.expires ?? -1).toBeGreaterThan(Date.now() / 1000 + 300 * 24 * 3600);

  const other = `someone.else.${Date.now()}@example.test`;
  await signIn.identify(other);
  await expect(signIn.passwordHeading).toBeVisible();
  await signIn.backToSignIn.click();
  await expect(signIn.username).toHaveValue(other);
});

test('"Keep me signed in": a persistent org session, so after a browser restart the password is skipped', async ({
  user,
  signIn,
  dashboard,
  orgSession,
  restartBrowser,
}) => {
  await signIn.open();
  await signIn.signInWith(user.login, user.password, user.email, { keepMeSignedIn: true });
  await expect(dashboard.welcome).toBeVisible();
  const cookie = await orgSession.cookie();
  expect(cookie).toMatchObject({ httpOnly: true, secure: true, sameSite: 'None', path: '/' });
  expect(cookie?.expires ?? -1).toBeGreaterThan(Date.now() / 1000 + 6 * 24 * 3600);

  const restarted = await restartBrowser();
  const calls = idxCalls(restarted.page);
  await restarted.signIn.open();
  await expect(restarted.signIn.username).toHaveValue(user.login);
  await restarted.signIn.next.click();
  await expect(restarted.dashboard.welcome).toBeVisible();
  // Identify went straight to success: no password, no email code.
  expect(calls).toEqual(['introspect', 'identify']);
  // The session's factors and sign-in time are what the new tokens carry.
  expect(await restarted.dashboard.idTokenClaims()).toMatchObject({ sub: user.id, amr: ['pwd', 'email', 'mfa'] });
});

test('without "Keep me signed in": a browser-session cookie, so the same browser skips the password and a restarted one asks', async ({
  page,
  user,
  signIn,
  dashboard,
  orgSession,
  restartBrowser,
}) => {
  await signIn.open();
  await signIn.signInWith(user.login, user.password);
  await expect(dashboard.welcome).toBeVisible();
  const cookie = await orgSession.cookie();
  expect(cookie).toMatchObject({ httpOnly: true, secure: true, sameSite: 'None', expires: -1 });

  // The portal's tokens gone (say, expired), the browser still open: its org session signs the user in.
  await page.evaluate(() => localStorage.removeItem('okta-token-storage'));
  const calls = idxCalls(page);
  await signIn.open();
  await signIn.identify(user.login);
  await expect(dashboard.welcome).toBeVisible();
  expect(calls).toEqual(['introspect', 'identify']);

  const restarted = await restartBrowser();
  await restarted.signIn.open();
  await restarted.signIn.identify(user.login);
  await expect(restarted.signIn.passwordHeading).toBeVisible();
  expect(await restarted.orgSession.cookie()).toBeUndefined();
});

test('signing out ends the org session: the next sign-in asks for the password again', async ({ user, signIn, dashboard, orgSession }) => {
  await signIn.open();
  await signIn.signInWith(user.login, user.password, user.email, { keepMeSignedIn: true });
  await expect(dashboard.welcome).toBeVisible();
  expect(await orgSession.status()).toBe(200);

  await dashboard.signOut();
  expect(await orgSession.cookie()).toBeUndefined();
  expect(await orgSession.status()).toBe(404);

  await signIn.open();
  await signIn.identify(user.login);
  await expect(signIn.passwordHeading).toBeVisible();
});

test('a reload on the password step resumes the same transaction at the same step', async ({ page, user, signIn, outbox, dashboard }) => {
  const interacts: string[] = [];
  page.on('request', (r) => {
    if (r.url() === INTERACT) interacts.push(r.url());
  });
  await signIn.open();
  await signIn.identify(user.login);
  await expect(signIn.passwordHeading).toBeVisible();

  await page.reload();
  await expect(signIn.passwordHeading).toBeVisible();
  await expect(page.getByText(user.login)).toBeVisible();
  expect(interacts, 'no new transaction: the saved one was introspected').toHaveLength(1);

  const seen = await outbox.messages(user.email);
  await signIn.enterPassword(user.password);
  await signIn.passEmailFactor(user.email, seen);
  await expect(dashboard.welcome).toBeVisible();
});

test('"Back to sign in" starts over with a new transaction, and that one signs in', async ({ page, user, signIn, dashboard }) => {
  await signIn.open();
  await signIn.identify(user.login, { keepMeSignedIn: true });
  await expect(signIn.passwordHeading).toBeVisible();

  const restart = page.waitForRequest(INTERACT);
  await signIn.backToSignIn.click();
  await restart;
  await expect(signIn.username).toBeVisible();
  await expect(signIn.keepMeSignedIn).not.toBeChecked();
  // A reload now resumes the new transaction (the identify form), not the abandoned password step.
  await page.reload();
  await expect(signIn.username).toBeVisible();
  await expect(signIn.passwordHeading).toBeHidden();

  await signIn.signInWith(user.login, user.password);
  await expect(dashboard.welcome).toBeVisible();
});

test('an expired transaction shows the session-expired view, and "Back to sign in" leads to a working sign-in', async ({
  page,
  user,
  signIn,
  orgClock,
  dashboard,
}) => {
  const interact = page.waitForResponse(INTERACT);
  await signIn.open();
  const { interaction_handle } = (await (await interact).json()) as { interaction_handle: string };
  await signIn.identify(user.login);
  await expect(signIn.passwordHeading).toBeVisible();

  await orgClock.expireTransaction(interaction_handle);
  await signIn.enterPassword(user.password);
  await expect(page.getByText(SESSION_EXPIRED)).toBeVisible();
  await expect(signIn.password).toBeHidden();

  await signIn.backToSignIn.click();
  await signIn.signInWith(user.login, user.password);
  await expect(dashboard.welcome).toBeVisible();
});
