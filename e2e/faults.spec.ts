/**
 * The org misbehaving, through devorg's fault injection (`faults`): a 429 on identify, a slow
 * introspect, a 500 on the token call. Each fault is scoped to the test's own user or transaction, so
 * the tests that share devorg in parallel never meet it. (The org unreachable altogether, during a
 * renewal or a sign-in, is e2e/network-blip.spec.ts.)
 */
import { expect, requires, test } from './fixtures';
import { ISSUER, storedTokens } from './support/tokens';

const INTERACT = `${ISSUER}/v1/interact`;
const TOKEN_PATH = `${new URL(ISSUER).pathname}/v1/token`;

test('a 429 on identify is shown by the widget, and the next try goes through', async ({ page, user, signIn, faults }) => {
  const fault = await faults.add({
    match: { method: 'POST', path: '/idp/idx/identify', login: user.login },
    respond: { status: 429 },
    times: 1,
  });
  await signIn.open();
  await signIn.identify(user.login);

  await expect(page.getByRole('alert').filter({ hasText: 'Too many attempts. Try again later.' }).first()).toBeVisible();
  await expect(signIn.passwordHeading).toBeHidden();
  expect(await faults.state(fault)).toBeUndefined();

  await signIn.submit(signIn.next);
  await expect(signIn.passwordHeading).toBeVisible();
});

test('a slow introspect shows the loading state until the org answers, then the form it resumes', async ({
  page,
  user,
  signIn,
  faults,
}) => {
  const interact = page.waitForResponse(INTERACT);
  await signIn.open();
  const { interaction_handle } = (await (await interact).json()) as { interaction_handle: string };
  await signIn.identify(user.login);
  await expect(signIn.passwordHeading).toBeVisible();

  // A reload resumes the transaction: its introspect is this test's alone, and slow.
  const fault = await faults.add({
    match: { method: 'POST', path: '/idp/idx/introspect', transaction: interaction_handle },
    respond: { delayMs: 3000 },
    times: 1,
  });
  await page.reload();
  await expect(page.getByRole('status').filter({ hasText: 'Loading sign-in…' })).toBeVisible();
  await expect(signIn.password).toBeHidden();

  await expect(signIn.passwordHeading).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'Loading sign-in…' })).toHaveCount(0);
  expect(await faults.state(fault)).toBeUndefined();
});

test.describe('with the password alone (group "password-only")', () => {
  requires('policyGroups');
  test.use({ userGroups: ['password-only'] });

  test('a 500 on the token call keeps the user on the sign-in page, says to try again, and a retry signs in', async ({
    page,
    user,
    signIn,
    dashboard,
    faults,
  }) => {
    await faults.add({ match: { method: 'POST', path: TOKEN_PATH, login: user.login }, respond: { status: 500 }, times: 1 });
    const token = page.waitForResponse((r) => r.url() === `${ISSUER}/v1/token`);
    await signIn.open();
    await signIn.signInWithoutSecondFactor(user.login, user.password);
    expect((await token).status()).toBe(500);

    // A 5xx is "try again", not "no": said as such, with a way to retry.
    await expect(page.getByRole('alert').filter({ hasText: "Can't reach your sign-in service right now." })).toBeVisible();
    await expect(dashboard.welcome).toBeHidden();
    await expect(page).toHaveURL(/\/login/);
    expect(await storedTokens(page)).toEqual({});

    await page.getByRole('button', { name: 'Retry' }).click();
    await signIn.identify(user.login);
    // The org session the first sign-in left may already vouch for the user, as on Okta.
    await expect(signIn.password.or(dashboard.welcome).first()).toBeVisible();
    if (await signIn.password.isVisible()) await signIn.enterPassword(user.password);
    await expect(dashboard.welcome).toBeVisible();
    expect(Object.keys(await storedTokens(page)).sort()).toEqual(['accessToken', 'idToken', 'refreshToken']);
  });
});
