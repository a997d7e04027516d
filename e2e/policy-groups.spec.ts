/**
 * Policies by group: a spec that needs another policy puts its user in a group (the `userGroups`
 * option) rather than starting another org. devorg's e2e org gives the group "password-only" a rule:
 * the password alone, nothing to enroll.
 */
import { expect, requires, test } from './fixtures';

requires('policyGroups');

test.describe('a member of "password-only"', () => {
  test.use({ userGroups: ['password-only'] });

  test('signs in with the password alone and is asked to set nothing up', async ({ page, user, signIn, dashboard }) => {
    await signIn.open();
    await signIn.signInWithoutSecondFactor(user.login, user.password);
    await expect(dashboard.welcome).toBeVisible();
    expect(await dashboard.idTokenClaims()).toMatchObject({ sub: user.id, amr: ['pwd'] });
    await expect(page.getByRole('heading', { name: /verify with your email|set up security methods/i })).toHaveCount(0);
  });
});

test('anyone else still gets the default policy: the password, then the email code', async ({ page, user, signIn }) => {
  await signIn.open();
  await signIn.signInWithoutSecondFactor(user.login, user.password);
  await expect(page.getByRole('heading', { name: /verify with your email|set up security methods/i }).first()).toBeVisible();
});
