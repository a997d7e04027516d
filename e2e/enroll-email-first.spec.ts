/**
 * Enroll-email-first (`authenticator-enrollment-data` for the email), by an enrollment policy rule
 * (devorg's e2e org gives the group "E2E Enroll Email First" one with `sendEmailOnRequest`): a user
 * without the email set up meets the widget's "Get a verification email" at the first sign-in, and the
 * code goes out only once "Send me an email" is pressed; the code then sets the email up and signs in.
 */
import { expect, requires, test } from './fixtures';

requires('mfa', 'outbox', 'policyGroups');

test.use({ userGroups: ['E2E Enroll Email First'] });

test('the email is set up only after "Send me an email", and the code from it signs the user in', async ({
  page,
  user,
  signIn,
  outbox,
  dashboard,
}) => {
  await signIn.open();
  const seen = await outbox.messages(user.email);
  await signIn.signInWithoutSecondFactor(user.login, user.password);
  await expect(page.getByRole('heading', { name: 'Get a verification email' })).toBeVisible();
  expect(await outbox.messages(user.email)).toHaveLength(seen.length);

  await signIn.submit(page.getByRole('button', { name: 'Send me an email' }));
  await signIn.passEmailFactor(user.email, seen);
  await expect(dashboard.welcome).toBeVisible();
  expect(await outbox.messages(user.email)).toHaveLength(seen.length + 1);
  expect(await dashboard.idTokenClaims()).toMatchObject({ sub: user.id, amr: expect.arrayContaining(['pwd', 'email']) });
});
