/**
 * Fixtures: an Okta management client for the target org, a fresh user per test (created through
 * @okta/okta-sdk-nodejs, deleted afterwards even when the test fails), a would-be registrant (unique
 * address; whatever account the test registers for it is deleted afterwards), devorg's outbox (the
 * codes it "emails" and "texts"), and a guard that fails the test on any CSP violation or uncaught
 * page error.
 */
import { randomBytes } from 'node:crypto';
import { test as base, expect, type APIRequestContext } from '@playwright/test';
import { Client } from '@okta/okta-sdk-nodejs';
import { E2E } from '../playwright.config';
import { resolveTarget, unmetNeeds, type Capability } from './target';
import { RegistrationPage } from './pages/registration-page';
import { SignInPage } from './pages/sign-in-page';

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

export interface OutboxMessage {
  id: string;
  to: string;
  kind: 'email' | 'sms';
  code: string;
  purpose: string;
  created: string;
}

/**
 * devorg's outbox (`GET /dev/api/outbox`, SSWS-authenticated). A real org has none: tests that read
 * codes run against devorg only.
 */
export class Outbox {
  constructor(private readonly request: APIRequestContext) {}

  async messages(to: string): Promise<OutboxMessage[]> {
    const res = await this.request.get(`${E2E.orgUrl}/dev/api/outbox`, {
      params: { to },
      headers: { Authorization: `SSWS ${E2E.apiToken}`, Accept: 'application/json' },
    });
    expect(res.status(), await res.text()).toBe(200);
    return (await res.json()) as OutboxMessage[];
  }

  /** Waits for a message to `to` (other than those in `seen`) and returns it. */
  async next(to: string, seen: readonly OutboxMessage[] = []): Promise<OutboxMessage> {
    const old = new Set(seen.map((m) => m.id));
    let found: OutboxMessage | undefined;
    await expect
      .poll(
        async () => {
          found = (await this.messages(to)).find((m) => !old.has(m.id));
          return found !== undefined;
        },
        { message: `a message to ${to}` },
      )
      .toBe(true);
    return found as OutboxMessage;
  }
}

interface Fixtures {
  okta: Client;
  user: TestUser;
  registrant: Registrant;
  outbox: Outbox;
  signIn: SignInPage;
  registration: RegistrationPage;
  pageGuard: void;
}

export const test = base.extend<Fixtures>({
  // eslint-disable-next-line no-empty-pattern -- Playwright reads a fixture's dependencies from this pattern; it has none.
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

  registrant: async ({ okta }, use, testInfo) => {
    const tag = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
    const registrant = {
      email: `signup.${tag}@example.test`,
      firstName: 'Rita',
      lastName: `Registrant ${testInfo.workerIndex}`,
      password: `Reg-${randomBytes(6).toString('base64url')}7k`,
    };
    await use(registrant);
    // Whatever the test registered goes away again (Okta: first DELETE deactivates, second deletes).
    const existing = await okta.userApi.getUser({ userId: registrant.email }).catch(() => undefined);
    if (existing?.id) {
      await okta.userApi.deleteUser({ userId: existing.id });
      await okta.userApi.deleteUser({ userId: existing.id });
    }
  },

  outbox: async ({ request }, use) => {
    await use(new Outbox(request));
  },

  registration: async ({ page }, use) => {
    await use(new RegistrationPage(page));
  },

  signIn: async ({ page, outbox }, use) => {
    await use(new SignInPage(page, outbox));
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

const target = resolveTarget(process.env);

/**
 * Declares what the tests in scope need from the org (see e2e/target.ts). On an org that doesn't offer
 * it they are skipped, with the reason in the report — never silently passed.
 */
export function requires(...needs: Capability[]): void {
  const reason = unmetNeeds(target, needs);
  test.skip(reason !== undefined, reason);
}
