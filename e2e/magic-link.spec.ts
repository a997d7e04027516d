/**
 * Email magic links: each email devorg sends with a code also carries a link to the portal's sign-in
 * route (`/login?otp=…&state=…`, the app's email verification callback). Opened in the browser that
 * started the sign-in, the widget there finishes it with the code; opened anywhere else, it shows the
 * code to enter where the sign-in started.
 */
import { E2E } from '../playwright.config';
import { expect, requires, test } from './fixtures';

requires('mfa', 'outbox');

test.setTimeout(60_000);

test('the email’s link, opened in another tab of the same browser, finishes the sign-in there', async ({
  user,
  signIn,
  outbox,
  newTab,
}) => {
  await signIn.open();
  await signIn.identify(user.login);
  const seen = await outbox.messages(user.email);
  await signIn.enterPassword(user.password);
  const mail = await outbox.next(user.email, seen);
  expect(mail.link).toBeTruthy();
  const link = new URL(mail.link ?? '');
  expect(`${link.origin}${link.pathname}`).toBe(`${E2E.portalUrl}/login`);
  expect(link.searchParams.get('otp')).toBe(mail.code);

  const tab = await newTab();
  await tab.page.goto(link.toString());
  await tab.signIn.skipOptionalIfOffered();
  await expect(tab.dashboard.welcome).toBeVisible();
  // The code left the address bar once the widget had it.
  expect(new URL(tab.page.url()).searchParams.has('otp')).toBe(false);
  expect(await tab.dashboard.idTokenClaims()).toMatchObject({ sub: user.id, amr: ['pwd', 'email', 'mfa'] });
});

test('the email’s link, opened in another browser, shows the code to enter where the sign-in started', async ({
  browser,
  user,
  signIn,
  outbox,
  dashboard,
}) => {
  await signIn.open();
  await signIn.identify(user.login);
  const seen = await outbox.messages(user.email);
  await signIn.enterPassword(user.password);
  const mail = await outbox.next(user.email, seen);

  const elsewhere = await browser.newContext({ baseURL: E2E.portalUrl, locale: 'en-US' });
  try {
    const page = await elsewhere.newPage();
    await page.goto(mail.link ?? '');
    await expect(page.getByRole('heading', { name: 'Your verification code' })).toBeVisible();
    await expect(page.getByRole('heading', { name: mail.code, exact: true })).toBeVisible();
    await expect(page.getByText(/original authentication location/)).toBeVisible();
  } finally {
    await elsewhere.close();
  }
  // The sign-in that sent it is untouched: its code still works there.
  await signIn.enterCode(mail.code);
  await signIn.skipOptionalIfOffered();
  await expect(dashboard.welcome).toBeVisible();
});
