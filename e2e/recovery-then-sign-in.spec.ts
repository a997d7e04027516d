/**
 * A recovery that ends at its new password (`passwordPolicy.signInAfterRecovery: false`): after the
 * emailed code and the new password the widget shows Okta's terminal "You can now sign in with your
 * existing username and new password." (`idx.recovery.completed`), and the new password then signs in.
 * The shared e2e devorg signs the user in after a recovery (e2e/recovery.spec.ts), so this spec uses a
 * devorg of its own (e2e/support/own-org.ts) and its hosted page, where the org serves the real widget.
 */
import { defaultConfig } from '../devorg/config';
import { makeUser } from '../devorg/testing/harness';
import { expect, requires, test } from './fixtures';
import { fillForm, submitToOrg } from './pages/sign-in-page';
import { hostedSignInUrl, startOwnOrg, type OwnOrg } from './support/own-org';

requires('outbox');

let org: OwnOrg;
test.beforeAll(async () => {
  org = await startOwnOrg({ passwordPolicy: { ...defaultConfig().passwordPolicy, signInAfterRecovery: false } });
});
test.afterAll(async () => org.stop());

const NEW_PASSWORD = 'Fresh-Meadow-73';

test('after the new password the widget says to sign in with it, and it does sign in', async ({ page, signIn, recovery }) => {
  const user = await makeUser(org);
  await page.goto(hostedSignInUrl(org));
  await signIn.identify(user.profile.login);
  await recovery.forgotPassword.click();
  await expect.poll(async () => (await org.ctx.store.outbox({ to: user.profile.email, limit: 1 })).length).toBe(1);
  const [mail] = await org.ctx.store.outbox({ to: user.profile.email, limit: 1 });
  expect(mail?.purpose).toBe('recovery');
  await signIn.enterCode(mail!.code);
  // The hosted page titles the form with the app's name ("Reset your Embedded Sign-In Portal password").
  await fillForm(
    [
      [recovery.newPassword, NEW_PASSWORD],
      [recovery.confirmPassword, NEW_PASSWORD],
    ],
    page.getByRole('heading', { name: /^Reset your .*password$/ }),
  );
  await submitToOrg(page, recovery.resetPassword, /\/idp\/idx\/challenge\/answer$/);

  await expect(page.getByText('You can now sign in with your existing username and new password.')).toBeVisible();
  await expect(signIn.backToSignIn).toBeVisible();

  await page.goto(hostedSignInUrl(org));
  await signIn.identify(user.profile.login);
  await signIn.enterPassword(NEW_PASSWORD);
  // The new password is right: the org goes on to the email code (the policy's second factor).
  await expect(page.getByRole('heading', { name: /verify with your email/i })).toBeVisible();
});
