/**
 * "Keep me signed in" ticked by default (`policies.signOn.keepMeSignedInByDefault`, Okta's sign-on
 * setting): the identify form's checkbox comes ticked (`rememberMe` with `value: true`), and a sign-in that
 * leaves it so ends with a persistent org session; unticked, with a browser-session one. The setting is
 * org-wide (it would change every other spec's sessions), so this spec signs in on the Okta-hosted page of
 * a devorg of its own (e2e/support/own-org.ts), which serves the real widget.
 */
import { defaultConfig } from '../devorg/config';
import { latestCode, makeUser, PASSWORD } from '../devorg/testing/harness';
import { expect, requires, test } from './fixtures';
import { ORG_SESSION_COOKIE } from './pages/org-session';
import { hostedSignInUrl, returnToClient, startOwnOrg, type OwnOrg } from './support/own-org';

requires('outbox');

let org: OwnOrg;
test.beforeAll(async () => {
  const policies = defaultConfig().policies;
  org = await startOwnOrg({ policies: { ...policies, signOn: { ...policies.signOn, keepMeSignedInByDefault: true } } });
});
test.afterAll(async () => org.stop());

for (const keep of [true, false]) {
  test(`the checkbox comes ticked; ${keep ? 'left so' : 'unticked'}, the org session is ${keep ? 'persistent' : 'the browser’s'}`, async ({
    page,
    signIn,
  }) => {
    const user = await makeUser(org);
    await page.goto(hostedSignInUrl(org));
    await expect(page).toHaveTitle(/Sign In/);
    await expect(signIn.keepMeSignedIn).toBeChecked();

    await signIn.identify(user.profile.login, { keepMeSignedIn: keep });
    await signIn.enterPassword(PASSWORD);
    // An API-created user's first sign-in sets the email up, then offers the optional authenticators.
    await expect(signIn.code.or(signIn.enterCodeInstead).first()).toBeVisible();
    await expect.poll(async () => (await org.ctx.store.outbox({ to: user.profile.email, limit: 1 })).length).toBe(1);
    await signIn.enterCode(await latestCode(org, user.profile.email));
    const back = returnToClient(page);
    await signIn.submit(signIn.continueWithoutOptional);
    expect(new URL((await back).url()).searchParams.get('code')).toBeTruthy();

    const cookie = (await page.context().cookies(org.issuer)).find((c) => c.name === ORG_SESSION_COOKIE);
    if (keep) expect(cookie?.expires ?? -1).toBeGreaterThan(Date.now() / 1000 + 24 * 3600);
    else expect(cookie?.expires).toBe(-1);
  });
}
