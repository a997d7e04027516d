/**
 * Self-service registration through the embedded widget against devorg: sign up, set a password,
 * verify the email with the code from devorg's outbox, land on the dashboard as the new user.
 */
import { E2E } from '../playwright.config';
import { expect, requires, test } from './fixtures';

requires('registration', 'outbox');

test('a visitor signs up, verifies the email and lands on the dashboard as the new user', async ({
  page,
  registration,
  registrant,
  outbox,
  okta,
  dashboard,
}) => {
  await registration.open();
  await registration.submitProfile(registrant);

  // The password form shows the org's rules.
  await expect(page.getByText('At least 8 characters')).toBeVisible();
  await registration.setPassword(registrant.password);

  await expect(registration.code).toBeVisible();
  // Not a user until the email is verified.
  await expect(okta.userApi.getUser({ userId: registrant.email })).rejects.toThrow();
  const message = await outbox.next(registrant.email);
  expect(message).toMatchObject({ kind: 'email', purpose: 'registration' });
  await registration.enterCode(message.code);
  await registration.setUpLater();

  await expect(dashboard.welcomeFor(`${registrant.firstName} ${registrant.lastName}`)).toBeVisible();
  await expect(page).toHaveURL(/\/dashboard$/);
  const claims = await dashboard.idTokenClaims();
  expect(claims).toMatchObject({ email: registrant.email, amr: ['pwd', 'email', 'mfa'] });

  const user = await okta.userApi.getUser({ userId: registrant.email });
  expect(user.status).toBe('ACTIVE');
  expect(user.profile).toMatchObject({
    login: registrant.email,
    email: registrant.email,
    firstName: registrant.firstName,
    lastName: registrant.lastName,
  });
  expect(claims.sub).toBe(user.id);
});

test('an email that already has an account gets the error under the email field', async ({ page, registration, user }) => {
  await registration.open();
  await registration.submitProfile({ email: user.email, firstName: 'Someone', lastName: 'Else' });
  await expect(page.getByText('A user with this Email already exists')).toBeVisible();
  await expect(registration.email).toBeVisible();
});

test('a password that breaks the policy is refused with the reason, a good one is accepted', async ({ page, registration, registrant }) => {
  await registration.open();
  await registration.submitProfile(registrant);
  await registration.setPassword('Password123');
  await expect(page.getByText('This password was found in a list of commonly used passwords. Please try another password.')).toBeVisible();
  await registration.setPassword(registrant.password);
  await expect(registration.code).toBeVisible();
});

test('a wrong code shows the error under the field; the right one then finishes', async ({
  page,
  registration,
  registrant,
  outbox,
  dashboard,
}) => {
  await registration.open();
  await registration.submitProfile(registrant);
  await registration.setPassword(registrant.password);
  const message = await outbox.next(registrant.email);
  const wrong = message.code === '000000' ? '111111' : '000000';
  await registration.enterCode(wrong);
  await expect(page.getByText('Invalid code. Try again.')).toBeVisible();
  await registration.enterCode(message.code);
  await registration.setUpLater();
  await expect(dashboard.welcomeFor(`${registrant.firstName} ${registrant.lastName}`)).toBeVisible();
});

test('hostile profile values are stored verbatim and rendered as text, never as markup', async ({
  page,
  registration,
  registrant,
  outbox,
  okta,
  dashboard,
}) => {
  let dialogs = 0;
  page.on('dialog', (dialog) => {
    dialogs++;
    void dialog.dismiss();
  });
  const firstName = '<img src=x onerror="window.__xss=1">';
  const lastName = "O'Brien–Łukasz 🦄 <script>window.__xss=2</script>";
  await registration.open();
  await registration.submitProfile({ ...registrant, firstName, lastName });
  await registration.setPassword(registrant.password);
  await registration.enterCode((await outbox.next(registrant.email)).code);
  await registration.setUpLater();

  await expect(dashboard.welcomeFor(`${firstName} ${lastName}`)).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss)).toBeUndefined();
  expect(await page.locator('main img[src="x"]').count()).toBe(0);
  expect(dialogs).toBe(0);
  const user = await okta.userApi.getUser({ userId: registrant.email });
  expect(user.profile).toMatchObject({ firstName, lastName });
});

test('the sign-in page links to the devorg console, which shows the code and the new user', async ({
  page,
  registration,
  registrant,
  outbox,
  dashboard,
}) => {
  await registration.open();
  await expect(page.getByRole('link', { name: 'devorg console' })).toHaveAttribute('href', `${E2E.orgUrl}/dev/console`);
  await registration.submitProfile(registrant);
  await registration.setPassword(registrant.password);
  const message = await outbox.next(registrant.email);
  await registration.enterCode(message.code);
  await registration.setUpLater();
  await expect(dashboard.welcome).toBeVisible();

  await page.goto(`${E2E.orgUrl}/dev/console`);
  // The newest code per recipient, up top; and every message in the table below.
  const latest = page.getByRole('list', { name: 'Latest codes' }).getByRole('listitem').filter({ hasText: registrant.email });
  await expect(latest).toContainText(message.code);
  // With the email's magic link beside its code, as the outbox records it.
  await expect(latest.getByRole('link', { name: 'Open the magic link' })).toHaveAttribute('href', message.link ?? '');
  const outboxRow = page.getByRole('table', { name: 'All messages' }).getByRole('row').filter({ hasText: registrant.email }).first();
  await expect(outboxRow).toContainText(message.code);
  const userRow = page.getByRole('table', { name: 'Users' }).getByRole('row').filter({ hasText: registrant.email });
  await expect(userRow).toContainText('ACTIVE');
  await expect(userRow.getByRole('listitem')).toHaveText(['Password', 'Email']);
});
