/**
 * Alphanumeric one-time codes (`codes.format: "alphanumeric"`), through the real Sign-In Widget on an
 * org with that setting. The e2e devorg keeps Okta's default digits (every other spec types its codes),
 * so this spec starts its own devorg in-process (devorg/testing/listening-org.ts, an ephemeral loopback
 * port) and signs in on its Okta-hosted page, where the org serves the widget itself: the email code
 * it sends is six letters and digits, the code form says `format: "alphanumeric"`, and the code typed
 * in lower case is accepted. The test is the OAuth client, as in e2e/hosted-sign-in.spec.ts.
 */
import { createHash, randomBytes } from 'node:crypto';
import { defaultConfig } from '../devorg/config';
import { makeUser, PASSWORD, REDIRECT_URI } from '../devorg/testing/harness';
import { startListeningOrg, type ListeningOrg } from '../devorg/testing/listening-org';
import { expect, requires, test } from './fixtures';

requires('outbox');

let org: ListeningOrg;
test.beforeAll(async () => {
  const defaults = defaultConfig();
  org = await startListeningOrg({ config: { policies: defaults.policies, codes: { ...defaults.codes, format: 'alphanumeric' } } });
});
test.afterAll(async () => org.stop());

function authorizeUrl(): string {
  const query = new URLSearchParams({
    client_id: defaultConfig().apps[0]!.clientId,
    response_type: 'code',
    scope: 'openid profile email',
    redirect_uri: REDIRECT_URI,
    state: randomBytes(12).toString('base64url'),
    nonce: randomBytes(12).toString('base64url'),
    code_challenge: createHash('sha256').update(randomBytes(32).toString('base64url')).digest('base64url'),
    code_challenge_method: 'S256',
  });
  return `${org.issuer}/v1/authorize?${query}`;
}

test('the emailed code is letters and digits, the form says so, and the widget takes it in any case', async ({ page, signIn }) => {
  const user = await makeUser(org);
  await page.goto(authorizeUrl());
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

  const back = page.waitForRequest((r) => r.isNavigationRequest() && r.url().startsWith(`${REDIRECT_URI}?`));
  await signIn.enterCode(mail!.code.toLowerCase());
  await expect(signIn.continueWithoutOptional).toBeVisible();
  await signIn.submit(signIn.continueWithoutOptional);
  expect(new URL((await back).url()).searchParams.get('code')).toBeTruthy();
});
