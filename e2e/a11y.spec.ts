/**
 * Accessibility: axe-core on every page of the password journey and the sign-up form, in the light and the
 * dark colour scheme, and the whole sign-in done with the
 * keyboard alone. Serious and critical violations fail the test.
 */
import { E2E } from '../playwright.config';
import { expect, requires, test } from './fixtures';
import { seriousViolations } from './support/axe';

for (const colorScheme of ['light', 'dark'] as const) {
  test.describe(`${colorScheme} scheme`, () => {
    test.use({ colorScheme });

    test('landing, sign-in steps and dashboard have no serious accessibility violations', async ({
      page,
      user,
      signIn,
      outbox,
      dashboard,
    }) => {
      await page.goto('/');
      await expect(page.getByRole('link', { name: 'Sign in' }).first()).toBeVisible();
      expect(await seriousViolations(page), 'landing').toEqual([]);

      await signIn.open();
      await expect(signIn.username).toBeVisible();
      expect(await seriousViolations(page), 'identify').toEqual([]);

      await signIn.identify(user.login);
      await expect(signIn.password).toBeVisible();
      expect(await seriousViolations(page), 'password challenge').toEqual([]);

      await signIn.enterPassword('not-the-Passw0rd');
      await expect(page.getByText('Password is incorrect')).toBeVisible();
      expect(await seriousViolations(page), 'password error').toEqual([]);

      const seen = await outbox.messages(user.email);
      await signIn.retryPassword(user.password);
      // The default policy's second factor: email, enrolled at this first sign-in.
      await expect(signIn.code).toBeVisible();
      expect(await seriousViolations(page), 'email enrollment').toEqual([]);
      await signIn.enterCode((await outbox.next(user.email, seen)).code);
      await expect(signIn.continueWithoutOptional).toBeVisible();
      expect(await seriousViolations(page), 'optional authenticators').toEqual([]);
      await signIn.skipOptionalIfOffered();
      await expect(dashboard.welcome).toBeVisible();
      expect(await seriousViolations(page), 'dashboard').toEqual([]);
      await page
        .getByRole('banner')
        .getByRole('button', { name: /Account menu/ })
        .click();
      await expect(page.getByRole('menu', { name: 'Account menu' })).toBeVisible();
      expect(await seriousViolations(page), 'the open account menu').toEqual([]);
    });

    test('the sign-up form, its errors and the not-found page have no serious accessibility violations', async ({ page, registration }) => {
      requires('registration');
      await registration.open();
      expect(await seriousViolations(page), 'sign-up').toEqual([]);
      await registration.signUp.click();
      await expect(page.getByText('This field cannot be left blank').first()).toBeVisible();
      expect(await seriousViolations(page), 'sign-up errors').toEqual([]);

      await page.goto('/no-such-page');
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
      expect(await seriousViolations(page), 'not found').toEqual([]);
    });

    test('the devorg console has no serious accessibility violations, and no sideways scroll at 375 px', async ({ page, user, signIn }) => {
      requires('outbox');
      // A code in the outbox first, so the console shows its latest-code card and its table.
      await signIn.open();
      await signIn.identify(user.login);
      await signIn.enterPassword(user.password);
      await expect(signIn.code.or(signIn.enterCodeInstead).first()).toBeVisible();

      await page.goto(`${E2E.orgUrl}/dev/console`);
      await expect(page.getByRole('list', { name: 'Latest codes' }).getByText(user.email)).toBeVisible();
      await expect(page.getByRole('table', { name: 'Users' })).toBeVisible();
      expect(await seriousViolations(page), 'console').toEqual([]);

      await page.setViewportSize({ width: 375, height: 800 });
      await expect(page.getByRole('table', { name: 'Users' })).toBeVisible();
      expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBe(0);
      expect(await seriousViolations(page), 'console at 375 px').toEqual([]);
    });
  });
}

test('the password sign-in works with the keyboard alone', async ({ page, user, signIn, outbox, dashboard }) => {
  await signIn.open();
  await expect(signIn.username).toBeFocused();
  await page.keyboard.type(user.login);
  await page.keyboard.press('Enter');
  await expect(signIn.password).toBeFocused();
  const seen = await outbox.messages(user.email);
  await page.keyboard.type(user.password);
  await page.keyboard.press('Enter');
  // The email code (second factor), then "Continue" past the optional authenticators.
  await expect(signIn.code).toBeFocused();
  await page.keyboard.type((await outbox.next(user.email, seen)).code);
  await page.keyboard.press('Enter');
  await expect(signIn.continueWithoutOptional).toBeVisible();
  for (
    let presses = 0;
    presses < 20 && !(await signIn.continueWithoutOptional.evaluate((el) => el === document.activeElement));
    presses++
  ) {
    await page.keyboard.press('Tab');
  }
  await expect(signIn.continueWithoutOptional).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(dashboard.welcome).toBeVisible();

  // Sign out is reachable by Tab (through the dashboard's shadow root) and works with Enter.
  const signOut = dashboard.signOutButton;
  const deepFocused = (el: Element) => {
    let active = document.activeElement;
    while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
    return active === el;
  };
  for (let presses = 0; presses < 40 && !(await signOut.evaluate(deepFocused)); presses++) {
    await page.keyboard.press('Tab');
  }
  await expect(signOut).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(dashboard.signedOut).toBeVisible();
});

test('the check itself reports what axe finds: an image without text, an empty button, low contrast', async ({ page }) => {
  await page.setContent(
    '<html lang="en"><body><main><img src="/favicon.svg"><button></button><p style="color:#eee;background:#fff">faint</p></main></body></html>',
  );
  const found = await seriousViolations(page);
  expect(found.map((v) => v.split(' ')[0])).toEqual(expect.arrayContaining(['image-alt', 'button-name', 'color-contrast']));
  // Run again in the same document (axe is put in once): the same findings.
  expect(await seriousViolations(page)).toEqual(found);
});
