/**
 * "Show lock out failures" on (`passwordPolicy.showLockoutFailures: true`, off on Okta by default and in
 * the shared e2e devorg): the wrong password that locks the account is answered on the password form with
 * the Identity Engine's "This factor is suspended for your account due to too many failed attempts"
 * (`authfactor.challenge.suspended_factor`), and so is the right password afterwards, which no longer signs
 * in. The setting is org-wide, so this spec signs in on the Okta-hosted page of a devorg of its own
 * (e2e/support/own-org.ts), which serves the real widget.
 */
import { defaultConfig } from '../devorg/config';
import { makeUser, PASSWORD } from '../devorg/testing/harness';
import { expect, requires, test } from './fixtures';
import { hostedSignInUrl, startOwnOrg, type OwnOrg } from './support/own-org';

requires('outbox');

const SUSPENDED = 'This factor is suspended for your account due to too many failed attempts';

let org: OwnOrg;
test.beforeAll(async () => {
  org = await startOwnOrg({ passwordPolicy: { ...defaultConfig().passwordPolicy, lockoutAttempts: 2, showLockoutFailures: true } });
});
test.afterAll(async () => org.stop());

test('the wrong password that locks the account says so on the password form, and the right one then stays refused', async ({
  page,
  signIn,
}) => {
  const user = await makeUser(org);
  await page.goto(hostedSignInUrl(org));
  await expect(page).toHaveTitle(/Sign In/);
  await signIn.identify(user.profile.login);
  await signIn.enterPassword('Wrong-Passw0rd-1');
  await expect(page.getByText('Password is incorrect')).toBeVisible();

  await signIn.retryPassword('Wrong-Passw0rd-2');
  await expect(page.getByText(SUSPENDED)).toBeVisible();
  expect((await org.ctx.store.userById(user.id))?.status).toBe('LOCKED_OUT');

  const answered = page.waitForResponse((r) => r.url().endsWith('/idp/idx/challenge/answer'));
  await signIn.retryPassword(PASSWORD);
  expect((await answered).status()).toBe(403);
  await expect(page.getByText(SUSPENDED)).toBeVisible();
  await expect(signIn.password).toBeVisible();
  await expect(signIn.code).toBeHidden();
});
