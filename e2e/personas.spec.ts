/**
 * Personas (e2e/devorg.e2e.json `personas`): users the org config declares with their factors already set
 * up, so signing in as "the user with TOTP" or "the user with a passkey" needs no enrollment first. One test
 * signs in as each: a TOTP code is good once, so a second sign-in in the same 30 s would be refused.
 */
import { readFileSync } from 'node:fs';
import { expect, requires, test } from './fixtures';
import { totpCode } from './pages/authenticators-page';

requires('personas');

interface Persona {
  login: string;
  password: string;
  factors: { totp?: { secret: string }; passkey?: { credentialId: string } };
}
const personas = (JSON.parse(readFileSync('e2e/devorg.e2e.json', 'utf8')) as { personas: Persona[] }).personas;
const persona = personas.find((p) => p.factors.totp);
const passkeyPersona = personas.find((p) => p.factors.passkey);
/**
 * The private half of the passkey persona's credential (PKCS#8 DER, base64): a key made for this test
 * alone, its public half in e2e/devorg.e2e.json. Not a secret: it opens nothing but that local persona.
 */
const PASSKEY_PRIVATE_KEY =
  'MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgtcX88LWf0wdTFXWr03XYQhgqiKFvhPdDR5OyWQmRSSqhRANCAAQQTx+GMaYUFtU9bXgBOwTq0W9WZHxShElLOXS3iWZDeh+8zvQeY7w3I9eTnWK5vVYR8l/WQbzL4VSfjdZQFItT';

test('the TOTP persona signs in with its authenticator app at once, with no set-up step', async ({
  page,
  signIn,
  dashboard,
  authenticators,
}) => {
  if (!persona?.factors.totp) throw new Error('e2e/devorg.e2e.json declares no TOTP persona');
  await signIn.open();
  await signIn.signInWithoutSecondFactor(persona.login, persona.password);
  await expect(page.getByRole('heading', { name: /set up security methods/i })).toHaveCount(0);
  await authenticators.select('Google Authenticator');
  await signIn.enterCode(totpCode(persona.factors.totp.secret));
  await expect(dashboard.welcome).toBeVisible();
  expect(await dashboard.idTokenClaims()).toMatchObject({ preferred_username: persona.login, amr: ['pwd', 'otp', 'mfa'] });
});

test('the passkey persona signs in with the credential its config declares, with no set-up step', async ({
  signIn,
  dashboard,
  authenticators,
  passkeys,
}) => {
  const credentialId = passkeyPersona?.factors.passkey?.credentialId;
  if (!passkeyPersona || !credentialId) throw new Error('e2e/devorg.e2e.json declares no passkey persona');
  // A counter above any this org stored before (a retry reuses the persona), as a real authenticator's grows.
  await passkeys.addCredential({ credentialId, privateKey: PASSKEY_PRIVATE_KEY, signCount: Math.floor(Date.now() / 1000) });
  await signIn.open();
  await signIn.signInWithoutSecondFactor(passkeyPersona.login, passkeyPersona.password);
  await authenticators.verifyWithPasskey();
  await expect(dashboard.welcome).toBeVisible();
  expect(await dashboard.idTokenClaims()).toMatchObject({ preferred_username: passkeyPersona.login, amr: ['pwd', 'hwk', 'mfa'] });
});
