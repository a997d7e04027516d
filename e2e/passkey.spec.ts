/**
 * Passkeys (FIDO2 WebAuthn) through the real widget, with a virtual authenticator in Chromium: set up
 * from the optional list at the first sign-in, then used as the second factor, devorg verifying the
 * registration and every assertion for real.
 */
import { expect, requires, test } from './fixtures';

requires('mfa', 'outbox');

test.setTimeout(60_000);

test('a passkey set up from the optional list is the second factor at the next sign-in', async ({
  page,
  user,
  signIn,
  outbox,
  dashboard,
  authenticators,
  passkeys,
}) => {
  await signIn.open();
  await signIn.identify(user.login);
  const seen = await outbox.messages(user.email);
  await signIn.enterPassword(user.password);
  await signIn.enterCode((await outbox.next(user.email, seen)).code);

  await authenticators.setUpPasskey();
  await signIn.skipOptionalIfOffered();
  await expect(dashboard.welcome).toBeVisible();
  const [credential] = await passkeys.credentials();
  expect(credential?.rpId).toBe('localhost');
  expect(await dashboard.idTokenClaims()).toMatchObject({ sub: user.id, amr: ['pwd', 'email', 'hwk', 'mfa'] });
  await dashboard.signOut();

  await signIn.open();
  await signIn.signInWithoutSecondFactor(user.login, user.password);
  await authenticators.verifyWithPasskey();
  await expect(dashboard.welcome).toBeVisible();
  expect(await dashboard.idTokenClaims()).toMatchObject({ sub: user.id, amr: ['pwd', 'hwk', 'mfa'] });
  // "How you signed in" names the passkey.
  await expect(page.getByText('Password and passkey, with multi-factor')).toBeVisible();
  // The authenticator counted the assertion; devorg stored the count and would refuse one that went back.
  expect((await passkeys.credentials())[0]?.signCount).toBeGreaterThan(credential?.signCount ?? 0);
  await expect(page.getByText(/unable to use a passkey/i)).toHaveCount(0);
});
