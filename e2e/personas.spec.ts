/**
 * A persona (e2e/devorg.e2e.json `personas`): a user the org config declares with TOTP and a security
 * question already set up, so signing in as "the user with TOTP" needs no enrollment first. The one test
 * that signs in as it: a TOTP code is good once, so a second sign-in in the same 30 s would be refused.
 */
import { readFileSync } from 'node:fs';
import { expect, requires, test } from './fixtures';
import { totpCode } from './pages/authenticators-page';

requires('personas');

interface Persona {
  login: string;
  password: string;
  factors: { totp: { secret: string } };
}
const [persona] = (JSON.parse(readFileSync('e2e/devorg.e2e.json', 'utf8')) as { personas: Persona[] }).personas;

test('the TOTP persona signs in with its authenticator app at once, with no set-up step', async ({
  page,
  signIn,
  dashboard,
  authenticators,
}) => {
  if (!persona) throw new Error('e2e/devorg.e2e.json declares no persona');
  await signIn.open();
  await signIn.signInWithoutSecondFactor(persona.login, persona.password);
  await expect(page.getByRole('heading', { name: /set up security methods/i })).toHaveCount(0);
  await authenticators.select('Google Authenticator');
  await signIn.enterCode(totpCode(persona.factors.totp.secret));
  await expect(dashboard.welcome).toBeVisible();
  expect(await dashboard.idTokenClaims()).toMatchObject({ preferred_username: persona.login, amr: ['pwd', 'otp', 'mfa'] });
});
