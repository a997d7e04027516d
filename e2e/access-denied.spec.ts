/**
 * Access denied (`security.access_denied`), by a sign-on policy rule whose action is "Access is:
 * Denied" (devorg's e2e org gives the group "E2E Access Denied" one): once the username is known the
 * reply is Okta's terminal, which the widget (Gen 2) shows above the identify form it keeps, as its own
 * tests of this reply expect (test/testcafe/spec/Identify_spec.js); no password is ever asked for.
 */
import { expect, requires, test } from './fixtures';

requires('policyGroups');

test.use({ userGroups: ['E2E Access Denied'] });

test('a member of a denied group is stopped after the username, and never asked for a password', async ({ page, user, signIn }) => {
  await signIn.open();
  await signIn.identify(user.login);
  // The widget words the key its own way (errors.E0000006): "…the requested action", without the full stop.
  const denied = page.getByRole('alert').filter({ hasText: 'You do not have permission to perform the requested action' });
  await expect(denied.last()).toBeVisible();
  await expect(signIn.passwordHeading).toBeHidden();
  await expect(signIn.password).toHaveCount(0);
});
