/**
 * Self-service password recovery and lockout through the real widget: "Forgot password?" on the
 * password challenge → email code (from devorg's outbox) → new password → signed in; password
 * history; N wrong passwords lock the account (devorg's e2e org locks after 5), which recovery unlocks.
 */
import { randomInt } from 'node:crypto';
import type { Page } from '@playwright/test';
import { expect, requires, test, type Outbox, type TestUser } from './fixtures';
import type { RecoveryPage } from './pages/recovery-page';
import type { SignInPage } from './pages/sign-in-page';
import { answerPasswords } from './support/idx-api';
import { testPassword } from './support/passwords';

requires('mfa', 'outbox');

test.setTimeout(60_000);

/** The e2e devorg's `passwordPolicy.lockoutAttempts` (e2e/devorg.e2e.json). */
const LOCKOUT_ATTEMPTS = 5;
/**
 * With the password policy's "Show lock out failures" off (Okta's default, and devorg's), a locked
 * account answers exactly as a wrong password does: a lockout never tells anyone the account exists.
 */
const INCORRECT = 'Password is incorrect';

/** A new password the org's policy takes (valid by construction, e2e/support/passwords.ts). */
const newPasswordFor = (user: TestUser) => testPassword([user.login, user.firstName, user.lastName]);

/** Submits a password on the challenge and waits for devorg's answer; returns its status. */
async function submitPassword(page: Page, signIn: SignInPage, password: string): Promise<number> {
  await signIn.password.fill(password);
  const answered = page.waitForResponse((r) => r.url().endsWith('/idp/idx/challenge/answer') && r.request().method() === 'POST');
  await signIn.submit(signIn.verify);
  return (await answered).status();
}

/** From the password challenge: "Forgot password?" → the emailed code → the new-password form. */
async function recoverByEmail(page: Page, signIn: SignInPage, recovery: RecoveryPage, outbox: Outbox, user: TestUser) {
  const seen = await outbox.messages(user.email);
  await recovery.forgotPassword.click();
  const message = await outbox.next(user.email, seen);
  expect(message.purpose).toBe('recovery');
  await signIn.enterCode(message.code);
  await expect(recovery.title).toBeVisible();
  await expect(recovery.newPassword).toBeVisible();
}

test('identifier first: no "Forgot password?" until the username is known, then it is on the password page', async ({
  user,
  signIn,
  recovery,
}) => {
  await signIn.open();
  await expect(signIn.username).toBeVisible();
  // Okta's widget hides the link on an identifier-only form (it would need the password there).
  await expect(recovery.forgotPassword).toHaveCount(0);
  await signIn.identify(user.login);
  await expect(signIn.password).toBeVisible();
  await expect(recovery.forgotPassword).toBeVisible();
});

test('forgot password: email code → new password → dashboard; then the old password fails and the new one works', async ({
  page,
  user,
  signIn,
  outbox,
  dashboard,
  recovery,
}) => {
  const newPassword = newPasswordFor(user);
  await signIn.open();
  await signIn.identify(user.login);
  await recoverByEmail(page, signIn, recovery, outbox, user);
  await recovery.setNewPassword(newPassword);
  await signIn.skipOptionalIfOffered();
  await expect(dashboard.welcome).toBeVisible();
  await dashboard.signOut();

  await signIn.open();
  await signIn.identify(user.login);
  expect(await submitPassword(page, signIn, user.password)).toBe(401);
  await expect(page.getByText('Password is incorrect')).toBeVisible();
  const seen = await outbox.messages(user.email);
  await signIn.retryPassword(newPassword);
  await signIn.passEmailFactor(user.email, seen);
  await expect(dashboard.welcome).toBeVisible();
});

test('with a phone enrolled the user may recover by SMS instead', async ({ user, signIn, outbox, dashboard, authenticators, recovery }) => {
  // A number of this test's own, so parallel tests never read each other's texts.
  const national = `415555${String(randomInt(10_000)).padStart(4, '0')}`;
  const phone = `+1${national}`;
  await signIn.open();
  await signIn.identify(user.login);
  const seen = await outbox.messages(user.email);
  await signIn.enterPassword(user.password);
  await signIn.enterCode((await outbox.next(user.email, seen)).code);
  await authenticators.setUpPhoneBySms(outbox, national, phone);
  await signIn.skipOptionalIfOffered();
  await expect(dashboard.welcome).toBeVisible();
  await dashboard.signOut();

  await signIn.open();
  await signIn.identify(user.login);
  await recovery.forgotPassword.click();
  const smsSeen = await outbox.messages(phone);
  await authenticators.select('Phone');
  await authenticators.sendPhoneCode('SMS');
  const text = await outbox.next(phone, smsSeen);
  expect(text).toMatchObject({ kind: 'sms', purpose: 'recovery' });
  await signIn.enterCode(text.code);
  await expect(recovery.title).toBeVisible();
  await recovery.setNewPassword(newPasswordFor(user));
  await expect(dashboard.welcome).toBeVisible();
  expect(await dashboard.idTokenClaims()).toMatchObject({ sub: user.id, amr: ['sms', 'pwd', 'mfa'] });
});

test('the new password may not be the current one: the widget shows the history rule', async ({
  page,
  user,
  signIn,
  outbox,
  dashboard,
  recovery,
}) => {
  await signIn.open();
  await signIn.identify(user.login);
  await recoverByEmail(page, signIn, recovery, outbox, user);
  await recovery.setNewPassword(user.password);
  // The widget words Okta's field error (password.passwordRequirementsNotMet) itself and lists the
  // policy, history rule included, from the authenticator's settings.
  await expect(page.getByRole('alert').filter({ hasText: 'Password requirements were not met' })).toBeVisible();
  await expect(page.getByRole('listitem').filter({ hasText: "Password can't be the same as your last 4 passwords" })).toBeVisible();
  await expect(recovery.newPassword).toBeVisible();

  await recovery.setNewPassword(newPasswordFor(user));
  await signIn.skipOptionalIfOffered();
  await expect(dashboard.welcome).toBeVisible();
});

test('lockout: N wrong passwords lock the account, the right one is refused as if wrong, the API says LOCKED_OUT; recovery unlocks', async ({
  page,
  user,
  signIn,
  outbox,
  okta,
  dashboard,
  recovery,
}) => {
  await signIn.open();
  await signIn.identify(user.login);
  for (let i = 1; i <= LOCKOUT_ATTEMPTS; i++) expect(await submitPassword(page, signIn, `Wrong-Passw0rd-${i}`)).toBe(401);
  await expect(page.getByText(INCORRECT)).toBeVisible();
  expect((await okta.userApi.getUser({ userId: user.id })).status).toBe('LOCKED_OUT');

  // The right password is refused now, with the same words as a wrong one.
  expect(await submitPassword(page, signIn, user.password)).toBe(401);
  await expect(page.getByText(INCORRECT)).toBeVisible();
  await expect(dashboard.welcome).toBeHidden();

  // A fresh sign-in is refused too, even with the right password.
  await recovery.backToSignIn.click();
  await signIn.identify(user.login);
  expect(await submitPassword(page, signIn, user.password)).toBe(401);
  await expect(page.getByText(INCORRECT)).toBeVisible();

  await recoverByEmail(page, signIn, recovery, outbox, user);
  await recovery.setNewPassword(newPasswordFor(user));
  await signIn.skipOptionalIfOffered();
  await expect(dashboard.welcome).toBeVisible();
  expect((await okta.userApi.getUser({ userId: user.id })).status).toBe('ACTIVE');
});

test('an admin unlock through the management API also restores sign-in', async ({ request, user, signIn, okta, dashboard }) => {
  // Locked out through the IDX API, as the widget answers (the widget's own lockout is the test above).
  const wrong = Array.from({ length: LOCKOUT_ATTEMPTS }, (_, i) => `Wrong-Passw0rd-${i + 1}`);
  expect(await answerPasswords(request, user.login, wrong)).toEqual(wrong.map(() => 401));
  expect((await okta.userApi.getUser({ userId: user.id })).status).toBe('LOCKED_OUT');

  await okta.userApi.unlockUser({ userId: user.id });
  expect((await okta.userApi.getUser({ userId: user.id })).status).toBe('ACTIVE');
  await signIn.open();
  await signIn.signInWith(user.login, user.password);
  await expect(dashboard.welcome).toBeVisible();
});
