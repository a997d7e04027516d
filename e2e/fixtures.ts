/**
 * Fixtures: an Okta management client for the target org, a fresh user per test (created through
 * @okta/okta-sdk-nodejs, deleted afterwards even when the test fails), a would-be registrant (unique
 * address; whatever account the test registers for it is deleted afterwards), devorg's outbox (the
 * codes it "emails" and "texts"), and a guard that fails the test on any CSP violation or uncaught
 * page error.
 */
import { randomBytes } from 'node:crypto';
import { test as base, expect, type APIRequestContext, type BrowserContext, type Page } from '@playwright/test';
import type { Client } from '@okta/okta-sdk-nodejs';
import { E2E } from '../playwright.config';
import { deleteUserCompletely, managementClient, statusOf } from './management-client';
import { AuthenticatorsPage } from './pages/authenticators-page';
import { DashboardPage } from './pages/dashboard-page';
import { OrgSession } from './pages/org-session';
import { RecoveryPage } from './pages/recovery-page';
import { RegistrationPage } from './pages/registration-page';
import { SignInPage } from './pages/sign-in-page';
import { requires, target } from './support/capabilities';
import { Outbox, type CodeSource } from './support/outbox';

export interface TestUser {
  id: string;
  login: string;
  email: string;
  firstName: string;
  lastName: string;
  password: string;
}

export interface Registrant {
  email: string;
  firstName: string;
  lastName: string;
  password: string;
}

/** The page objects of one tab: the test's own page, another tab, or a restarted browser's. */
export interface Tab {
  page: Page;
  signIn: SignInPage;
  dashboard: DashboardPage;
  orgSession: OrgSession;
}

/**
 * Where page objects read the codes the org sends: devorg's outbox where the target offers one.
 * Without it they still sign in where the org asks for no code (and say so where it does).
 */
function codesOn(request: APIRequestContext): CodeSource | undefined {
  return target.capabilities.has('outbox') ? new Outbox(request) : undefined;
}

function tabOf(page: Page, codes: CodeSource | undefined): Tab {
  const dashboard = new DashboardPage(page);
  return { page, dashboard, signIn: new SignInPage(page, dashboard, codes), orgSession: new OrgSession(page.context()) };
}

/** Time for a user fixture's set-up and clean-up, rate-limit back-off included (MAX_WAIT_MS is 65 s). */
const CLEANUP_TIMEOUT_MS = 150_000;

interface Fixtures {
  okta: Client;
  user: TestUser;
  registrant: Registrant;
  outbox: Outbox;
  signIn: SignInPage;
  dashboard: DashboardPage;
  registration: RegistrationPage;
  recovery: RecoveryPage;
  authenticators: AuthenticatorsPage;
  orgSession: OrgSession;
  /** Opens another tab of the test's browser (closed after the test). */
  newTab: () => Promise<Tab>;
  /**
   * The same browser after a restart: a new context holding only the persistent cookies (browser-session
   * cookies die with the browser). The portal's stored tokens are left behind on purpose, so what the
   * next sign-in meets is the org session alone (as when the portal's tokens have expired). Closed after
   * the test.
   */
  restartBrowser: () => Promise<Tab>;
  pageGuard: void;
}

export const test = base.extend<Fixtures>({
  // eslint-disable-next-line no-empty-pattern -- Playwright reads a fixture's dependencies from this pattern; it has none.
  okta: async ({}, use) => {
    // Calls are serialised per worker and back off on 429 until X-Rate-Limit-Reset (./management-client).
    await use(managementClient(E2E.orgUrl, E2E.apiToken));
  },

  // Own timeouts: waiting out a rate-limit window must neither eat the test's time nor skip the clean-up.
  user: [
    async ({ okta }, use, testInfo) => {
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
      // Runs when the test failed too; a user the test deleted itself is fine.
      await deleteUserCompletely(okta, id);
    },
    { timeout: CLEANUP_TIMEOUT_MS },
  ],

  registrant: [
    async ({ okta }, use, testInfo) => {
      const tag = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
      const registrant = {
        email: `signup.${tag}@example.test`,
        firstName: 'Rita',
        lastName: `Registrant ${testInfo.workerIndex}`,
        password: `Reg-${randomBytes(6).toString('base64url')}7k`,
      };
      await use(registrant);
      // Whatever the test registered goes away again; only "no such user" means there is nothing to do.
      const existing = await okta.userApi.getUser({ userId: registrant.email }).catch((err: unknown) => {
        if (statusOf(err) === 404) return undefined;
        throw err;
      });
      if (existing?.id) await deleteUserCompletely(okta, existing.id);
    },
    { timeout: CLEANUP_TIMEOUT_MS },
  ],

  // A test that reads codes can't run on an org without an outbox: skipped with the reason.
  outbox: async ({ request }, use) => {
    requires('outbox');
    await use(new Outbox(request));
  },

  signIn: async ({ page, dashboard, request }, use) => {
    await use(new SignInPage(page, dashboard, codesOn(request)));
  },

  dashboard: async ({ page }, use) => {
    await use(new DashboardPage(page));
  },

  registration: async ({ page }, use) => {
    await use(new RegistrationPage(page));
  },

  recovery: async ({ page }, use) => {
    await use(new RecoveryPage(page));
  },

  authenticators: async ({ page, signIn }, use) => {
    await use(new AuthenticatorsPage(page, signIn));
  },

  orgSession: async ({ context }, use) => {
    await use(new OrgSession(context));
  },

  newTab: async ({ context, request }, use) => {
    const opened: Page[] = [];
    await use(async () => {
      const page = await context.newPage();
      opened.push(page);
      return tabOf(page, codesOn(request));
    });
    for (const page of opened) await page.close();
  },

  restartBrowser: async ({ browser, context, request }, use) => {
    const restarted: BrowserContext[] = [];
    await use(async () => {
      const state = await context.storageState();
      const next = await browser.newContext({
        baseURL: E2E.portalUrl,
        locale: 'en-US',
        storageState: { cookies: state.cookies.filter((c) => c.expires !== -1), origins: [] },
      });
      restarted.push(next);
      return tabOf(await next.newPage(), codesOn(request));
    });
    for (const next of restarted) await next.close();
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

export { expect, requires };
