/**
 * The password on the registration form (`policies.enrollAuthenticatorTypes: ["password"]`, Okta's
 * profile enrollment "Password" setting), through the real Sign-In Widget: the sign-up form shows the
 * password field with the policy's requirements, refuses a password the policy doesn't allow under the
 * field, and with a good one goes straight to the email's code (no "Set up password" form); the new
 * account signs in with that password. The shared e2e devorg keeps Okta's default (the password is set
 * up after the form), so this spec signs up on the hosted page of a devorg of its own.
 */
import { randomBytes } from 'node:crypto';
import { defaultConfig } from '../devorg/config';
import { expect, requires, test } from './fixtures';
import { hostedSignInUrl, returnToClient, startOwnOrg, type OwnOrg } from './support/own-org';
import { testPassword } from './support/passwords';

requires('registration', 'outbox');

let org: OwnOrg;
test.beforeAll(async () => {
  org = await startOwnOrg({ policies: { ...defaultConfig().policies, enrollAuthenticatorTypes: ['password'] } });
});
test.afterAll(async () => org.stop());

/** The code of the message to `to` after the `seen` it had (devorg's outbox, read in-process). */
async function nextCode(to: string, seen: number): Promise<string> {
  await expect.poll(async () => (await org.ctx.store.outbox({ to, limit: 50 })).length).toBeGreaterThan(seen);
  const [mail] = await org.ctx.store.outbox({ to, limit: 1 });
  return mail!.code;
}

test('a visitor sets the password on the sign-up form, goes straight to the email code, and signs in with it', async ({
  page,
  registration,
  signIn,
}) => {
  const id = randomBytes(4).toString('hex');
  const who = { email: `ida.${id}@example.test`, firstName: 'Ida', lastName: 'Noddack' };
  const password = testPassword(Object.values(who));
  await page.goto(hostedSignInUrl(org));
  await registration.signUpLink.click();
  await expect(registration.passwordOnForm).toBeVisible();
  // The policy's requirements, listed under the field from the password authenticator it relates to.
  await expect(page.getByText('At least 8 characters')).toBeVisible();

  await registration.submitProfile(who, { password: 'short' });
  await expect(page.getByText(/Password requirements were not met/).first()).toBeVisible();
  await expect(registration.profileHeading).toBeVisible();

  await registration.submitProfile(who, { password });
  await expect(registration.code).toBeVisible();
  await expect(registration.passwordHeading).toBeHidden();
  const code = await nextCode(who.email, 0);
  const back = returnToClient(page);
  await registration.enterCode(code);
  await registration.setUpLater();
  expect(new URL((await back).url()).searchParams.get('code')).toBeTruthy();

  // Another visit, without the org session the sign-up left in this browser.
  await page.context().clearCookies();
  await page.goto(hostedSignInUrl(org));
  const seen = (await org.ctx.store.outbox({ to: who.email, limit: 50 })).length;
  await signIn.identify(who.email);
  await signIn.enterPassword(password);
  const signInCode = await nextCode(who.email, seen);
  const again = returnToClient(page);
  await signIn.enterCode(signInCode);
  expect(new URL((await again).url()).searchParams.get('code')).toBeTruthy();
});
