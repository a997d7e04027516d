/**
 * How the portal looks: the brand from its settings (.env.e2e: name, logo, accent), the widget card in the
 * portal's dark theme, and the loading skeleton that keeps the page still while the widget arrives.
 */
import { expect, test } from './fixtures';
import { target } from './support/capabilities';

/** .env.e2e's brand. */
const BRAND = { name: 'Northwind Identity', logo: '/favicon.svg' };

test.describe('dark, branded', () => {
  test.use({ colorScheme: 'dark', viewport: { width: 800, height: 720 } });

  test('the sign-in page wears the brand, and the widget card the dark theme', async ({ page, signIn }) => {
    test.skip(target.kind !== 'devorg', 'the screenshot baseline is of the portal built for devorg (with its console note)');
    await signIn.open();
    await expect(signIn.username).toBeVisible();
    const home = page.getByRole('banner').getByRole('link', { name: BRAND.name });
    await expect(home).toBeVisible();
    await expect(home.locator('img')).toHaveAttribute('src', BRAND.logo);
    await expect(page).toHaveTitle(`Sign in · ${BRAND.name}`);

    // The card is the portal's dark surface, not the widget's white; its button is the brand's dark accent.
    const card = page.locator('#okta-sign-in');
    const surface = await page.evaluate(() => getComputedStyle(document.body).getPropertyValue('--portal-surface').trim());
    expect(surface).toBe('#1b1e25');
    await expect(card).toHaveCSS('background-color', 'rgb(27, 30, 37)');
    const token = (name: string) => page.evaluate((n) => getComputedStyle(document.documentElement).getPropertyValue(n).trim(), name);
    expect(await token('--portal-brand')).toBe('#0f766e');
    // Dark mode's accent is derived from the brand's (src/brand.ts), not the default blue.
    const darkAccent = await token('--portal-brand-dark');
    expect(darkAccent).not.toBe('#7aa7ff');
    const rgb = (hex: string) => `rgb(${[1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)).join(', ')})`;
    await expect(signIn.next).toHaveCSS('background-color', rgb(darkAccent));

    // Nothing on this page changes between runs (no dates, no user); the caret blinks, so it is hidden.
    await expect(page).toHaveScreenshot('branded-dark-sign-in.png', { caret: 'hide', animations: 'disabled' });
  });
});

test('a skeleton holds the widget card’s place while it loads: busy, in words, and no jump when the form lands', async ({
  page,
  signIn,
}) => {
  // Hold the widget's first request, so the skeleton is on screen long enough to be seen.
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/v1/interact', async (route) => {
    await held;
    await route.continue();
  });
  await signIn.open();
  const status = page.getByRole('status').filter({ hasText: 'Loading sign-in…' });
  await expect(status).toBeVisible();
  const frame = page.locator('.sign-in-host-frame');
  await expect(frame).toHaveAttribute('aria-busy', 'true');
  const heading = page.getByRole('heading', { level: 1, name: 'Access your account' });
  const host = page.locator('okta-sign-in-host');
  const before = await host.boundingBox();

  release();
  await expect(signIn.username).toBeVisible();
  await expect(frame).toHaveAttribute('aria-busy', 'false');
  await expect(status).toHaveCount(0);
  const after = await host.boundingBox();
  // The form takes the skeleton's height, within a few pixels: what follows the card doesn't move.
  expect(Math.abs((after?.height ?? 0) - (before?.height ?? Number.NaN))).toBeLessThan(8);

  // The heading is centred over the centred card.
  const [h1, card] = [await heading.boundingBox(), await page.locator('#okta-sign-in').boundingBox()];
  const centre = (box: { x: number; width: number } | null) => (box ? box.x + box.width / 2 : Number.NaN);
  const text = await heading.evaluate((el) => getComputedStyle(el).textAlign);
  expect(text).toBe('center');
  expect(Math.abs(centre(h1) - centre(card))).toBeLessThan(2);
});

test.describe('on a 375 px phone', () => {
  test.use({ viewport: { width: 375, height: 800 } });

  test('the dashboard stacks each label over its value and never scrolls sideways', async ({ page, user, signedInAs, dashboard }) => {
    // Not about signing in: devorg's test sign-in (the session's "How you signed in" reads its amr).
    await signedInAs(user, { amr: ['pwd', 'email', 'mfa'] });
    await dashboard.open();
    await expect(dashboard.session).toBeVisible();
    // "How you signed in" above its value, not beside it squeezing it ("Multi- / factor").
    const label = dashboard.session.getByText('How you signed in', { exact: true });
    const value = dashboard.session.getByText(/^Password and email code/);
    const [l, v] = [await label.boundingBox(), await value.boundingBox()];
    expect(v!.y).toBeGreaterThan(l!.y + l!.height - 1);
    expect(Math.abs(v!.x - l!.x)).toBeLessThan(2);
    await expect(page.getByRole('table', { name: 'ID token claims' })).toBeVisible();
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBe(0);
  });
});
