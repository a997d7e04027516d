/**
 * The account page (`/account`): the user manages their own account through Okta's MyAccount API —
 * their name, and signing out of every other browser. (The step-up answer to a change long after sign-in
 * is tested in devorg/myaccount/: moving the e2e org's clock 15 minutes on would put every later test's
 * tokens in the browser's future.)
 */
import { expect, requires, test } from './fixtures';
import { seriousViolations } from './support/axe';
import { PORTAL_SCOPES } from './support/test-sessions';

test.beforeEach(() => {
  requires('myAccount', 'outbox');
});

test('the dashboard leads to the account page, where the user changes their name', async ({ page, signedIn, dashboard, account, user }) => {
  // Not about signing in: devorg's test sign-in where the org has it, else the widget.
  await signedIn();
  await account.link.click();
  await expect(page).toHaveURL(/\/account$/);
  await expect(account.heading).toBeVisible();
  await expect(account.firstName).toHaveValue(user.firstName);
  // Email, then username (read-only: `<dd>`s).
  await expect(account.profile.getByRole('definition')).toHaveText([user.email, user.login]);

  await account.rename('Ada', 'Lovelace');
  await expect(account.saved).toBeVisible();
  // The org has it: read again after a reload, and in the next ID token.
  await page.reload();
  await expect(account.firstName).toHaveValue('Ada');
  await expect(account.lastName).toHaveValue('Lovelace');
  await dashboard.open();
  await dashboard.renewNow();
  await expect(dashboard.welcomeFor('Ada Lovelace')).toBeVisible();
});

test('"Sign out everywhere else" ends the other browser’s session, and this one stays signed in', async ({
  signedIn,
  dashboard,
  account,
  otherBrowser,
  user,
  page,
}) => {
  // This browser by the test sign-in; the other one through the widget.
  await signedIn();
  const other = await otherBrowser();
  await other.signIn.open('/login');
  await other.signIn.signInWith(user.login, user.password);
  await expect(other.dashboard.welcome).toBeVisible();

  await page.goto('/account');
  await account.signOutEverywhereElse.click();
  await expect(account.signedOutElsewhere).toBeVisible();

  // The other browser's refresh token is revoked: its next renewal ends its session.
  await other.dashboard.renewNow();
  await expect(other.page).toHaveURL(/\/login\?next=(%2F|\/)dashboard$/);
  await expect(other.page.getByText(/Your session could not be renewed/)).toBeVisible();
  // This browser's grant was kept.
  await dashboard.open();
  await dashboard.renewNow();
  await expect(dashboard.renewed).toBeAttached();
});

test('signed out, /account leads to sign-in and back', async ({ page, signIn, account, user }) => {
  await page.goto('/account');
  await expect(page).toHaveURL(/\/login\?next=(%2F|\/)account$/);
  await signIn.signInWith(user.login, user.password);
  await expect(account.heading).toBeVisible();
});

test('the account page has no serious accessibility violations, and the name is changed with the keyboard alone', async ({
  page,
  signedIn,
  account,
}) => {
  await signedIn();
  await page.goto('/account');
  await expect(account.firstName).toBeEditable();
  // Every section in: the methods with what may be added, and the password rules.
  await expect(account.security.getByRole('button', { name: /^Set up / }).first()).toBeVisible();
  await expect(account.passwordRules.first()).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);

  // Tab from the top of the page to the first name, type, Tab to the last name, type, Enter to save.
  await page.locator('body').focus();
  await expect(async () => {
    await page.keyboard.press('Tab');
    expect(await account.firstName.evaluate((el) => el.matches(':focus'))).toBe(true);
  }).toPass({ timeout: 10_000 });
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type('Katherine');
  await page.keyboard.press('Tab');
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type('Johnson');
  await page.keyboard.press('Enter');
  await expect(account.saved).toBeVisible();
  await page.reload();
  await expect(account.lastName).toHaveValue('Johnson');
});

test('a change long after the sign-in asks "Confirm it’s you" in place; signing in again through the widget makes it', async ({
  page,
  signedInAs,
  signIn,
  account,
  user,
}) => {
  // Signed in 20 minutes ago: past MyAccount's 15-minute window for changes (max_age=900).
  await signedInAs(user, { scopes: PORTAL_SCOPES, authenticatedSecondsAgo: 20 * 60 });
  await page.goto('/account');
  await expect(account.firstName).toBeEditable();
  await account.rename('Grace', 'Hopper');

  const confirm = page.getByRole('heading', { level: 1, name: 'Confirm it’s you' });
  await expect(confirm).toBeVisible();
  // Focus moves into the step-up: onto its heading, or on to the widget's first field once the widget
  // autofocuses it (which comes first depends on how fast the widget renders).
  const stepUp = page.getByRole('region', { name: 'Confirm it’s you' });
  await expect.poll(() => stepUp.evaluate((el) => el.contains(document.activeElement))).toBe(true);
  await expect(account.firstName).toBeHidden();
  await signIn.signInWith(user.login, user.password, user.email);

  // The change is made right after, with the new sign-in's tokens, and the org has it.
  await expect(account.saved).toBeVisible();
  await expect(confirm).toBeHidden();
  await page.reload();
  await expect(account.firstName).toHaveValue('Grace');
  await expect(account.lastName).toHaveValue('Hopper');
});
