/**
 * The server-side web app (web/: Express + express-session + @okta/oidc-middleware, unmodified) against
 * devorg, as Okta's redirect-model guide runs it: the protected page sends the browser to the org's
 * hosted sign-in page (password + emailed code), the middleware redeems the code with the app's client
 * secret and puts the userinfo in `req.userContext`; sign-out revokes the tokens and ends the org session;
 * and a wrong client secret, which the org really refuses, is a clear page, not a stack trace.
 */
import { expect, test } from './fixtures';
import { seriousViolations } from './support/axe';

test('the profile page asks for a sign-in with MFA on the hosted page, then shows the user from req.userContext', async ({
  page,
  okta,
  signIn,
  outbox,
  user,
  webApp,
}) => {
  // A name is text, whatever it holds: the profile escapes every claim (and the CSP would report a script).
  const lastName = `<img src=x onerror=alert(1)> "Tester" & co`;
  await okta.userApi.updateUser({ userId: user.id, user: { profile: { lastName } } });

  await webApp.open('/profile');
  await webApp.signInOnHostedPage(signIn, outbox, user);

  await expect(page).toHaveURL(`${webApp.baseUrl}/profile`);
  await expect(webApp.heading).toHaveText('Your profile');
  await expect(webApp.claim('email')).toHaveText(user.email);
  await expect(webApp.claim('preferred_username')).toHaveText(user.login);
  await expect(webApp.claim('name')).toHaveText(`${user.firstName} ${lastName}`);
  await expect(webApp.claim('family_name')).toHaveText(lastName);
  await expect(webApp.claim('sub')).toHaveText(user.id);
  await expect(page.getByRole('img')).toHaveCount(0);
  expect(await seriousViolations(page), 'the profile page').toEqual([]);

  await webApp.open('/');
  await expect(webApp.heading).toHaveText(`Hi ${user.firstName} ${lastName}!`);
  expect(await seriousViolations(page), 'the home page, signed in').toEqual([]);
});

test('sign-out ends the app session and the org session: the profile asks for a sign-in again', async ({
  page,
  signIn,
  outbox,
  user,
  webApp,
}) => {
  await webApp.open('/');
  await expect(webApp.heading).toHaveText('Welcome');
  await webApp.signInLink.click();
  await webApp.signInOnHostedPage(signIn, outbox, user);
  await expect(webApp.heading).toHaveText(`Hi ${user.firstName} ${user.lastName}!`);

  // POST /logout: the middleware revokes the tokens and sends the browser to the org's /v1/logout, which
  // ends the org session and returns to the app's sign-out redirect URI.
  await webApp.signOutButton.click();
  await expect(page).toHaveURL(`${webApp.baseUrl}/`);
  await expect(webApp.heading).toHaveText('Welcome');
  await expect(webApp.signInLink).toBeVisible();

  // Without the org session, the hosted page asks again (with it, the org would send a code at once).
  await webApp.profileLink.click();
  await expect(page).toHaveTitle(/Sign In/);
  await expect(signIn.username).toBeVisible();
});

test('with a wrong client secret the org refuses the code exchange, and the app says so', async ({
  page,
  signIn,
  outbox,
  user,
  webAppWithWrongSecret: app,
}) => {
  await app.open('/');
  await app.signInLink.click();
  await app.signInOnHostedPage(signIn, outbox, user);

  await expect(page).toHaveURL(new RegExp(`^${app.baseUrl}/authorization-code/callback\\?`));
  await expect(app.heading).toHaveText('Sign-in failed');
  await expect(app.alert).toHaveText("Sign-in failed: the app's client secret was refused by the org (invalid_client).");
  await expect(page.getByText(/\bat .+\.(js|ts):\d+/)).toHaveCount(0);
  // Nobody is signed in to the app.
  await expect(app.signInLink).toBeVisible();
  expect(await seriousViolations(page), 'the error page').toEqual([]);
});
