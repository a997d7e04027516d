/**
 * Okta's post-sign-in "Stay signed in?" prompt (`keep-me-signed-in`), offered by a sign-on policy rule
 * (devorg's e2e org gives the group "E2E Stay Signed In" one): after the password, the widget's two
 * buttons; "Stay signed in" leaves a persistent org session, as "Keep me signed in" on the identify form does.
 */
import { expect, requires, test } from './fixtures';

requires('policyGroups');

test.use({ userGroups: ['E2E Stay Signed In'] });

test('"Stay signed in" after the password finishes the sign-in with a persistent org session', async ({
  page,
  user,
  signIn,
  dashboard,
  orgSession,
}) => {
  await signIn.open();
  await signIn.signInWithoutSecondFactor(user.login, user.password);
  await expect(page.getByRole('heading', { name: 'Keep me signed in' })).toBeVisible();
  await signIn.submit(page.getByRole('link', { name: 'Stay signed in', exact: true }));
  await expect(dashboard.welcome).toBeVisible();
  const cookie = await orgSession.cookie();
  expect(cookie?.expires ?? -1).toBeGreaterThan(Date.now() / 1000 + 24 * 3600);
});

test('"Don\'t stay signed in" finishes with a browser-session org cookie', async ({ page, user, signIn, dashboard, orgSession }) => {
  await signIn.open();
  await signIn.signInWithoutSecondFactor(user.login, user.password);
  await signIn.submit(page.getByRole('link', { name: "Don't stay signed in" }));
  await expect(dashboard.welcome).toBeVisible();
  expect((await orgSession.cookie())?.expires).toBe(-1);
});
