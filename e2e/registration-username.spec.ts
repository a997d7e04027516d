/**
 * A Username on the registration form (the profile enrollment form's `login` attribute, Okta's
 * "Username"), through the real Sign-In Widget: the account's login is what the visitor typed there and
 * the email is only the email; a Username someone has is refused under its field; the new account then
 * signs in with its Username. The shared e2e devorg keeps Okta's default form (the email is the login),
 * so this spec signs up on the hosted page of a devorg of its own (e2e/support/own-org.ts).
 */
import { randomBytes } from 'node:crypto';
import { defaultConfig } from '../devorg/config';
import { expect, requires, test } from './fixtures';
import { hostedSignInUrl, returnToClient, startOwnOrg, type OwnOrg } from './support/own-org';
import { testPassword } from './support/passwords';

requires('registration', 'outbox');

let org: OwnOrg;
test.beforeAll(async () => {
  const policies = defaultConfig().policies;
  org = await startOwnOrg({
    policies: {
      ...policies,
      profileAttributes: [...policies.profileAttributes, { name: 'login', label: 'Username', required: true, maxLength: 100 }],
    },
    userSchema: { loginPattern: '.+' },
  });
});
test.afterAll(async () => org.stop());

/** A visitor of this test's own: a unique Username and email. */
function visitor() {
  const id = randomBytes(4).toString('hex');
  const profile = { login: `ada.k-${id}`, email: `ada.${id}@example.test`, firstName: 'Ada', lastName: 'King' };
  return { profile, password: testPassword(Object.values(profile)) };
}

/** The code of the message to `to` after the `seen` it had (devorg's outbox, read in-process). */
async function nextCode(to: string, seen: number): Promise<string> {
  await expect.poll(async () => (await org.ctx.store.outbox({ to, limit: 50 })).length).toBeGreaterThan(seen);
  const [mail] = await org.ctx.store.outbox({ to, limit: 1 });
  return mail!.code;
}

async function userByLogin(login: string): Promise<{ status: number; body: { profile?: Record<string, string> } }> {
  const res = await fetch(`${org.origin}/api/v1/users/${encodeURIComponent(login)}`, {
    headers: { Authorization: `SSWS ${org.apiToken}`, Accept: 'application/json' },
  });
  return { status: res.status, body: (await res.json()) as { profile?: Record<string, string> } };
}

test('a visitor signs up with a Username, and signs in with it afterwards', async ({ page, registration, signIn }) => {
  const { profile: who, password } = visitor();
  await page.goto(hostedSignInUrl(org));
  await registration.signUpLink.click();
  await expect(registration.username).toBeVisible();
  await registration.submitProfile(who);
  await registration.setPassword(password);
  const code = await nextCode(who.email, 0);
  const back = returnToClient(page);
  await registration.enterCode(code);
  await registration.setUpLater();
  expect(new URL((await back).url()).searchParams.get('code')).toBeTruthy();

  const user = await userByLogin(who.login);
  expect(user.status).toBe(200);
  expect(user.body.profile).toMatchObject({ login: who.login, email: who.email, firstName: who.firstName, lastName: who.lastName });

  // Afterwards the Username identifies the account (the email is not its login).
  // Another visit, without the org session the sign-up left in this browser.
  await page.context().clearCookies();
  await page.goto(hostedSignInUrl(org));
  const seen = (await org.ctx.store.outbox({ to: who.email, limit: 50 })).length;
  await signIn.identify(who.login);
  await signIn.enterPassword(password);
  const signInCode = await nextCode(who.email, seen);
  const again = returnToClient(page);
  await signIn.enterCode(signInCode);
  expect(new URL((await again).url()).searchParams.get('code')).toBeTruthy();
});

test('a Username someone has is refused under the Username field', async ({ page, registration }) => {
  const taken = visitor().profile;
  const res = await fetch(`${org.origin}/api/v1/users?activate=false`, {
    method: 'POST',
    headers: { Authorization: `SSWS ${org.apiToken}`, 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({ profile: { login: taken.login, email: taken.email, firstName: 'First', lastName: 'One' } }),
  });
  expect(res.status).toBe(200);

  await page.goto(hostedSignInUrl(org));
  await registration.signUpLink.click();
  await registration.submitProfile({ ...visitor().profile, login: taken.login });
  await expect(page.getByText('A user with this Username already exists')).toBeVisible();
  await expect(registration.username).toHaveValue(taken.login);
});
