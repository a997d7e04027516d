/**
 * The account page's security methods and password (MyAccount authenticators/enrollments and password):
 * each method with when it was set up, removing one after a confirmation (gone from the management API
 * too), the ones the policy requires staying with the reason shown; a new password under the org's
 * policy, its refusals in the org's words; a method added through the Sign-In Widget on the org's own page
 * (auth-js's `enrollAuthenticator`). (The step-up a change needs long after sign-in: e2e/account.spec.ts.)
 */
import type { Client } from '@okta/okta-sdk-nodejs';
import { expect, requires, test } from './fixtures';
import { totpCode } from './pages/authenticators-page';

test.beforeEach(() => {
  requires('myAccount', 'outbox');
});

test.setTimeout(60_000);

async function factorTypes(okta: Client, userId: string): Promise<string[]> {
  const types: string[] = [];
  for await (const factor of await okta.userFactorApi.listFactors({ userId })) if (factor?.factorType) types.push(factor.factorType);
  return types;
}

test('the security methods show when each was set up; a passkey is removed after a confirmation, and the required ones stay', async ({
  page,
  signInSettingUpPasskey,
  account,
  okta,
  user,
  passkeys,
}) => {
  requires('mfa');
  // The virtual authenticator the passkey is made on (the fixture sets it up when asked for).
  expect(await passkeys.credentials()).toHaveLength(0);
  await signInSettingUpPasskey();
  await page.goto('/account');
  await expect(account.methods).toHaveCount(3);
  const today = new Intl.DateTimeFormat('en-US', { dateStyle: 'long' }).format(new Date());
  for (const item of await account.methods.all()) await expect(item).toContainText(`Set up ${today}`);
  // The password and the email the policy requires say why they stay.
  await expect(account.method('Password')).toContainText('it can’t be removed');
  await expect(account.method('Email')).toContainText('Your organization requires this one');
  await expect(account.removeButtons).toHaveCount(1);
  expect(await factorTypes(okta, user.id)).toContain('webauthn');

  // Cancel first: nothing happens, and focus is back on the button.
  const remove = account.removeButtons.first();
  await remove.click();
  await expect(account.confirmRemoval).toBeVisible();
  await account.confirmRemoval.getByRole('button', { name: 'Cancel' }).click();
  await expect(account.confirmRemoval).toBeHidden();
  await expect(remove).toBeFocused();

  await remove.click();
  await account.confirmRemoval.getByRole('button', { name: 'Remove' }).click();
  await expect(account.security.getByRole('status').filter({ hasText: /is removed\.$/ })).toBeVisible();
  await expect(account.methods).toHaveCount(2);
  await expect(account.removeButtons).toHaveCount(0);
  // The org has it: the management API no longer lists the passkey.
  expect(await factorTypes(okta, user.id)).not.toContain('webauthn');
});

test('the password is changed with the keyboard alone; the org’s rules are listed and checked as it is typed, and its refusal is shown in its words', async ({
  page,
  signedIn,
  account,
  otherBrowser,
  user,
}) => {
  await signedIn();
  await page.goto('/account');
  await expect(account.newPassword).toBeEditable();

  // The org's rules are there before anything is typed, none met yet.
  const length = account.passwordRules.filter({ hasText: /^\s*At least \d+ characters/ });
  await expect(length).toContainText('(not met yet)');
  const rules = await account.passwordRules.count();
  expect(rules).toBeGreaterThan(1);
  await expect(account.passwordRules.filter({ hasText: '(met)' })).toHaveCount(0);

  // Too short for the policy: the list says so as it is typed, and the org says why.
  await account.newPassword.focus();
  await page.keyboard.type('short1');
  await expect(length).toContainText('(not met yet)');
  await expect(account.passwordRules.filter({ hasText: '(met)' }).first()).toBeVisible();
  await page.keyboard.press('Tab');
  await page.keyboard.type('short2');
  await expect(account.password.getByText('The two passwords differ.')).toBeVisible();
  await expect(account.confirmPassword).toHaveAttribute('aria-invalid', 'true');
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type('short1');
  await expect(account.password.getByText('The two passwords differ.')).toBeHidden();
  await page.keyboard.press('Enter');
  await expect(account.password.getByRole('alert')).toContainText(/at least 8 characters/i);

  const password = `${user.password}-new`;
  await account.newPassword.focus();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type(password);
  // A password the org takes meets every rule listed.
  await expect(account.passwordRules.filter({ hasText: '(met)' })).toHaveCount(rules);
  await page.keyboard.press('Tab');
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type(password);
  await page.keyboard.press('Enter');
  await expect(account.password.getByRole('status').filter({ hasText: 'Your password is changed.' })).toBeVisible();

  // The org has it: another browser signs in with the new password.
  const other = await otherBrowser();
  await other.signIn.open('/login');
  await other.signIn.signInWith(user.login, password);
  await expect(other.dashboard.welcome).toBeVisible();
});

test('a method is added through the Sign-In Widget on the org’s page: a fresh sign-in, the set-up, and back to the account page', async ({
  page,
  signInToDashboard,
  account,
  signIn,
  outbox,
  authenticators,
  okta,
  user,
}) => {
  await signInToDashboard();
  await page.goto('/account');
  await expect(account.method('Email')).toBeVisible();
  await expect(account.method('Google Authenticator')).toHaveCount(0);

  await account.addButton('Google Authenticator').click();
  // The org's page (not the portal's): the widget asks for a fresh sign-in, the username filled in.
  await expect(page).toHaveTitle(/Sign In/);
  expect(new URL(page.url()).pathname).toMatch(/\/v1\/authorize$/);
  await expect(signIn.username).toHaveValue(user.login);
  const seen = await outbox.messages(user.email);
  await signIn.identify(user.login);
  await signIn.enterPassword(user.password);
  await signIn.enterCode((await outbox.next(user.email, seen)).code);

  // Only what the portal asked for is offered.
  await expect(authenticators.setUpLink('Google Authenticator')).toBeVisible();
  await expect(page.getByRole('link', { name: /^Set up / })).toHaveCount(1);
  await authenticators.setUp('Google Authenticator');
  const secret = await authenticators.revealTotpSecret();
  await page.getByRole('link', { name: 'Next', exact: true }).click();
  await signIn.enterCode(totpCode(secret));

  // Back on the account page, still signed in: the new method is listed, and the page says so.
  await expect(page).toHaveURL(/\/account$/);
  await expect(account.security.getByRole('status').filter({ hasText: 'Google Authenticator is set up.' })).toBeVisible();
  await expect(account.method('Google Authenticator')).toBeVisible();
  await expect(account.addButton('Google Authenticator')).toHaveCount(0);
  expect(await factorTypes(okta, user.id)).toContain('token:software:totp');
});
