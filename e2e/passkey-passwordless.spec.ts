/**
 * Passwordless sign-in with the passkey alone, where the sign-on policy allows it: members of
 * "E2E Passwordless" (a group rule in e2e/devorg.e2e.json: `signOn.passwordless`) who have a passkey
 * pick it or the password after the identifier, and the passkey ends the sign-in by itself.
 */
import type { Client } from '@okta/okta-sdk-nodejs';
import { expect, requires, test } from './fixtures';

requires('mfa', 'outbox');

test.setTimeout(60_000);

const PASSWORDLESS_GROUP = 'E2E Passwordless';

/** The group the passwordless rule names (created once, kept: the rule names it, tests share it). */
async function passwordlessGroupId(okta: Client): Promise<string> {
  for await (const group of await okta.groupApi.listGroups({ q: PASSWORDLESS_GROUP }))
    if (group?.profile?.name === PASSWORDLESS_GROUP && group.id) return group.id;
  const created = await okta.groupApi.createGroup({ group: { profile: { name: PASSWORDLESS_GROUP } } });
  if (!created.id) throw new Error(`no id for the new group ${PASSWORDLESS_GROUP}`);
  return created.id;
}

test('with a passkey, a member of the passwordless rule signs in with it alone', async ({
  signInSettingUpPasskey,
  page,
  user,
  okta,
  signIn,
  dashboard,
  authenticators,
  passkeys,
}) => {
  await okta.groupApi.assignUserToGroup({ groupId: await passwordlessGroupId(okta), userId: user.id });

  // Without a passkey yet: the password first, as before; then the passkey from the optional list.
  await signInSettingUpPasskey();
  await dashboard.signOut();

  await signIn.open();
  await signIn.identify(user.login);
  // The passkey or the password: no password field until the password is picked.
  await expect(authenticators.selectLink('Password')).toBeVisible();
  await expect(signIn.password).toHaveCount(0);
  await authenticators.verifyWithPasskey();
  await expect(dashboard.welcome).toBeVisible();
  expect(await dashboard.idTokenClaims()).toMatchObject({ sub: user.id, amr: ['hwk'] });
  await expect(page.getByText('Passkey', { exact: true })).toBeVisible();
  expect((await passkeys.credentials())[0]?.signCount).toBeGreaterThan(0);
});
