/**
 * Registration with "Email verification required before access", as the web app's profile enrollment
 * policy asks (devorg's e2e org gives the web app `registrationActivation: "email"`): on the Okta-hosted
 * sign-in page the real widget signs the visitor up, then shows Okta's terminal "To finish signing in,
 * check your email."; the activation email's link activates the account, which then signs in to the app.
 */
import { expect, requires, test } from './fixtures';

requires('registration', 'outbox');

test('a visitor signs up, is told to check their email, activates by the link, then signs in', async ({
  page,
  registration,
  registrant,
  outbox,
  okta,
  signIn,
  webApp,
}) => {
  await webApp.open('/profile');
  await registration.signUpLink.click();
  await registration.submitProfile(registrant);
  await registration.setPassword(registrant.password);

  await expect(page.getByText('To finish signing in, check your email.')).toBeVisible();
  await expect(signIn.backToSignIn).toBeVisible();
  expect((await okta.userApi.getUser({ userId: registrant.email })).status).toBe('PROVISIONED');
  const mail = await outbox.next(registrant.email);
  expect(mail).toMatchObject({ kind: 'email', purpose: 'activation' });

  await page.goto(mail.link ?? 'about:blank');
  await expect(page.getByRole('heading', { name: 'Your account is activated' })).toBeVisible();
  expect((await okta.userApi.getUser({ userId: registrant.email })).status).toBe('ACTIVE');

  await webApp.open('/profile');
  await webApp.signInOnHostedPage(signIn, outbox, { login: registrant.email, email: registrant.email, password: registrant.password });
  await expect(webApp.claim('email')).toHaveText(registrant.email);
});
