/**
 * How a passkey answer is judged, seen through the real widget with Chromium's virtual authenticator:
 * - members of "E2E Passkey UV Required" (a group rule in e2e/devorg.e2e.json: `signOn.userVerification:
 *   "required"`) must verify themselves on the authenticator (PIN or biometrics): one that cannot
 *   does not get them in, one that can does (the org's own setting stays `preferred`, which
 *   e2e/passkey-lifecycle.spec.ts shows letting the same authenticator in);
 * - an assertion replayed into a later sign-in (signed for an earlier challenge) is refused with Okta's
 *   message in the widget, and nothing answers with a server error.
 */
import type { Page, Request } from '@playwright/test';
import { expect, requires, test } from './fixtures';

requires('mfa', 'outbox');

test.setTimeout(60_000);

/**
 * Okta's message for an assertion that verifies against none of the user's passkeys
 * (`authfactor.webauthn.error.assertion_validation_failure`), as the widget shows every
 * `authfactor.webauthn.error…` key: its generic wording.
 */
const ASSERTION_FAILED = 'You are currently unable to use a Security key or biometric authenticator. Try again.';

/** Every devorg response with a server error status during the test. */
function serverErrors(page: Page): string[] {
  const seen: string[] = [];
  page.on('response', (res) => {
    if (res.status() >= 500) seen.push(`${res.status()} ${res.url()}`);
  });
  return seen;
}

test.describe('user verification required by the sign-on rule', () => {
  test.use({ userGroups: ['E2E Passkey UV Required'] });
  requires('policyGroups');

  test('an authenticator that cannot verify the user does not sign in; one that can does', async ({
    signInSettingUpPasskey,
    page,
    user,
    signIn,
    dashboard,
    authenticators,
    passkeys,
  }) => {
    const errors = serverErrors(page);
    await signInSettingUpPasskey();
    await dashboard.signOut();

    await passkeys.setUserVerified(false);
    await signIn.open();
    await signIn.signInWithoutSecondFactor(user.login, user.password);
    await authenticators.verifyWithPasskey();
    // The widget tells what the org asks (challengeData.userVerification); the browser refuses the ceremony.
    await expect(page.getByText('Biometric verification or a PIN is required to sign in with this authenticator.')).toBeVisible();
    await expect(page.getByText('The operation either timed out or was not allowed.')).toBeVisible();
    await expect(dashboard.welcome).toHaveCount(0);

    await passkeys.setUserVerified(true);
    await signIn.submit(authenticators.retryPasskey);
    await expect(dashboard.welcome).toBeVisible();
    expect(await dashboard.idTokenClaims()).toMatchObject({ sub: user.id, amr: ['pwd', 'hwk', 'mfa'] });
    expect(errors).toEqual([]);
  });
});

test('an assertion replayed into a later sign-in shows Okta’s message in the widget, never a server error', async ({
  signInSettingUpPasskey,
  page,
  user,
  signIn,
  dashboard,
  authenticators,
  passkeys,
}) => {
  const errors = serverErrors(page);
  await signInSettingUpPasskey();
  await dashboard.signOut();
  expect(await passkeys.credentials()).toHaveLength(1);

  // A genuine sign-in with the passkey: its answer, as the widget posted it, is kept.
  await signIn.open();
  await signIn.signInWithoutSecondFactor(user.login, user.password);
  const answered = page.waitForRequest((r: Request) => r.method() === 'POST' && r.url().endsWith('/idp/idx/challenge/answer'));
  await authenticators.verifyWithPasskey();
  const captured = JSON.parse((await answered).postData() ?? '{}') as { credentials?: unknown };
  expect(captured.credentials).toMatchObject({ clientData: expect.any(String), signatureData: expect.any(String) });
  await expect(dashboard.welcome).toBeVisible();
  await dashboard.signOut();

  // The next sign-in's passkey answer is swapped for the old one (the state handle stays this sign-in's).
  await page.route('**/idp/idx/challenge/answer', async (route) => {
    const body = JSON.parse(route.request().postData() ?? '{}') as { credentials?: Record<string, unknown> };
    // The password goes through as typed; only a passkey answer (signed client data) is swapped.
    if (typeof body.credentials?.clientData !== 'string') return route.continue();
    await route.continue({ postData: JSON.stringify({ ...body, credentials: captured.credentials }) });
  });
  await signIn.open();
  await signIn.signInWithoutSecondFactor(user.login, user.password);
  const refused = page.waitForResponse(
    (r) => r.url().endsWith('/idp/idx/challenge/answer') && (r.request().postData() ?? '').includes('signatureData'),
  );
  await authenticators.verifyWithPasskey();
  expect((await refused).status()).toBe(401);
  await expect(page.getByText(ASSERTION_FAILED)).toBeVisible();
  await expect(dashboard.welcome).toHaveCount(0);
  expect(errors).toEqual([]);
});
