/**
 * The passkey promotion after sign-in, through the real widget 7.49 with Chromium's virtual
 * authenticator: members of "E2E Passkey Promotion" (a group rule in e2e/devorg.e2e.json:
 * `signOn.passkeyPromotion`) who have no passkey are offered one once they have signed in —
 * `enroll-authenticator-promotion`, which the widget titles "Set up a passkey: more secure, easier to
 * use." with "Create a passkey" and "Maybe later".
 */
import { expect, requires, test, type Outbox, type TestUser } from './fixtures';
import type { DashboardPage } from './pages/dashboard-page';
import type { SignInPage } from './pages/sign-in-page';

requires('mfa', 'outbox', 'policyGroups');

test.setTimeout(60_000);
test.use({ userGroups: ['E2E Passkey Promotion'] });

/**
 * A first sign-in sets up the required email and declines the optional list ("Set up later": no
 * promotion right after that); the next one, password and email code, ends on the promotion.
 */
async function signInToPromotion(user: TestUser, signIn: SignInPage, outbox: Outbox, dashboard: DashboardPage): Promise<void> {
  await signIn.open();
  await signIn.signInWith(user.login, user.password, user.email);
  await expect(dashboard.welcome).toBeVisible();
  await dashboard.signOut();

  await signIn.open();
  await signIn.identify(user.login);
  const seen = await outbox.messages(user.email);
  await signIn.enterPassword(user.password);
  await signIn.enterCode((await outbox.next(user.email, seen)).code);
}

test('a member without a passkey is offered one after signing in and creates it there', async ({
  user,
  signIn,
  outbox,
  dashboard,
  authenticators,
  passkeys,
}) => {
  await signInToPromotion(user, signIn, outbox, dashboard);
  await expect(authenticators.promotionHeading).toBeVisible();
  await expect(authenticators.maybeLater).toBeVisible();
  await signIn.submit(authenticators.createPasskey);
  await expect(dashboard.welcome).toBeVisible();
  expect(await dashboard.idTokenClaims()).toMatchObject({ sub: user.id, amr: ['pwd', 'email', 'hwk', 'mfa'] });
  const [credential] = await passkeys.credentials();
  expect(credential?.rpId).toBe('localhost');
});

test('"Maybe later" signs the member in without a passkey', async ({ user, signIn, outbox, dashboard, authenticators, passkeys }) => {
  await signInToPromotion(user, signIn, outbox, dashboard);
  await signIn.submit(authenticators.maybeLater);
  await expect(dashboard.welcome).toBeVisible();
  expect(await dashboard.idTokenClaims()).toMatchObject({ sub: user.id, amr: ['pwd', 'email', 'mfa'] });
  expect(await passkeys.credentials()).toEqual([]);
});
