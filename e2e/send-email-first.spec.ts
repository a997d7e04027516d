/**
 * "Send me an email" first (`authenticator-verification-data`), by a sign-on policy rule (devorg's e2e
 * org gives the group "E2E Send Email First" one): at the email challenge the widget shows "Get a
 * verification email", and the code goes out only once the user presses "Send me an email".
 */
import { expect, requires, test } from './fixtures';

requires('mfa', 'outbox', 'policyGroups');

test.use({ userGroups: ['E2E Send Email First'] });

test.setTimeout(60_000);

test('the email code is sent only after "Send me an email", and then signs the user in', async ({
  page,
  user,
  signIn,
  outbox,
  dashboard,
}) => {
  // The first sign-in sets the email authenticator up (its enrollment sends the code at once).
  await signIn.open();
  await signIn.signInWith(user.login, user.password, user.email);
  await expect(dashboard.welcome).toBeVisible();
  await dashboard.signOut();

  await signIn.open();
  await signIn.signInWithoutSecondFactor(user.login, user.password);
  await expect(page.getByRole('heading', { name: 'Get a verification email' })).toBeVisible();
  const seen = await outbox.messages(user.email);
  const send = page.getByRole('button', { name: 'Send me an email' });
  await signIn.submit(send);
  await signIn.passEmailFactor(user.email, seen);
  await expect(dashboard.welcome).toBeVisible();
  expect((await outbox.messages(user.email)).length).toBe(seen.length + 1);
});
