/**
 * Self-service unlock through the real widget (`passwordPolicy.selfServiceUnlock` in e2e/devorg.e2e.json):
 * a user locked out by wrong passwords picks "Unlock account?" on the identify form, proves it with the
 * emailed code, lands on "Account successfully unlocked!", and then signs in with the same password.
 */
import { expect, requires, test } from './fixtures';
import { answerPasswords } from './support/idx-api';

requires('outbox');

test.setTimeout(60_000);

/** The e2e devorg's `passwordPolicy.lockoutAttempts` (e2e/devorg.e2e.json). */
const LOCKOUT_ATTEMPTS = 5;

test('a locked-out user unlocks the account by email and signs in with the same password', async ({
  page,
  request,
  okta,
  user,
  signIn,
  outbox,
  dashboard,
}) => {
  // Locked out by wrong passwords through the IDX API, as the widget sends them (setup: the lockout itself
  // goes through the widget in recovery.spec.ts); the unlock is the widget's.
  const wrong = Array.from({ length: LOCKOUT_ATTEMPTS }, (_, i) => `Not-The-Passw0rd-${i}!`);
  expect(await answerPasswords(request, user.login, wrong)).toEqual(wrong.map(() => 401));
  expect((await okta.userApi.getUser({ userId: user.id })).status).toBe('LOCKED_OUT');

  await signIn.open();
  await signIn.submit(page.getByRole('link', { name: 'Unlock account?' }));
  await expect(page.getByRole('heading', { name: "Verify it's you with a security method" })).toBeVisible();
  await signIn.username.fill(user.login);
  const seen = await outbox.messages(user.email);
  await signIn.submit(page.getByRole('link', { name: /Select Email/ }));
  const message = await outbox.next(user.email, seen);
  await signIn.enterCode(message.code);
  await expect(page.getByRole('heading', { name: 'Account successfully unlocked!' })).toBeVisible();
  await expect(page.getByText('You can log in using your existing username and password.')).toBeVisible();
  expect((await okta.userApi.getUser({ userId: user.id })).status).toBe('ACTIVE');

  await signIn.open();
  await signIn.signInWith(user.login, user.password, user.email);
  await expect(dashboard.welcome).toBeVisible();
});
