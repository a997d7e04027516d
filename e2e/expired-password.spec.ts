/**
 * An expired password (an admin's `lifecycle/expire_password`): the widget asks for the old one, then
 * for a new one ("Your password has expired"), and the sign-in goes on under the sign-on policy.
 */
import { expect, requires, test } from './fixtures';
import { fillForm, submitToOrg } from './pages/sign-in-page';
import { testPassword } from './support/passwords';

requires('outbox');

test.setTimeout(60_000);

test('a user whose password an admin expired chooses a new one at sign-in, and it is the password from then on', async ({
  page,
  okta,
  user,
  signIn,
  outbox,
  dashboard,
}) => {
  await okta.userApi.expirePassword({ userId: user.id });
  await signIn.open();
  const seen = await outbox.messages(user.email);
  await signIn.identify(user.login);
  await signIn.enterPassword(user.password);

  await expect(page.getByRole('heading', { name: 'Your password has expired' })).toBeVisible();
  const newPassword = testPassword([user.login, user.firstName, user.lastName]);
  await fillForm([
    [page.getByLabel('New password', { exact: true }), newPassword],
    [page.getByLabel('Re-enter password', { exact: true }), newPassword],
  ]);
  await submitToOrg(page, page.getByRole('button', { name: 'Change Password' }), /\/idp\/idx\/challenge\/answer$/);
  await signIn.passEmailFactor(user.email, seen);
  await expect(dashboard.welcome).toBeVisible();
  expect((await okta.userApi.getUser({ userId: user.id })).status).toBe('ACTIVE');

  await dashboard.signOut();
  await signIn.open();
  await signIn.signInWith(user.login, newPassword, user.email);
  await expect(dashboard.welcome).toBeVisible();
});
