/**
 * Alphanumeric one-time codes (`codes.format: "alphanumeric"`), through the real Sign-In Widget on an
 * org with that setting. The e2e devorg keeps Okta's default digits (every other spec types its codes),
 * so this spec starts its own devorg (e2e/support/own-org.ts) and signs in on its Okta-hosted page, where
 * the org serves the widget itself: the email code it sends is six letters and digits, the code form says
 * `format: "alphanumeric"`, and the code typed in lower case is accepted.
 */
import { defaultConfig } from '../devorg/config';
import { makeUser, PASSWORD } from '../devorg/testing/harness';
import { expect, requires, test } from './fixtures';
import { hostedSignInUrl, returnToClient, startOwnOrg, type OwnOrg } from './support/own-org';

requires('outbox');

let org: OwnOrg;
test.beforeAll(async () => {
  org = await startOwnOrg({ codes: { ...defaultConfig().codes, format: 'alphanumeric' } });
});
test.afterAll(async () => org.stop());

test('the emailed code is letters and digits, the form says so, and the widget takes it in any case', async ({ page, signIn }) => {
  const user = await makeUser(org);
  await page.goto(hostedSignInUrl(org));
  await expect(page).toHaveTitle(/Sign In/);
  await signIn.identify(user.profile.login);
  const enrollForm = page.waitForResponse((r) => r.url().endsWith('/idp/idx/challenge/answer'));
  await signIn.enterPassword(PASSWORD);

  // The first sign-in of an API-created user sets the email up: its code form.
  const doc = (await (await enrollForm).json()) as {
    remediation: { value: { name: string; value: { name: string; form?: { value: { name: string; format?: string }[] } }[] }[] };
  };
  const enroll = doc.remediation.value.find((r) => r.name === 'enroll-authenticator');
  const passcode = enroll?.value.find((f) => f.name === 'credentials')?.form?.value.find((f) => f.name === 'passcode');
  expect(passcode).toMatchObject({ name: 'passcode', format: 'alphanumeric' });

  await expect.poll(async () => (await org.ctx.store.outbox({ to: user.profile.email, limit: 1 })).length).toBe(1);
  const [mail] = await org.ctx.store.outbox({ to: user.profile.email, limit: 1 });
  expect(mail?.code).toMatch(/^[A-Z0-9]{6}$/);

  const back = returnToClient(page);
  await signIn.enterCode(mail!.code.toLowerCase());
  await expect(signIn.continueWithoutOptional).toBeVisible();
  await signIn.submit(signIn.continueWithoutOptional);
  expect(new URL((await back).url()).searchParams.get('code')).toBeTruthy();
});
