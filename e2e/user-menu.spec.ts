/**
 * The signed-in user in the header on every page: initials and name on a menu button whose menu leads
 * to the dashboard and the account page, and signs out; then "You have signed out" on the landing page.
 */
import { expect, test } from './fixtures';

test('the header names the user on every page; its menu works from the keyboard alone and signs out', async ({
  page,
  user,
  signedInAs,
  dashboard,
}) => {
  await signedInAs(user);
  await page.goto('/');
  const name = `${user.firstName} ${user.lastName}`;
  const menuButton = page.getByRole('banner').getByRole('button', { name: `Account menu: ${name}` });
  await expect(menuButton).toBeVisible();
  await expect(menuButton).toContainText(`${user.firstName[0]}${user.lastName[0]}`.toUpperCase());
  await expect(page.getByRole('link', { name: 'Go to your dashboard' })).toBeVisible();

  // Keyboard only, from the button: open the menu, down to "Account", Enter.
  await menuButton.focus();
  await page.keyboard.press('ArrowDown');
  const menu = page.getByRole('menu', { name: 'Account menu' });
  await expect(menu).toBeVisible();
  await expect(menu.getByRole('menuitem', { name: 'Dashboard' })).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(menu.getByRole('menuitem', { name: 'Account' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/account$/);
  await expect(menu).toBeHidden();
  await expect(menuButton).toBeVisible();

  // Escape closes it onto its button.
  await menuButton.press('Enter');
  await expect(menu.getByRole('menuitem', { name: 'Dashboard' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(menu).toBeHidden();
  await expect(menuButton).toBeFocused();

  await menuButton.click();
  await menu.getByRole('menuitem', { name: 'Dashboard' }).click();
  await expect(dashboard.welcomeFor(name)).toBeVisible();

  await menuButton.click();
  await menu.getByRole('menuitem', { name: 'Sign out' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'You have signed out.' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Sign in' })).toBeVisible();
  await expect(page.getByRole('button', { name: /Account menu/ })).toHaveCount(0);

  // Said once: a reload is just the landing page.
  await page.reload();
  await expect(page.getByRole('link', { name: 'Sign in' })).toBeVisible();
  await expect(page.getByText('You have signed out.')).toHaveCount(0);
});
