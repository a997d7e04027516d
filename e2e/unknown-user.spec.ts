/**
 * User enumeration prevention off (`policies.userEnumerationPrevention: false`): a username with no
 * account is told so at once, with Okta's warning on the identify form (`idx.unknown.user`), and the
 * form takes another username; a real account then goes on to its password. The shared e2e devorg keeps
 * Okta's default (prevention on: an unknown username gets the password page), so this spec signs in on
 * the hosted page of a devorg of its own (e2e/support/own-org.ts), which serves the real widget.
 */
import { defaultConfig } from '../devorg/config';
import { makeUser } from '../devorg/testing/harness';
import { expect, requires, test } from './fixtures';
import { hostedSignInUrl, startOwnOrg, type OwnOrg } from './support/own-org';

requires('outbox');

let org: OwnOrg;
test.beforeAll(async () => {
  org = await startOwnOrg({ policies: { ...defaultConfig().policies, userEnumerationPrevention: false } });
});
test.afterAll(async () => org.stop());

test('an unknown username is told there is no such account, and a real one then goes on', async ({ page, signIn }) => {
  await page.goto(hostedSignInUrl(org));
  await expect(page).toHaveTitle(/Sign In/);
  await signIn.identify('nobody.here@example.test');
  await expect(page.getByText('There is no account with the Username nobody.here@example.test.')).toBeVisible();
  await expect(signIn.passwordHeading).toBeHidden();

  const user = await makeUser(org);
  await signIn.identify(user.profile.login);
  await expect(signIn.passwordHeading).toBeVisible();
});
