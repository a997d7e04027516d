/**
 * Self-service unlock through the real widget (`passwordPolicy.selfServiceUnlock` in e2e/devorg.e2e.json):
 * a user locked out by wrong passwords picks "Unlock account?" on the identify form, proves it with the
 * emailed code, lands on "Account successfully unlocked!", and then signs in with the same password.
 */
import type { Page } from '@playwright/test';
import { expect, requires, test } from './fixtures';
import type { SignInPage } from './pages/sign-in-page';

requires('outbox');

test.setTimeout(60_000);

/** The e2e devorg's `passwordPolicy.lockoutAttempts` (e2e/devorg.e2e.json). */
const LOCKOUT_ATTEMPTS = 5;

async function lockOut(page: Page, signIn: SignInPage, login: string): Promise<void> {
  await signIn.open();
  await signIn.identify(login);
  for (let i = 0; i < LOCKOUT_ATTEMPTS; i++) {
    await signIn.password.fill('Not-The-Passw0rd!');
    const answered = page.waitForResponse((r) => r.url().endsWith('/idp/idx/challenge/answer') && r.request().method() === 'POST');
    await signIn.submit(signIn.verify);
    expect((await answered).status()).toBe(401);
  }
}

test('a locked-out user unlocks the account by email and signs in with the same password', async ({
  page,
  okta,
  user,
  signIn,
  outbox,
  dashboard,
}) => {
  await lockOut(page, signIn, user.login);
  expect((await okta.userApi.getUser({ userId: user.id })).status).toBe('LOCKED_OUT');

  // The page resumes the locked-out sign-in: back to the identify form, where "Unlock account?" is.
  await signIn.open();
  await signIn.backToSignIn.click();
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
