/**
 * Fixtures: an Okta management client for the target org, a fresh user per test (created through
 * @okta/okta-sdk-nodejs, deleted afterwards even when the test fails), and a guard that fails the
 * test on any CSP violation or uncaught page error.
 */
import { randomBytes } from 'node:crypto';
import { test as base, expect } from '@playwright/test';
import { Client } from '@okta/okta-sdk-nodejs';
import { E2E } from '../playwright.config';
import { SignInPage } from './pages/sign-in-page';

export interface TestUser {
  id: string;
  login: string;
  email: string;
  firstName: string;
  lastName: string;
  password: string;
}

interface Fixtures {
  okta: Client;
  user: TestUser;
  signIn: SignInPage;
  pageGuard: void;
}

export const test = base.extend<Fixtures>({
  okta: async ({}, use) => {
    // cacheMiddleware: null — the SDK would otherwise serve stale users changed by sign-ins.
    await use(new Client({ orgUrl: E2E.orgUrl, token: E2E.apiToken, cacheMiddleware: null }));
  },

  user: async ({ okta }, use, testInfo) => {
    const tag = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
    const login = `e2e.${tag}@example.test`;
    const password = `Pw-${randomBytes(6).toString('base64url')}9a`;
    const firstName = 'Ada';
    const lastName = `Tester ${testInfo.workerIndex}`;
    const created = await okta.userApi.createUser({
      body: { profile: { login, email: login, firstName, lastName }, credentials: { password: { value: password } } },
      activate: true,
    });
    const id = created.id as string;
    await use({ id, login, email: login, firstName, lastName, password });
    // Okta: the first DELETE deactivates, the second deletes.
    await okta.userApi.deleteUser({ userId: id });
    await okta.userApi.deleteUser({ userId: id });
  },

  signIn: async ({ page }, use) => {
    await use(new SignInPage(page));
  },

  pageGuard: [
    async ({ page }, use) => {
      const problems: string[] = [];
      page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
      await page.addInitScript(() => {
        document.addEventListener('securitypolicyviolation', (e) => {
          console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`);
        });
      });
      page.on('console', (msg) => {
        if (msg.type() === 'error' && msg.text().startsWith('CSP violation')) problems.push(msg.text());
      });
      await use();
      expect(problems, 'the page must not throw or violate its CSP').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
