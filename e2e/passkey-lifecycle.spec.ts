/**
 * A passkey's life after enrollment, through the real widget with Chromium's virtual authenticator:
 * removed through the management API it is no longer offered (the browser still holds the credential,
 * the org no longer knows it), and under the org's default `preferred` user verification an
 * authenticator that cannot verify the user still signs in. A user may have several passkeys, so
 * the list keeps offering one, but the browser won't register a second credential on the
 * authenticator that holds one (excludeCredentials). (`required`, by a sign-on rule: e2e/passkey-verification.spec.ts.)
 */
import type { Client, UserFactor } from '@okta/okta-sdk-nodejs';
import { expect, requires, test } from './fixtures';

requires('mfa', 'outbox');

test.setTimeout(60_000);

/** The user's factors as the management API lists them. */
async function factorsOf(okta: Client, userId: string): Promise<UserFactor[]> {
  const factors: UserFactor[] = [];
  for await (const factor of await okta.userFactorApi.listFactors({ userId })) if (factor) factors.push(factor);
  return factors;
}

test('a passkey removed through the management API is no longer offered at sign-in', async ({
  signInSettingUpPasskey,
  page,
  user,
  okta,
  signIn,
  outbox,
  dashboard,
  authenticators,
  passkeys,
}) => {
  await signInSettingUpPasskey();
  await dashboard.signOut();

  const passkeyFactors = (await factorsOf(okta, user.id)).filter((f) => f.factorType === 'webauthn');
  expect(passkeyFactors).toHaveLength(1);
  await okta.userFactorApi.unenrollFactor({ userId: user.id, factorId: passkeyFactors[0]?.id ?? '' });
  expect((await factorsOf(okta, user.id)).map((f) => f.factorType)).not.toContain('webauthn');
  // The browser still holds the credential: only the org forgot it.
  expect(await passkeys.credentials()).toHaveLength(1);

  await signIn.open();
  await signIn.identify(user.login);
  const seen = await outbox.messages(user.email);
  await signIn.enterPassword(user.password);
  // The email is the only second factor left: the org goes straight to it, with no passkey to pick.
  await expect(signIn.code.or(signIn.enterCodeInstead).first()).toBeVisible();
  await expect(authenticators.selectLink('a passkey')).toHaveCount(0);
  await signIn.enterCode((await outbox.next(user.email, seen)).code);
  await signIn.skipOptionalIfOffered();
  await expect(dashboard.welcome).toBeVisible();
  const claims = await dashboard.idTokenClaims();
  expect(claims).toMatchObject({ sub: user.id, amr: ['pwd', 'email', 'mfa'] });
  await expect(page.getByText(/unable to use a passkey/i)).toHaveCount(0);
});

test('with user verification preferred, an authenticator that cannot verify the user enrolls and signs in', async ({
  signInSettingUpPasskey,
  page,
  user,
  signIn,
  dashboard,
  authenticators,
}) => {
  // A security key with no fingerprint reader or PIN: user presence only (the `passkeys` fixture verifies the user).
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable', { enableUI: false });
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: { protocol: 'ctap2', transport: 'usb', hasResidentKey: true, hasUserVerification: false, automaticPresenceSimulation: true },
  });

  await signInSettingUpPasskey();
  await dashboard.signOut();
  const [enrolled] = (await cdp.send('WebAuthn.getCredentials', { authenticatorId })).credentials;
  expect(enrolled?.rpId).toBe('localhost');

  await signIn.open();
  await signIn.signInWithoutSecondFactor(user.login, user.password);
  await authenticators.verifyWithPasskey();
  await expect(dashboard.welcome).toBeVisible();
  expect(await dashboard.idTokenClaims()).toMatchObject({ sub: user.id, amr: ['pwd', 'hwk', 'mfa'] });
  const [used] = (await cdp.send('WebAuthn.getCredentials', { authenticatorId })).credentials;
  expect(used?.signCount).toBeGreaterThan(enrolled?.signCount ?? 0);
  await cdp.send('WebAuthn.removeVirtualAuthenticator', { authenticatorId });
  await cdp.detach();
});

test('the authenticator that holds a passkey is excluded from setting up another', async ({
  page,
  user,
  okta,
  signIn,
  outbox,
  authenticators,
  passkeys,
}) => {
  await signIn.open();
  await signIn.identify(user.login);
  const seen = await outbox.messages(user.email);
  await signIn.enterPassword(user.password);
  await signIn.enterCode((await outbox.next(user.email, seen)).code);
  await authenticators.setUpPasskey();

  // Several passkeys are allowed, so it is still offered; this authenticator's is excluded.
  await authenticators.setUp('a passkey');
  await expect(page.getByRole('heading', { name: 'Set up a passkey' })).toBeVisible();
  // The browser refuses before anything reaches the org: the widget shows its error.
  await authenticators.passkeySetUp.click();
  await expect(
    page
      .getByRole('alert')
      .filter({ hasText: /already registered/i })
      .first(),
  ).toBeVisible();
  expect(await passkeys.credentials()).toHaveLength(1);
  expect((await factorsOf(okta, user.id)).filter((f) => f.factorType === 'webauthn')).toHaveLength(1);
});
