/**
 * Phone by voice call through the real widget: the enrollment form offers "Voice call" beside SMS, the
 * call lands in the outbox (kind `voice`), and the next sign-in asks how to send the code, under the
 * number as Okta masks it, with "Receive a voice call instead".
 */
import { randomInt } from 'node:crypto';
import { expect, requires, test } from './fixtures';

requires('mfa', 'outbox');

test.setTimeout(60_000);

test('Phone by voice call: set up with "Voice call", then verified by a call under the masked number', async ({
  page,
  user,
  signIn,
  outbox,
  dashboard,
  authenticators,
}) => {
  // A number of this test's own, so parallel tests never read each other's calls.
  const last4 = String(randomInt(10_000)).padStart(4, '0');
  const national = `415555${last4}`;
  const phone = `+1${national}`;
  await signIn.open();
  await signIn.identify(user.login);
  const seen = await outbox.messages(user.email);
  await signIn.enterPassword(user.password);
  await signIn.enterCode((await outbox.next(user.email, seen)).code);

  await authenticators.setUp('Phone');
  await expect(page.getByRole('radio', { name: 'SMS' })).toBeVisible();
  await authenticators.choose('Voice call');
  await page.getByLabel('Phone number').fill(national);
  const callsSeen = await outbox.messages(phone);
  const call = page.getByRole('button', { name: 'Receive a code via voice call' });
  await expect(call).toBeVisible();
  await call.click();
  const enrollCall = await outbox.next(phone, callsSeen);
  expect(enrollCall).toMatchObject({ kind: 'voice', purpose: 'enrollment' });
  await signIn.enterCode(enrollCall.code);
  await signIn.skipOptionalIfOffered();
  await expect(dashboard.welcome).toBeVisible();
  await dashboard.signOut();

  await signIn.open();
  await signIn.signInWithoutSecondFactor(user.login, user.password);
  await authenticators.select('Phone');
  // "Send a code via SMS to +1 XXX-XXX-1234." — the number as Okta masks it, never in full.
  await expect(page.getByText(`+1 XXX-XXX-${last4}`)).toBeVisible();
  await expect(page.getByText(national)).toHaveCount(0);
  const verifySeen = await outbox.messages(phone);
  await authenticators.sendPhoneCode('Voice call');
  const verifyCall = await outbox.next(phone, verifySeen);
  expect(verifyCall).toMatchObject({ kind: 'voice', purpose: 'verification' });
  await signIn.enterCode(verifyCall.code);
  await expect(dashboard.welcome).toBeVisible();
  expect(await dashboard.idTokenClaims()).toMatchObject({ sub: user.id, amr: ['pwd', 'sms', 'mfa'] });
});
