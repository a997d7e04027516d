/**
 * devorg's test sign-in (`signedInAs`): a test that isn't about signing in starts on the dashboard,
 * with a real token set in the tokenManager, without going through the widget.
 */
import { expect, test } from './fixtures';
import { storedTokens } from './support/tokens';

test('signedInAs(user) opens the dashboard signed in, without the sign-in form', async ({ page, user, signedInAs, dashboard }) => {
  const idx: string[] = [];
  page.on('request', (r) => {
    if (new URL(r.url()).pathname.startsWith('/idp/idx/')) idx.push(r.url());
  });
  await signedInAs(user, { amr: ['pwd', 'otp', 'mfa'] });
  await page.goto('/dashboard');

  await expect(dashboard.welcomeFor(`${user.firstName} ${user.lastName}`)).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Username' })).toHaveCount(0);
  expect(idx).toEqual([]);
  expect(await dashboard.idTokenClaims()).toMatchObject({ sub: user.id, amr: ['pwd', 'otp', 'mfa'], devorg_test: true });
  // The tokens are the org's own: the protected API takes the access token, and they renew.
  await expect(dashboard.messages.getByText(`Hello, ${user.login}!`, { exact: false })).toBeVisible();
  const before = (await storedTokens(page)).accessToken?.accessToken;
  await dashboard.renewButton.click();
  await expect(dashboard.renewed).toBeAttached();
  expect((await storedTokens(page)).accessToken?.accessToken).not.toBe(before);
});

test('signedInAs(user, { orgSession: true }) also signs the browser in to the org, as the widget would', async ({
  page,
  user,
  signedInAs,
  dashboard,
  orgSession,
}) => {
  expect(await orgSession.status()).toBe(404);
  await signedInAs(user, { amr: ['pwd'], orgSession: true });
  await page.goto('/dashboard');
  await expect(dashboard.welcomeFor(`${user.firstName} ${user.lastName}`)).toBeVisible();
  expect(await orgSession.cookie()).toMatchObject({ httpOnly: true });
  expect(await orgSession.status()).toBe(200);
  // The portal's sign-out ends it like any org session.
  await dashboard.signOut();
  expect(await orgSession.cookie()).toBeUndefined();
  expect(await orgSession.status()).toBe(404);
});
