/**
 * The registration inline hook (`policies.registrationInlineHook`), through the real Sign-In Widget: an
 * external service (a real HTTP server on an ephemeral loopback port, devorg/testing/hook-server.ts) judges
 * each registrant by email domain. A denial shows the service's own words under the email field and the
 * corrected form goes on to the password; a failing service ends the registration on Okta's "There was
 * an error creating your account". The shared e2e devorg has no hook, so this spec runs a devorg of its
 * own (e2e/support/own-org.ts) and registers on its Okta-hosted page, where the org serves the widget.
 */
import { randomBytes } from 'node:crypto';
import { defaultConfig } from '../devorg/config';
import { emailDomainRule, startHookServer, type HookServer } from '../devorg/testing/hook-server';
import { expect, requires, test } from './fixtures';
import { hostedSignInUrl, startOwnOrg, type OwnOrg } from './support/own-org';

requires('outbox');

const HOOK_ID = 'cale2eregistration01';
let server: HookServer;
let org: OwnOrg;
test.beforeAll(async () => {
  server = await startHookServer(emailDomainRule);
  org = await startOwnOrg({
    policies: { ...defaultConfig().policies, registrationInlineHook: HOOK_ID },
    inlineHooks: [
      {
        id: HOOK_ID,
        name: 'Registration rules',
        type: 'com.okta.user.pre-registration',
        version: '1.0.0',
        channel: { type: 'HTTP', version: '1.0.0', config: { uri: `${server.origin}/registration` } },
      },
    ],
  });
});
test.afterAll(async () => {
  await org.stop();
  await server.close();
});

const someone = (domain: string) => ({ email: `reg.${randomBytes(4).toString('hex')}@${domain}`, firstName: 'Ada', lastName: 'Hooked' });

test('a registrant the hook denies sees its reason under the email field, and a corrected email goes on', async ({
  page,
  registration,
}) => {
  await page.goto(hostedSignInUrl(org));
  await registration.signUpLink.click();
  await registration.submitProfile(someone('denied.example'));
  const reason = page.getByText('Registrations from denied.example are not accepted.');
  await expect(reason).toBeVisible();
  // The widget puts it with the field it names, and keeps the form.
  await expect(registration.email).toHaveAttribute('aria-invalid', 'true');
  await expect(registration.profileHeading).toBeVisible();

  await registration.submitProfile(someone('example.test'));
  await expect(registration.passwordHeading).toBeVisible();
});

test('when the hook fails, the registration ends on Okta’s generic error', async ({ page, registration }) => {
  await page.goto(hostedSignInUrl(org));
  await registration.signUpLink.click();
  const person = someone('broken.example');
  await registration.submitProfile(person);
  await expect(page.getByText('There was an error creating your account. Please try registering again.')).toBeVisible();
  await expect(registration.passwordHeading).toBeHidden();
  // A terminal: the form is gone, and the way on is a new start.
  await expect(registration.profileHeading).toBeHidden();
  await expect(page.getByRole('link', { name: 'Back to sign in' })).toBeVisible();
  expect(await org.ctx.store.userByLogin(person.email)).toBeUndefined();
});
